// Rejections of verifyRequest and their per-protocol codes/messages (texts cited in error-mapping.ts).
// Base request: the SigV4 test suite's get-vanilla (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawHeader } from './canonical-headers.js';
import { describeAuthFailure } from './error-mapping.js';
import { deriveSigningKey, signaturesEqual } from './signing.js';
import { verifyRequest } from './verify.js';
import type { StoredCredentials, VerifyOptions, VerifyResult } from './verify.js';

const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const AUTH = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`;
const NOW = new Date('2015-08-30T12:36:00Z');
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function run(headers: RawHeader[], opts: VerifyOptions = {}, now = NOW, creds: StoredCredentials | null = { secretAccessKey: SECRET }, query = ''): VerifyResult<StoredCredentials> {
  return verifyRequest({ method: 'GET', path: '/', query, headers },
    { lookupCredentials: (id) => (id === 'AKIDEXAMPLE' ? creds : null), now }, { service: 'service', region: 'us-east-1', ...opts });
}
const vanilla = (auth = AUTH, date = '20150830T123600Z'): RawHeader[] => [['Host', 'example.amazonaws.com'], ['X-Amz-Date', date], ['Authorization', auth]];

function failure(r: VerifyResult<StoredCredentials>): { kind: string; code: string; message: string; httpStatus: number } {
  if (r.ok) assert.fail('expected a rejection');
  return { kind: r.kind, code: r.code, message: r.message, httpStatus: r.httpStatus };
}

test('get-vanilla verifies and reports who signed', () => {
  const r = run(vanilla());
  assert.equal(r.ok, true);
  if (r.ok) assert.deepEqual([r.accessKeyId, r.region, r.service, r.signedHeaders, r.form], ['AKIDEXAMPLE', 'us-east-1', 'service', ['host', 'x-amz-date'], 'header']);
});

test('no authentication at all', () => {
  assert.deepEqual(failure(run([['Host', 'example.amazonaws.com']])),
    { kind: 'MissingAuthentication', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token', httpStatus: 403 });
  assert.equal(failure(run([['Host', 'x']], { protocol: 'json' })).code, 'MissingAuthenticationTokenException');
  assert.equal(failure(run([['Host', 'x']], { protocol: 'rest-xml' })).code, 'AccessDenied');
});

test('incomplete Authorization header lists every missing part', () => {
  const auth = `AWS4-HMAC-SHA256 Credential=${SCOPE}`;
  const f = failure(run([['Host', 'example.amazonaws.com'], ['Authorization', auth]]));
  assert.equal(f.code, 'IncompleteSignature');
  assert.equal(f.message, "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
    `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth}`);
});

test('unknown access key and wrong secret', () => {
  const unknown = run(vanilla(AUTH.replace('AKIDEXAMPLE', 'AKIDOTHER')));
  assert.deepEqual(failure(unknown), { kind: 'InvalidAccessKeyId', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', httpStatus: 403 });
  if (!unknown.ok) {
    assert.equal(describeAuthFailure(unknown.failure, 'json').code, 'UnrecognizedClientException');
    assert.equal(describeAuthFailure(unknown.failure, 'rest-xml').message, 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const wrong = failure(run(vanilla(), {}, NOW, { secretAccessKey: 'other' }));
  assert.equal(wrong.kind, 'SignatureDoesNotMatch');
  assert.match(wrong.message, /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key/);
  assert.equal(failure(run(vanilla(), { protocol: 'json' }, NOW, { secretAccessKey: 'other' })).code, 'InvalidSignatureException');
});

test('clock skew: 15 minutes either way', () => {
  assert.equal(run(vanilla(), {}, new Date('2015-08-30T12:51:00Z')).ok, true, 'exactly 15 minutes is accepted');
  const late = failure(run(vanilla(), {}, new Date('2015-08-30T12:56:00Z')));
  assert.deepEqual(late, { kind: 'RequestExpired', code: 'SignatureDoesNotMatch', httpStatus: 403,
    message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)' });
  const early = failure(run(vanilla(), { protocol: 'json' }, new Date('2015-08-30T12:00:00Z')));
  assert.deepEqual(early, { kind: 'RequestNotYetValid', code: 'InvalidSignatureException', httpStatus: 400,
    message: 'Signature not yet current: 20150830T123600Z is still later than 20150830T121500Z (20150830T120000Z + 15 min.)' });
  assert.equal(failure(run(vanilla(), { protocol: 'rest-xml' }, new Date('2015-08-30T12:56:00Z'))).code, 'RequestTimeTooSkewed');
});

test('malformed X-Amz-Date', () => {
  assert.equal(failure(run(vanilla(AUTH, '2015-08-30'))).message,
    "Date must be in ISO-8601 'basic format'. Got '2015-08-30'. See http://en.wikipedia.org/wiki/ISO_8601");
});

test('credential scope: wrong terminator, date and service', () => {
  const auth = AUTH.replace('20150830/us-east-1/service/aws4_request', '20150831/us-east-1/other/aws4_reques');
  const f = failure(run(vanilla(auth)));
  assert.equal(f.kind, 'CredentialScopeMismatch');
  assert.equal(f.message, "Credential should be scoped to correct service: 'service'. " +
    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reques'. " +
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
  assert.equal(failure(run(vanilla(auth), { protocol: 'rest-xml' })).message,
    'The authorization header is malformed; incorrect service "other". This endpoint belongs to "service".');
  assert.equal(failure(run(vanilla(AUTH.replace(SCOPE, 'AKIDEXAMPLE/20150830/us-east-1')))).kind, 'MalformedCredential');
});

test('host must be signed', () => {
  const f = failure(run(vanilla(AUTH.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date'))));
  assert.equal(f.kind, 'HostNotSigned');
});

test('session tokens: required when the credentials have one, and expiry', () => {
  const temp = { secretAccessKey: SECRET, sessionToken: 'tok' };
  assert.equal(failure(run(vanilla(), {}, NOW, temp)).kind, 'InvalidSecurityToken');
  assert.equal(failure(run([...vanilla(), ['X-Amz-Security-Token', 'tok']])).kind, 'InvalidSecurityToken');
  assert.equal(run([...vanilla(), ['X-Amz-Security-Token', 'tok']], {}, NOW, temp).ok, true);
  const expired = failure(run(vanilla(), {}, NOW, { ...temp, expiration: new Date('2015-08-30T12:00:00Z') }));
  assert.deepEqual(expired, { kind: 'ExpiredToken', code: 'ExpiredToken', message: 'The security token included in the request is expired', httpStatus: 403 });
});

const PRESIGN = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=41c6ab5d6bd6e1f4ba16fe7e6ad3b8ff9e0e3e2a9c1e0ac2e0af1e43dfe8e0d6';
const host: RawHeader[] = [['Host', 'example.amazonaws.com']];

test('presigned: X-Amz-Expires limits, expiry and missing parameters', () => {
  const tooLong = failure(run(host, { protocol: 'rest-xml' }, NOW, { secretAccessKey: SECRET }, PRESIGN.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801')));
  assert.deepEqual(tooLong, { kind: 'InvalidExpires', code: 'AuthorizationQueryParametersError', httpStatus: 400,
    message: 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds' });
  assert.equal(failure(run(host, {}, NOW, { secretAccessKey: SECRET }, PRESIGN.replace('X-Amz-Expires=3600', 'X-Amz-Expires=-1'))).message,
    'X-Amz-Expires must be non-negative');
  const expired = failure(run(host, { protocol: 'rest-xml', isS3: true }, new Date('2015-08-30T13:36:01Z'), { secretAccessKey: SECRET }, PRESIGN));
  assert.deepEqual([expired.kind, expired.code, expired.message], ['PresignExpired', 'AccessDenied', 'Request has expired']);
  // S3: within X-Amz-Expires but past 15 minutes is not a skew error, only the signature is checked.
  assert.equal(failure(run(host, { isS3: true }, new Date('2015-08-30T13:30:00Z'), { secretAccessKey: SECRET }, PRESIGN)).kind, 'SignatureDoesNotMatch');
  // Other services ignore X-Amz-Expires: a signature lives 15 minutes.
  assert.equal(failure(run(host, {}, new Date('2015-08-30T13:30:00Z'), { secretAccessKey: SECRET }, PRESIGN)).kind, 'RequestExpired');
  const noDate = failure(run(host, { protocol: 'json' }, NOW, { secretAccessKey: SECRET }, PRESIGN.replace('&X-Amz-Date=20150830T123600Z', '')));
  assert.deepEqual([noDate.code, noDate.message], ['IncompleteSignatureException',
    "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."]);
  assert.equal(failure(run(host, { protocol: 'rest-xml' }, NOW, { secretAccessKey: SECRET }, PRESIGN.replace('&X-Amz-Date=20150830T123600Z', ''))).message,
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  assert.equal(failure(run(vanilla(), {}, NOW, { secretAccessKey: SECRET }, PRESIGN)).kind, 'AmbiguousAuthentication');
});

test('S3 requires x-amz-content-sha256 and checks it against the body', () => {
  assert.equal(failure(run(vanilla(), { isS3: true })).code, 'InvalidRequest');
  assert.equal(failure(run([...vanilla(), ['x-amz-content-sha256', 'nope']], { isS3: true })).code, 'InvalidArgument');
});

test('signing keys are cached per secret/date/region/service; comparison is length-safe', () => {
  const a = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');
  assert.equal(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service'), a, 'same Buffer from the cache');
  assert.notEqual(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'other'), a);
  assert.equal(signaturesEqual('abc', 'abcd'), false);
  assert.equal(signaturesEqual('abc', 'abc'), true);
});
