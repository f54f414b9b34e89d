import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPostSignature, type PostSigningFields } from './post-signature.js';
import { deriveSigningKey, signatureHex } from './signing.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const POLICY = Buffer.from('{"expiration":"2030-01-01T00:00:00Z","conditions":[]}').toString('base64');
const NOW = new Date('2029-12-31T00:00:00Z');

function form(overrides: Partial<PostSigningFields> = {}): PostSigningFields {
  return {
    algorithm: 'AWS4-HMAC-SHA256', credential: 'AKIDEXAMPLE/20291231/us-east-1/s3/aws4_request', date: '20291231T000000Z',
    signature: signatureHex(deriveSigningKey(SECRET, '20291231', 'us-east-1', 's3'), POLICY), policy: POLICY, securityToken: undefined,
    ...overrides,
  };
}

const session = { secretAccessKey: SECRET, sessionToken: 'token-1' };
const deps = (stored: { secretAccessKey: string; sessionToken?: string } | null) => ({ now: NOW, lookupCredentials: () => stored });
const kindOf = (result: ReturnType<typeof verifyPostSignature>) => (result.ok ? 'ok' : result.failure.kind);

test('the signature is HMAC(signing key, base64 policy): a form signed so passes, a changed policy does not', () => {
  const result = verifyPostSignature(form(), deps({ secretAccessKey: SECRET }), 's3');
  assert.ok(result.ok);
  assert.deepEqual([result.accessKeyId, result.region], ['AKIDEXAMPLE', 'us-east-1']);
  const changed = verifyPostSignature(form({ policy: POLICY.slice(0, -2) }), deps({ secretAccessKey: SECRET }), 's3');
  assert.ok(!changed.ok && changed.failure.kind === 'SignatureDoesNotMatch' && changed.failure.stringToSign === POLICY.slice(0, -2));
});

test('temporary credentials need their session token as a field; long-term ones refuse one', () => {
  assert.equal(kindOf(verifyPostSignature(form(), deps(session), 's3')), 'InvalidSecurityToken');
  assert.equal(kindOf(verifyPostSignature(form({ securityToken: 'token-2' }), deps(session), 's3')), 'InvalidSecurityToken');
  assert.equal(kindOf(verifyPostSignature(form({ securityToken: 'token-1' }), deps(session), 's3')), 'ok');
  assert.equal(kindOf(verifyPostSignature(form({ securityToken: 'token-1' }), deps({ secretAccessKey: SECRET }), 's3')), 'InvalidSecurityToken');
});

test('the scope must name s3 and the signing date; an unknown key, a malformed field are named', () => {
  assert.equal(kindOf(verifyPostSignature(form({ credential: 'AKIDEXAMPLE/20291231/us-east-1/sqs/aws4_request' }), deps({ secretAccessKey: SECRET }), 's3')), 'CredentialScopeMismatch');
  assert.equal(kindOf(verifyPostSignature(form({ date: '20291230T000000Z' }), deps({ secretAccessKey: SECRET }), 's3')), 'CredentialScopeMismatch');
  assert.equal(kindOf(verifyPostSignature(form(), deps(null), 's3')), 'InvalidAccessKeyId');
  const malformed = verifyPostSignature(form({ algorithm: 'AWS4-HMAC-SHA1' }), deps({ secretAccessKey: SECRET }), 's3');
  assert.ok(!malformed.ok && malformed.failure.kind === 'MalformedPostField' && malformed.failure.field === 'X-Amz-Algorithm');
});
