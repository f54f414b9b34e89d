// The KMS record cache and the unsealed-material cache: a key's state, policy, aliases and
// rotations take effect on the next request; every request is still authorized.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import { callAs, Denied, identityPolicy, testKms } from '../../../test/support/kms-fixture.js';
import { createAlias } from './aliases.js';
import { createKey, disableKey, enableKey } from './keys.js';
import { rotateKeyOnDemand } from './rotation.js';

const VIA = 's3.us-east-1.amazonaws.com';
const ACCOUNT = '111122223333';
const context = { 'aws:s3:arn': 'arn:aws:s3:::b/k' };

test('cached keys and material: disabling, rotating and aliasing a key take effect on the next call', () => {
  const { kms } = testKms();
  const root = callAs(`arn:aws:iam::${ACCOUNT}:root`);
  const key = createKey(kms.context, root, {}, root.decide);
  const user = callAs(`arn:aws:iam::${ACCOUNT}:user/u`, [identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })]);
  const first = kms.generateDataKey(user.authorize, ACCOUNT, 'us-east-1', key.arn, context, VIA);
  assert.ok(kms.decrypt(user.authorize, ACCOUNT, 'us-east-1', first.ciphertextBlob, context, VIA).plaintext.equals(first.plaintext));
  assert.equal(kms.context.materials.size, 1, 'the material was unsealed once and kept in memory');

  disableKey(kms.context, root, key.keyId);
  assert.equal(kms.context.materials.size, 0, 'a change to the store drops the unsealed material');
  assert.throws(() => kms.decrypt(user.authorize, ACCOUNT, 'us-east-1', first.ciphertextBlob, context, VIA), (error: unknown) => error instanceof AwsError && error.code === 'DisabledException');
  assert.throws(() => kms.generateDataKey(user.authorize, ACCOUNT, 'us-east-1', key.arn, context, VIA), (error: unknown) => error instanceof AwsError && error.code === 'DisabledException');
  enableKey(kms.context, root, key.keyId);

  rotateKeyOnDemand(kms.context, root, key.keyId);
  const second = kms.generateDataKey(user.authorize, ACCOUNT, 'us-east-1', key.arn, context, VIA);
  assert.equal(second.ciphertextBlob.readUInt32BE(4 + key.arn.length), 2, 'sealed with the new material');
  assert.ok(kms.decrypt(user.authorize, ACCOUNT, 'us-east-1', first.ciphertextBlob, context, VIA).plaintext.equals(first.plaintext));

  // kms:ResourceAliases comes from the cached alias list: a new alias is seen by the next decision.
  const seen: unknown[] = [];
  const watching = { ...user, authorize: (check: Parameters<typeof user.authorize>[0]) => (seen.push(check.context?.['kms:ResourceAliases']), user.authorize(check)) };
  kms.decrypt(watching.authorize, ACCOUNT, 'us-east-1', first.ciphertextBlob, context, VIA);
  createAlias(kms.context, root, 'alias/data', key.keyId);
  kms.decrypt(watching.authorize, ACCOUNT, 'us-east-1', first.ciphertextBlob, context, VIA);
  assert.deepEqual(seen, [undefined, ['alias/data']]);
});

test('cached records never stand in for a decision: a caller without permission is refused every time', () => {
  const { kms } = testKms();
  const root = callAs(`arn:aws:iam::${ACCOUNT}:root`);
  const key = createKey(kms.context, root, {}, root.decide);
  const allowed = callAs(`arn:aws:iam::${ACCOUNT}:user/u`, [identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })]);
  const other = callAs(`arn:aws:iam::${ACCOUNT}:user/other`);
  const made = kms.generateDataKey(allowed.authorize, ACCOUNT, 'us-east-1', key.arn, context, VIA);
  for (let i = 0; i < 3; i++) {
    kms.decrypt(allowed.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, context, VIA);
    assert.throws(() => kms.decrypt(other.authorize, ACCOUNT, 'us-east-1', made.ciphertextBlob, context, VIA), Denied);
  }
});
