// Unit tests of KMS keys over SQLite in memory: create with the default policy, encrypt and
// decrypt (context, KeyId checks, aliases), the key-state machine with AWS's errors,
// deletion after the window, the lockout safety check, and the internal API for services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import { createAlias, listAliases } from './aliases.js';
import { decrypt, encrypt, generateDataKey } from './crypto-operations.js';
import { putKeyPolicy } from './key-policy-operations.js';
import { cancelKeyDeletion, createKey, describeKey, disableKey, enableKey, listKeys, scheduleKeyDeletion } from './keys.js';
import { callAs, Denied, identityPolicy, testKms } from '../../../test/support/kms-fixture.js';

const ROOT = 'arn:aws:iam::111122223333:root';

function awsError(code: string, message?: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  };
}

test('CreateKey: default policy, Enabled symmetric key; encrypt/decrypt round trip with context', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, { description: 'data' }, root.decide);
  assert.match(key.arn, /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
  assert.equal(key.state, 'Enabled');
  assert.match(key.policy, /"Sid" : "Enable IAM User Permissions"/);
  const sealed = encrypt(kms.context, root, key.keyId, Buffer.from('hello'), { team: 'ml' });
  const opened = decrypt(kms.context, root, sealed.ciphertext, { team: 'ml' });
  assert.equal(opened.plaintext.toString(), 'hello');
  assert.equal(opened.key.arn, key.arn);
  assert.throws(() => decrypt(kms.context, root, sealed.ciphertext, {}), awsError('InvalidCiphertextException', ''));
  assert.throws(() => decrypt(kms.context, root, sealed.ciphertext, { team: 'ML' }), awsError('InvalidCiphertextException'));
  assert.throws(() => decrypt(kms.context, root, Buffer.from('garbage garbage garbage garbage'), {}), awsError('InvalidCiphertextException'));
  const other = createKey(kms.context, root, {}, root.decide);
  assert.throws(
    () => decrypt(kms.context, root, sealed.ciphertext, { team: 'ml' }, { keyRef: other.arn }),
    awsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  );
  assert.equal(decrypt(kms.context, root, sealed.ciphertext, { team: 'ml' }, { keyRef: key.arn }).plaintext.toString(), 'hello');
  assert.deepEqual(listKeys(kms.context, root).map((k) => k.keyId), [key.keyId, other.keyId]);
});

test('key references: id, ARN, alias name, alias ARN; not-found texts', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  createAlias(kms.context, root, 'alias/data', key.keyId);
  for (const ref of [key.keyId, key.arn, 'alias/data', 'arn:aws:kms:us-east-1:111122223333:alias/data']) {
    assert.equal(describeKey(kms.context, root, ref).arn, key.arn);
  }
  assert.deepEqual(listAliases(kms.context, root, key.arn).map((a) => a.name), ['alias/data']);
  assert.throws(() => createAlias(kms.context, root, 'alias/data', key.keyId), awsError('AlreadyExistsException'));
  assert.throws(() => createAlias(kms.context, root, 'data', key.keyId), awsError('ValidationException', /^Alias must start with the prefix "alias\/"/));
  const missing = '0b7f5e43-1b9b-4e4e-9d7b-8f7c5e5e5e5e';
  assert.throws(() => describeKey(kms.context, root, missing), awsError('NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`));
  assert.throws(() => describeKey(kms.context, root, 'fake-key-id'), awsError('NotFoundException', "Invalid keyId 'fake-key-id'"));
  assert.throws(() => describeKey(kms.context, root, 'alias/nope'), awsError('NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.'));
  assert.throws(() => describeKey(kms.context, root, key.arn.replace('us-east-1', 'eu-west-1')), awsError('NotFoundException', 'Invalid arn eu-west-1'));
});

test('key states: Disabled and PendingDeletion errors name the ARN; cancel returns to Disabled; the window deletes', () => {
  const { kms, clock } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  createAlias(kms.context, root, 'alias/doomed', key.keyId);
  const sealed = encrypt(kms.context, root, key.keyId, Buffer.from('x'));
  disableKey(kms.context, root, key.keyId);
  assert.throws(() => encrypt(kms.context, root, key.keyId, Buffer.from('x')), awsError('DisabledException', `${key.arn} is disabled.`));
  assert.throws(() => decrypt(kms.context, root, sealed.ciphertext), awsError('DisabledException', `${key.arn} is disabled.`));
  enableKey(kms.context, root, key.keyId);
  assert.throws(() => scheduleKeyDeletion(kms.context, root, key.keyId, 6), awsError('ValidationException'));
  const pending = scheduleKeyDeletion(kms.context, root, key.keyId, 7);
  assert.equal(pending.state, 'PendingDeletion');
  assert.equal(pending.deletionDate, '2026-01-08T00:00:00.000Z');
  const pendingText = `${key.arn} is pending deletion.`;
  assert.throws(() => decrypt(kms.context, root, sealed.ciphertext), awsError('KMSInvalidStateException', pendingText));
  assert.throws(() => enableKey(kms.context, root, key.keyId), awsError('KMSInvalidStateException', pendingText));
  assert.throws(() => scheduleKeyDeletion(kms.context, root, key.keyId), awsError('KMSInvalidStateException', pendingText));
  assert.equal(describeKey(kms.context, root, key.keyId).state, 'PendingDeletion');
  assert.equal(cancelKeyDeletion(kms.context, root, key.keyId).state, 'Disabled');
  assert.throws(() => cancelKeyDeletion(kms.context, root, key.keyId), awsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`));
  scheduleKeyDeletion(kms.context, root, key.keyId, 7);
  clock.advance(7 * 86_400_000);
  assert.deepEqual(listKeys(kms.context, root), []);
  assert.throws(() => describeKey(kms.context, root, key.keyId), awsError('NotFoundException'));
  assert.throws(() => describeKey(kms.context, root, 'alias/doomed'), awsError('NotFoundException'));
  assert.equal(kms.context.store.listMaterial(key.keyId).length, 0);
  assert.throws(() => decrypt(kms.context, root, sealed.ciphertext), awsError('AccessDeniedException', /^The ciphertext refers to a customer master key/));
});

test('authorization: the key policy must allow, directly or by delegating to IAM', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const alice = 'arn:aws:iam::111122223333:user/alice';
  const canUse = identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
  const delegated = createKey(kms.context, root, {}, root.decide);
  const user = callAs(alice, [canUse]);
  assert.ok(encrypt(kms.context, user, delegated.keyId, Buffer.from('x')).ciphertext.length > 0);
  assert.throws(() => encrypt(kms.context, callAs(alice), delegated.keyId, Buffer.from('x')), (e: unknown) => {
    assert.ok(e instanceof Denied);
    assert.match(e.message, /because no identity-based policy allows the kms:Encrypt action$/);
    return true;
  });
  const strict = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:PutKeyPolicy', Resource: '*' }] });
  const locked = createKey(kms.context, root, { policy: strict }, root.decide);
  assert.throws(() => generateDataKey(kms.context, user, locked.keyId, {}, { numberOfBytes: 32 }), (e: unknown) => {
    assert.ok(e instanceof Denied);
    assert.equal(e.message, `User: ${alice} is not authorized to perform: kms:GenerateDataKey on resource: ${locked.arn} because no resource-based policy allows the kms:GenerateDataKey action`);
    return true;
  });
});

test('kms:RequestAlias and kms:ResourceAliases reach the key policy', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const viaAlias = JSON.stringify({ Statement: [
    { Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:CreateAlias', 'kms:DescribeKey'], Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:RequestAlias': 'alias/app' } } },
    { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app' } } },
  ] });
  const key = createKey(kms.context, root, { policy: viaAlias }, root.decide);
  assert.throws(() => encrypt(kms.context, root, key.keyId, Buffer.from('x')), (e: unknown) => e instanceof Denied);
  createAlias(kms.context, root, 'alias/app', key.keyId);
  const sealed = encrypt(kms.context, root, 'alias/app', Buffer.from('x'));
  assert.equal(decrypt(kms.context, root, sealed.ciphertext).plaintext.toString(), 'x');
});

test('policies: malformed texts, invalid principals, and the lockout safety check', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  assert.throws(() => createKey(kms.context, root, { policy: '{not json' }, root.decide), awsError('MalformedPolicyDocumentException', ''));
  const ghost = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/ghost' }, Action: 'kms:*', Resource: '*' }] });
  assert.throws(() => createKey(kms.context, root, { policy: ghost }, root.decide),
    awsError('MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.'));
  const noAdmin = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Encrypt', Resource: '*' }] });
  assert.throws(() => createKey(kms.context, root, { policy: noAdmin }, root.decide),
    awsError('MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.'));
  const key = createKey(kms.context, root, { policy: noAdmin, bypassPolicyLockoutSafetyCheck: true }, root.decide);
  assert.equal(key.state, 'Enabled');
  const other = createKey(kms.context, root, {}, root.decide);
  assert.throws(() => putKeyPolicy(kms.context, root, other.keyId, noAdmin, { decide: root.decide }), awsError('MalformedPolicyDocumentException', /will not allow you/));
  assert.equal(putKeyPolicy(kms.context, root, other.keyId, noAdmin, { decide: root.decide, bypass: true }).policy, noAdmin);
});

test('internal API for services: data keys via S3, the aws/s3 managed key usable only via S3', () => {
  const { kms } = testKms();
  const alice = 'arn:aws:iam::111122223333:user/alice';
  const s3 = callAs(alice, [identityPolicy({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' })]);
  const managed = kms.awsManagedKey('111122223333', 'us-east-1', 's3');
  assert.equal(kms.awsManagedKey('111122223333', 'us-east-1', 's3').keyArn, managed.keyArn);
  assert.deepEqual(kms.describe('111122223333', 'us-east-1', 'alias/aws/s3'), { keyArn: managed.keyArn, keyId: managed.keyId, state: 'Enabled' });
  const context = { 'aws:s3:arn': 'arn:aws:s3:::bucket/object' };
  const made = kms.generateDataKey(s3.authorize, '111122223333', 'us-east-1', 'alias/aws/s3', context, 's3.us-east-1.amazonaws.com');
  assert.equal(made.plaintext.length, 32);
  assert.equal(made.keyArn, managed.keyArn);
  const opened = kms.decrypt(s3.authorize, '111122223333', 'us-east-1', made.ciphertextBlob, context, 's3.us-east-1.amazonaws.com');
  assert.deepEqual(opened.plaintext, made.plaintext);
  assert.throws(() => kms.decrypt(s3.authorize, '111122223333', 'us-east-1', made.ciphertextBlob, {}, 's3.us-east-1.amazonaws.com'), awsError('InvalidCiphertextException'));
  assert.throws(() => decrypt(kms.context, s3, made.ciphertextBlob, context), (e: unknown) => e instanceof Denied);
  assert.throws(() => kms.generateDataKey(s3.authorize, '111122223333', 'us-east-1', 'alias/aws/s3', context, 'sqs.us-east-1.amazonaws.com'), (e: unknown) => e instanceof Denied);
});
