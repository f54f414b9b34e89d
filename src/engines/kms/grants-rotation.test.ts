// Unit tests of KMS grants (a grantee allowed by a grant the key policy does not give,
// constraints on the encryption context, retire and revoke) and rotation (old ciphertexts
// still decrypt after rotation, on demand or automatic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGrant, listGrants, retireGrant, revokeGrant } from './grants.js';
import { decrypt, encrypt } from './crypto-operations.js';
import { createKey, describeKey } from './keys.js';
import { enableKeyRotation, getKeyRotationStatus, listKeyRotations, rotateKeyOnDemand } from './rotation.js';
import { callAs, Denied, testKms } from '../../../test/support/kms-fixture.js';
import { AwsError } from '../../core/aws-error.js';

const ROOT = 'arn:aws:iam::111122223333:root';
const BOB = 'arn:aws:iam::111122223333:role/bob';
const BOB_SESSION = 'arn:aws:sts::111122223333:assumed-role/bob/s1';

function setup() {
  const { kms, clock } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  return { kms, clock, root, key };
}

test('a grant lets its grantee use its operations without IAM or key-policy permission', () => {
  const { kms, root, key } = setup();
  const bob = callAs(BOB_SESSION);
  const sealed = encrypt(kms.context, root, key.keyId, Buffer.from('x'), { job: 'a' });
  assert.throws(() => decrypt(kms.context, bob, sealed.ciphertext, { job: 'a' }), (e: unknown) => e instanceof Denied);
  const grant = createGrant(kms.context, root, key.keyId, { granteePrincipal: BOB, operations: ['Decrypt'], retiringPrincipal: ROOT });
  assert.match(grant.grantId, /^[0-9a-f]{64}$/);
  assert.equal(decrypt(kms.context, bob, sealed.ciphertext, { job: 'a' }).plaintext.toString(), 'x');
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('y')), (e: unknown) => e instanceof Denied);
  assert.throws(() => describeKey(kms.context, bob, key.keyId), (e: unknown) => e instanceof Denied);
  assert.equal(listGrants(kms.context, root, key.keyId).length, 1);
  retireGrant(kms.context, root, { grantToken: grant.grantToken });
  assert.equal(listGrants(kms.context, root, key.keyId).length, 0);
  assert.throws(() => decrypt(kms.context, bob, sealed.ciphertext, { job: 'a' }), (e: unknown) => e instanceof Denied);
});

test('grant constraints: EncryptionContextSubset and EncryptionContextEquals', () => {
  const { kms, root, key } = setup();
  const bob = callAs(BOB_SESSION);
  const subset = createGrant(kms.context, root, key.keyId, {
    granteePrincipal: BOB, operations: ['Encrypt'], constraints: { EncryptionContextSubset: { project: 'p1' } },
  });
  assert.ok(encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'p1', extra: 'ok' }));
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'p2' }), (e: unknown) => e instanceof Denied);
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('x')), (e: unknown) => e instanceof Denied);
  revokeGrant(kms.context, root, key.keyId, subset.grantId);
  createGrant(kms.context, root, key.keyId, { granteePrincipal: BOB, operations: ['Encrypt'], constraints: { EncryptionContextEquals: { project: 'p1' } } });
  assert.ok(encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'p1' }));
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'p1', extra: 'no' }), (e: unknown) => e instanceof Denied);
});

test('grant constraints: the encryption context key is matched without regard to case, the value with it', () => {
  const { kms, root, key } = setup();
  const bob = callAs(BOB_SESSION);
  createGrant(kms.context, root, key.keyId, { granteePrincipal: BOB, operations: ['Encrypt'], constraints: { EncryptionContextEquals: { Project: 'Alpha' } } });
  assert.ok(encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'Alpha' }));
  assert.ok(encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { PROJECT: 'Alpha' }));
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'alpha' }), (e: unknown) => e instanceof Denied);
  assert.throws(() => encrypt(kms.context, bob, key.keyId, Buffer.from('x'), { project: 'Alpha', other: 'x' }), (e: unknown) => e instanceof Denied);
});

test('grant constraints do not apply to the grant\'s DescribeKey and RetireGrant operations', () => {
  const { kms, root, key } = setup();
  const bob = callAs(BOB_SESSION);
  const grant = createGrant(kms.context, root, key.keyId, {
    granteePrincipal: BOB, operations: ['Decrypt', 'DescribeKey', 'RetireGrant'], constraints: { EncryptionContextSubset: { project: 'p1' } },
  });
  assert.equal(describeKey(kms.context, bob, key.keyId).keyId, key.keyId);
  retireGrant(kms.context, bob, { keyRef: key.arn, grantId: grant.grantId });
  assert.equal(listGrants(kms.context, root, key.keyId).length, 0);
});

test('the retiring principal may retire; others may not', () => {
  const { kms, root, key } = setup();
  const grant = createGrant(kms.context, root, key.keyId, { granteePrincipal: BOB, operations: ['Decrypt'], retiringPrincipal: BOB });
  const stranger = callAs('arn:aws:iam::111122223333:user/mallory');
  assert.throws(() => retireGrant(kms.context, stranger, { keyRef: key.arn, grantId: grant.grantId }), (e: unknown) => e instanceof Denied);
  retireGrant(kms.context, callAs(BOB_SESSION), { keyRef: key.arn, grantId: grant.grantId });
  assert.equal(listGrants(kms.context, root, key.keyId).length, 0);
});

function awsError(code: string, message: string) {
  return (e: unknown) => e instanceof AwsError && e.code === code && e.message === message;
}

test('CreateGrant refuses a grant that is not a valid statement, and the key stays usable', () => {
  const { kms, root, key } = setup();
  const grant = (input: { granteePrincipal: string; operations: string[]; retiringPrincipal?: string }) => () => createGrant(kms.context, root, key.keyId, input);
  assert.throws(grant({ granteePrincipal: 'arn:bogus', operations: ['Decrypt'] }), awsError('InvalidArnException', 'ARN does not refer to a valid principal: arn:bogus'));
  assert.throws(grant({ granteePrincipal: 'notaprincipal', operations: ['Decrypt'] }), awsError('InvalidArnException', 'ARN does not refer to a valid principal: notaprincipal'));
  assert.throws(grant({ granteePrincipal: 'arn:aws:iam::111122223333:role/ghost', operations: ['Decrypt'] }),
    awsError('InvalidArnException', 'ARN does not refer to a valid principal: arn:aws:iam::111122223333:role/ghost'));
  assert.throws(grant({ granteePrincipal: BOB, operations: ['Decrypt'], retiringPrincipal: 'arn:aws:s3:::bucket' }),
    awsError('InvalidArnException', 'ARN does not refer to a valid principal: arn:aws:s3:::bucket'));
  assert.throws(grant({ granteePrincipal: BOB, operations: [] }),
    awsError('ValidationException', "1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1"));
  assert.throws(grant({ granteePrincipal: BOB, operations: ['CreateGrant'] }), awsError('ValidationException', 'Grants must not contain only the CreateGrant operation.'));
  assert.equal(listGrants(kms.context, root, key.keyId).length, 0);
  // Accepted: an account, an assumed-role session, a service principal.
  for (const granteePrincipal of [ROOT, BOB_SESSION, 's3.us-east-1.amazonaws.com']) {
    createGrant(kms.context, root, key.keyId, { granteePrincipal, operations: ['Decrypt', 'CreateGrant'] });
  }
  assert.equal(decrypt(kms.context, root, encrypt(kms.context, root, key.keyId, Buffer.from('still usable')).ciphertext).plaintext.toString(), 'still usable');
});

test('a stored grant that is no valid statement does not void the key policy: the key still answers its owner', () => {
  const { kms, root, key } = setup();
  // As a grant stored by a version that did not check (an empty operation list, an invalid principal).
  for (const [grantId, granteePrincipal, operations] of [['a'.repeat(64), BOB, []], ['b'.repeat(64), 'arn:bogus', ['Decrypt']]] as const) {
    kms.context.store.putGrant({
      grantId, keyId: key.keyId, keyArn: key.arn, name: null, creationDate: '2026-01-01T00:00:00.000Z', granteePrincipal,
      retiringPrincipal: null, issuingAccount: ROOT, operations: [...operations], constraints: null,
    });
  }
  kms.context.store.putKey({ ...key, revision: key.revision + 1 });
  assert.equal(describeKey(kms.context, root, key.keyId).keyId, key.keyId);
  assert.equal(listGrants(kms.context, root, key.keyId).length, 2);
});

test('rotation keeps every material version: old ciphertexts still decrypt', () => {
  const { kms, clock, root, key } = setup();
  const before = encrypt(kms.context, root, key.keyId, Buffer.from('v1'));
  const rotated = rotateKeyOnDemand(kms.context, root, key.keyId);
  assert.equal(rotated.currentVersion, 2);
  const after = encrypt(kms.context, root, key.keyId, Buffer.from('v2'));
  assert.notEqual(before.materialId, after.materialId);
  assert.equal(decrypt(kms.context, root, before.ciphertext).plaintext.toString(), 'v1');
  assert.equal(decrypt(kms.context, root, after.ciphertext).plaintext.toString(), 'v2');
  enableKeyRotation(kms.context, root, key.keyId, 90);
  const status = getKeyRotationStatus(kms.context, root, key.keyId);
  assert.deepEqual([status.rotation.enabled, status.rotation.periodDays, status.rotation.nextRotationDate], [true, 90, '2026-04-01T00:00:00.000Z']);
  clock.advance(91 * 86_400_000);
  assert.equal(describeKey(kms.context, root, key.keyId).currentVersion, 3);
  assert.deepEqual(listKeyRotations(kms.context, root, key.keyId).rotations.map((r) => r.rotationType), ['ON_DEMAND', 'AUTOMATIC']);
  assert.equal(decrypt(kms.context, root, before.ciphertext).plaintext.toString(), 'v1');
});

test('RotateKeyOnDemand: 25 on-demand rotations per key, automatic ones not counted; the 26th is LimitExceededException', () => {
  const { kms, clock, root, key } = setup();
  enableKeyRotation(kms.context, root, key.keyId, 90);
  clock.advance(91 * 86_400_000);
  describeKey(kms.context, root, key.keyId);
  for (let i = 0; i < 25; i++) rotateKeyOnDemand(kms.context, root, key.keyId);
  const types = listKeyRotations(kms.context, root, key.keyId).rotations.map((r) => r.rotationType);
  assert.deepEqual([types[0], types.length], ['AUTOMATIC', 26]);
  assert.throws(() => rotateKeyOnDemand(kms.context, root, key.keyId), {
    name: 'LimitExceededException',
    message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
  });
  // Automatic rotation goes on.
  clock.advance(91 * 86_400_000);
  assert.equal(describeKey(kms.context, root, key.keyId).currentVersion, 28);
});
