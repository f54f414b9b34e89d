// Repository names, ARNs, ECR-shaped hosts and image URIs in both forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecrHost, isRepositoryName, parseImageUri, parseRepositoryArn, repositoryArn } from './names.js';

test('repository names follow the model pattern and length', () => {
  for (const ok of ['ab', 'team/app', 'a.b_c__d---e/f', 'x'.repeat(256)]) assert.ok(isRepositoryName(ok), ok);
  for (const bad of ['a', 'Team', 'a//b', '-a', 'a-', 'a/', 'x'.repeat(257), 'a___b']) assert.ok(!isRepositoryName(bad), bad);
});

test('ARNs', () => {
  assert.equal(repositoryArn('us-east-1', '111122223333', 'team/app'), 'arn:aws:ecr:us-east-1:111122223333:repository/team/app');
  assert.deepEqual(parseRepositoryArn('arn:aws:ecr:us-east-1:111122223333:repository/team/app'), { region: 'us-east-1', account: '111122223333', name: 'team/app' });
  assert.equal(parseRepositoryArn('arn:aws:s3:::bucket'), null);
});

test('ECR-shaped hosts name the account and region, with any suffix and port', () => {
  assert.deepEqual(ecrHost('111122223333.dkr.ecr.us-east-1.amazonaws.com'), { account: '111122223333', region: 'us-east-1' });
  assert.deepEqual(ecrHost('111122223333.dkr.ecr.eu-west-2.localhost:4566'), { account: '111122223333', region: 'eu-west-2' });
  assert.equal(ecrHost('127.0.0.1:4566'), null);
  assert.equal(ecrHost('localhost'), null);
});

test('image URIs in both forms, by tag, by digest, with latest by default', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseImageUri('127.0.0.1:5000/team/app:v1'), { registry: '127.0.0.1:5000', account: null, region: null, repository: 'team/app', tag: 'v1', digest: null });
  assert.deepEqual(parseImageUri(`111122223333.dkr.ecr.us-east-1.amazonaws.com/app@${digest}`), {
    registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', account: '111122223333', region: 'us-east-1', repository: 'app', tag: null, digest,
  });
  assert.equal(parseImageUri('127.0.0.1:5000/app')?.tag, 'latest');
  assert.equal(parseImageUri('app:v1'), null);
  assert.equal(parseImageUri('127.0.0.1:5000/App:v1'), null);
  assert.equal(parseImageUri('127.0.0.1:5000/app@sha256:zz'), null);
});
