import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from './wildcard.js';
import { compileArnPattern, parseArn } from './arn.js';

test('globs: * spans anything, ? one character, case rules', () => {
  assert.equal(compileGlob('s3:Get*')('s3:GetObject'), true);
  assert.equal(compileGlob('s3:Get*')('s3:getobject'), false);
  assert.equal(compileGlob('s3:get*', true)('S3:GETOBJECT'), true);
  assert.equal(compileGlob('a?c')('abc'), true);
  assert.equal(compileGlob('a?c')('abbc'), false);
  assert.equal(compileGlob('*/x')('a/b/x'), true);
  assert.equal(compileGlob('a.c')('abc'), false, 'regex characters are literal');
  assert.equal(compileGlob('exact')('exact'), true);
  assert.equal(compileGlob('exact')('exactly'), false);
});

test('ARN patterns keep wildcards inside their segment, except in the resource part', () => {
  assert.equal(compileArnPattern('arn:aws:s3:::bucket/*')('arn:aws:s3:::bucket/a/b:c'), true);
  assert.equal(compileArnPattern('arn:aws:s3:::bucket/*')('arn:aws:s3:::bucket2/a'), false);
  assert.equal(compileArnPattern('arn:aws:iam::*:role/x')('arn:aws:iam::111122223333:role/x'), true);
  assert.equal(compileArnPattern('arn:aws:iam::*:role/x')('arn:aws:iam::1:2:role/x'), false);
  assert.equal(compileArnPattern('arn:aws:*:*:*:*')('arn:aws:kms:us-east-1:111122223333:key/1'), true);
  assert.equal(compileArnPattern('arn:aws:kms:*:111122223333:key/*')('arn:aws:kms:eu-west-1:111122223333:key/k'), true);
  assert.equal(compileArnPattern('arn:aws:kms:*:111122223333:key/*')('arn:aws:kms:eu-west-1:444455556666:key/k'), false);
  assert.equal(compileArnPattern('*')('anything'), true);
});

test('parseArn splits five colons and keeps the resource whole', () => {
  assert.deepEqual(parseArn('arn:aws:sts::111122223333:assumed-role/R/s'), {
    partition: 'aws', service: 'sts', region: '', account: '111122223333', resource: 'assumed-role/R/s',
  });
  assert.equal(parseArn('arn:aws:s3:::b/k:with:colons')?.resource, 'b/k:with:colons');
  assert.equal(parseArn('not-an-arn'), null);
});
