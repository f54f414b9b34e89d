// S3's CORS rules: what PutBucketCors accepts, which rule a request matches and the headers it answers with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCorsRules, corsHeaders, matchCorsRule, requestedHeaders, type CorsRequest, type CorsRule } from './cors.js';

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

test('requestedHeaders: comma separated, with or without spaces, lower-cased', () => {
  assert.deepEqual(requestedHeaders('X-Amz-Date, x-amz-content-sha256,Content-Type'), ['x-amz-date', 'x-amz-content-sha256', 'content-type']);
  assert.deepEqual(requestedHeaders(undefined), []);
  assert.deepEqual(requestedHeaders(' , '), []);
});

const request = (origin: string, method = 'GET', headers: string[] = []): CorsRequest => ({ origin, method, headers });

test('matchCorsRule: origin with one wildcard, method, every requested header; the first fitting rule wins', () => {
  const site: CorsRule = { ID: 'site', AllowedOrigins: ['https://app.example.com', 'http://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['x-amz-*', 'Content-Type'] };
  const any: CorsRule = { ID: 'any', AllowedOrigins: ['*'], AllowedMethods: ['GET'] };
  const rules = [site, any];
  assert.equal(matchCorsRule(rules, request('https://app.example.com', 'PUT'))?.rule.ID, 'site');
  assert.equal(matchCorsRule(rules, request('http://test.example.com', 'PUT'))?.allowedOrigin, 'http://*.example.com');
  // A trailing slash is another origin (recorded: test_cors_options_fails_partial_origin).
  assert.equal(matchCorsRule(rules, request('http://test.example.com/', 'PUT')), null);
  assert.equal(matchCorsRule(rules, request('https://other.org', 'PUT')), null);
  // Not the site's: the next rule takes it.
  assert.equal(matchCorsRule(rules, request('https://other.org', 'GET'))?.rule.ID, 'any');
  assert.equal(matchCorsRule(rules, request('https://app.example.com', 'DELETE')), null);
  // Header names match case-insensitively, with the wildcard; every one must be allowed.
  assert.equal(matchCorsRule(rules, request('https://app.example.com', 'PUT', ['x-amz-date', 'content-type']))?.rule.ID, 'site');
  assert.equal(matchCorsRule(rules, request('https://app.example.com', 'PUT', ['x-amz-date', 'authorization'])), null);
  // A rule without AllowedHeaders allows none.
  assert.equal(matchCorsRule([any], request('https://x.org', 'GET', ['x-amz-date'])), null);
  assert.equal(matchCorsRule([{ ...any, AllowedHeaders: ['*'] }], request('https://x.org', 'GET', ['x-anything']))?.rule.ID, 'any');
  assert.equal(matchCorsRule([{ ...any, AllowedHeaders: ['X-AMZ-Server-SIDE-Encryption'] }], request('https://x.org', 'GET', ['x-amz-server-side-encryption']))?.rule.ID, 'any');
});

test('corsHeaders: the request origin with credentials, or a bare *; Allow-Headers on preflights only', () => {
  const rule: CorsRule = { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 3000 };
  const asked = request('https://app.example.com', 'PUT', ['x-amz-date', 'content-type']);
  assert.deepEqual(corsHeaders({ rule, allowedOrigin: 'https://app.example.com' }, asked, true), {
    'Access-Control-Allow-Origin': 'https://app.example.com',
    'Access-Control-Allow-Methods': 'GET, PUT',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Headers': 'x-amz-date, content-type',
    'Access-Control-Expose-Headers': 'ETag, x-amz-request-id',
    'Access-Control-Max-Age': '3000',
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
  const actual = corsHeaders({ rule, allowedOrigin: 'https://app.example.com' }, asked, false);
  assert.equal(actual['Access-Control-Allow-Headers'], undefined);
  assert.equal(actual['Access-Control-Max-Age'], '3000');
  const wildcard = corsHeaders({ rule: { AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, allowedOrigin: '*' }, request('http://random:1234'), true);
  assert.deepEqual(wildcard, {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET',
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
});
