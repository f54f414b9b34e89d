// Unit tests of GenerateDataKeyPair over SQLite in memory: what only the engine can show, the
// window while the pair is generated off the event loop (the key is read again before sealing).
// The rest is end to end: test/e2e-kms-data-key-pair.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import { generateDataKeyPair } from './data-key-pairs.js';
import { createKey, disableKey, scheduleKeyDeletion } from './keys.js';
import { callAs, testKms } from '../../../test/support/kms-fixture.js';

const ROOT = 'arn:aws:iam::111122223333:root';

test('a key disabled or scheduled for deletion while the pair is generated does not seal it', async () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const one = createKey(kms.context, root, {}, root.decide);
  const pending = generateDataKeyPair(kms.context, root, one.keyId, {}, 'ECC_NIST_P256');
  disableKey(kms.context, root, one.keyId);
  await assert.rejects(pending, (error: unknown) => error instanceof AwsError && error.code === 'DisabledException' && error.message === `${one.arn} is disabled.`);
  const two = createKey(kms.context, root, {}, root.decide);
  const racing = generateDataKeyPair(kms.context, root, two.keyId, {}, 'ECC_NIST_P256', false);
  scheduleKeyDeletion(kms.context, root, two.keyId, 7);
  await assert.rejects(racing, (error: unknown) => error instanceof AwsError && error.code === 'KMSInvalidStateException');
});
