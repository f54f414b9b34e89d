// The internal API's decrypt remembers the data keys it unwrapped (S3 decrypts an SSE-KMS
// object's key on every GET), and that memory skips only the AES-GCM work: each call still
// authorizes the caller, through the key policy and kms:ViaService, and checks the key state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import { callAs, Denied, identityPolicy, testKms } from '../../../test/support/kms-fixture.js';
import type { Authorize } from './access.js';
import { cancelKeyDeletion, createKey, disableKey, enableKey, scheduleKeyDeletion } from './keys.js';

const ACCOUNT = '111122223333';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const VIA = 's3.us-east-1.amazonaws.com';
const CONTEXT = { 'aws:s3:arn': 'arn:aws:s3:::bucket/object' };

function awsError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.code, code);
    return true;
  };
}

/** An authorize callback that counts its kms:Decrypt checks. */
function counting(authorize: Authorize): Authorize & { decrypts: number } {
  const counted = Object.assign((check: Parameters<Authorize>[0]) => {
    if (check.action === 'kms:Decrypt') counted.decrypts++;
    return authorize(check);
  }, { decrypts: 0 });
  return counted;
}

function setUp() {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  const made = kms.generateDataKey(root.authorize, ACCOUNT, 'us-east-1', key.arn, CONTEXT, VIA);
  return { kms, root, key, made };
}

test('decrypt: the same answer every time, each one authorized; a caller may zero what it got', () => {
  const { kms, root, made } = setUp();
  const authorize = counting(root.authorize);
  for (let i = 1; i <= 3; i++) {
    const opened = kms.decrypt(authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA);
    assert.deepEqual(opened.plaintext, made.plaintext);
    assert.equal(authorize.decrypts, i);
    opened.plaintext.fill(0);
  }
});

test('decrypt: a ciphertext opened before is refused to a caller the key policy or IAM does not allow, or via another service', () => {
  const { kms, root, made } = setUp();
  kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA);
  const stranger = callAs(`arn:aws:iam::${ACCOUNT}:user/stranger`);
  assert.throws(() => kms.decrypt(stranger.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA), (e: unknown) => e instanceof Denied);
  const viaS3Only = callAs(`arn:aws:iam::${ACCOUNT}:user/alice`, [identityPolicy({
    Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': VIA } },
  })]);
  assert.deepEqual(kms.decrypt(viaS3Only.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA).plaintext, made.plaintext);
  assert.throws(() => kms.decrypt(viaS3Only.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, 'sqs.us-east-1.amazonaws.com'), (e: unknown) => e instanceof Denied);
  const contextBound = callAs(`arn:aws:iam::${ACCOUNT}:user/bob`, [identityPolicy({
    Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::bucket/other' } },
  })]);
  assert.throws(() => kms.decrypt(contextBound.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA), (e: unknown) => e instanceof Denied);
});

test('decrypt: key states still decide after the ciphertext was opened: Disabled, PendingDeletion, enabled again', () => {
  const { kms, root, key, made } = setUp();
  kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA);
  disableKey(kms.context, root, key.arn);
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA), awsError('DisabledException'));
  enableKey(kms.context, root, key.arn);
  assert.deepEqual(kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA).plaintext, made.plaintext);
  scheduleKeyDeletion(kms.context, root, key.arn, 7);
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA), awsError('KMSInvalidStateException'));
  cancelKeyDeletion(kms.context, root, key.arn);
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA), awsError('DisabledException'));
});

test('decrypt: another context or a changed byte fails, though the ciphertext was opened before', () => {
  const { kms, root, made } = setUp();
  kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, CONTEXT, VIA);
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, {}, VIA), awsError('InvalidCiphertextException'));
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, { 'aws:s3:arn': 'arn:aws:s3:::bucket/other' }, VIA),
    awsError('InvalidCiphertextException'));
  const changed = Buffer.from(made.ciphertextBlob);
  changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 1;
  assert.throws(() => kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', changed, CONTEXT, VIA), awsError('InvalidCiphertextException'));
  // Pairs in another order are the same context.
  const two = { a: '1', 'aws:s3:arn': 'x' };
  const sealed = kms.generateDataKey(root.authorize, ACCOUNT, 'us-east-1', made.keyArn, two, VIA);
  kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', sealed.ciphertextBlob, two, VIA);
  assert.deepEqual(kms.decrypt(root.authorize, ACCOUNT, 'us-east-1', sealed.ciphertextBlob, { 'aws:s3:arn': 'x', a: '1' }, VIA).plaintext, sealed.plaintext);
});
