// S3's CORS rules: what PutBucketCors accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCorsRules } from './cors.js';

const refusal = (rules: unknown) => {
  try {
    checkCorsRules(rules);
    return 'accepted';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
};

test('checkCorsRules: methods, rule count, one wildcard per origin and header', () => {
  const rule = (extra: object = {}) => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ...extra });
  assert.equal(refusal([rule({ AllowedMethods: ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'] })]), 'accepted');
  assert.equal(refusal([rule({ AllowedMethods: ['GET', 'PATCH'] })]), 'InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
  // Methods are case-sensitive, as HTTP's are.
  assert.match(refusal([rule({ AllowedMethods: ['get'] })]), /Unsupported method is get$/);
  assert.equal(refusal([]), 'MalformedXML: The XML you provided was not well-formed or did not validate against our published schema');
  assert.equal(refusal(Array.from({ length: 100 }, () => rule())), 'accepted');
  assert.equal(refusal(Array.from({ length: 101 }, () => rule())), 'InvalidRequest: The number of CORS rules should not exceed allowed limit of 100 rules.');
  assert.equal(refusal([rule({ AllowedOrigins: ['http://*.example.com'] })]), 'accepted');
  assert.equal(refusal([rule({ AllowedOrigins: ['http://*.*.com'] })]), 'InvalidRequest: AllowedOrigin "http://*.*.com" can not have more than one wildcard.');
  assert.equal(refusal([rule({ AllowedHeaders: ['x-amz-*'] })]), 'accepted');
  assert.equal(refusal([rule({ AllowedHeaders: ['*-amz-*'] })]), 'InvalidRequest: AllowedHeader "*-amz-*" can not have more than one wildcard.');
  assert.match(refusal([{ AllowedOrigins: ['*'] }]), /^MalformedXML/);
  assert.match(refusal([{ AllowedMethods: ['GET'] }]), /^MalformedXML/);
});
