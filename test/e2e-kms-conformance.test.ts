// End to end with the AWS SDK for JavaScript v3: places where Gantry's KMS answered otherwise
// than AWS KMS for symmetric keys, each checked against AWS's recorded answer (LocalStack's
// AWS-recorded tests/aws/services/kms/test_kms.snapshot.json) or the API reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, DecryptCommand, DeriveSharedSecretCommand, CreateGrantCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand,
  DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand, GenerateMacCommand, GenerateRandomCommand, GetKeyPolicyCommand,
  GetKeyRotationStatusCommand, ListAliasesCommand, ListKeysCommand, ListGrantsCommand, ListKeyPoliciesCommand, ListKeyRotationsCommand,
  ListResourceTagsCommand, ListRetirableGrantsCommand, PutKeyPolicyCommand, ReEncryptCommand, RevokeGrantCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, SignCommand,
  TagResourceCommand, UntagResourceCommand, UpdateKeyDescriptionCommand, VerifyCommand, VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { useGantry } from './support/use-gantry.js';
import { kmsClient } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';

const ACCT = '111122223333';
const REGION = 'us-east-1';
const gantry = useGantry({ accountId: ACCT });
const kms = () => kmsClient(gantry);

async function newKey(): Promise<{ keyId: string; arn: string }> {
  const meta = (await kms().send(new CreateKeyCommand({}))).KeyMetadata;
  assert.ok(meta?.KeyId && meta.Arn);
  return { keyId: meta.KeyId, arn: meta.Arn };
}

test('operations whose KeyId is a key id or key ARN refuse an alias name or alias ARN with NotFoundException; DescribeKey and Encrypt take them', async () => {
  const { keyId } = await newKey();
  const name = 'alias/only-for-crypto';
  await kms().send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }));
  const aliasArn = `arn:aws:kms:${REGION}:${ACCT}:alias/only-for-crypto`;
  const policy = (await kms().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy;
  const grantee = `arn:aws:iam::${ACCT}:root`;
  for (const ref of [name, aliasArn]) {
    const calls: [string, () => Promise<unknown>][] = [
      ['EnableKey', () => kms().send(new EnableKeyCommand({ KeyId: ref }))],
      ['DisableKey', () => kms().send(new DisableKeyCommand({ KeyId: ref }))],
      ['UpdateKeyDescription', () => kms().send(new UpdateKeyDescriptionCommand({ KeyId: ref, Description: 'd' }))],
      ['ScheduleKeyDeletion', () => kms().send(new ScheduleKeyDeletionCommand({ KeyId: ref, PendingWindowInDays: 7 }))],
      ['CancelKeyDeletion', () => kms().send(new CancelKeyDeletionCommand({ KeyId: ref }))],
      ['GetKeyPolicy', () => kms().send(new GetKeyPolicyCommand({ KeyId: ref }))],
      ['PutKeyPolicy', () => kms().send(new PutKeyPolicyCommand({ KeyId: ref, Policy: policy }))],
      ['ListKeyPolicies', () => kms().send(new ListKeyPoliciesCommand({ KeyId: ref }))],
      ['TagResource', () => kms().send(new TagResourceCommand({ KeyId: ref, Tags: [{ TagKey: 'k', TagValue: 'v' }] }))],
      ['UntagResource', () => kms().send(new UntagResourceCommand({ KeyId: ref, TagKeys: ['k'] }))],
      ['ListResourceTags', () => kms().send(new ListResourceTagsCommand({ KeyId: ref }))],
      ['EnableKeyRotation', () => kms().send(new EnableKeyRotationCommand({ KeyId: ref }))],
      ['DisableKeyRotation', () => kms().send(new DisableKeyRotationCommand({ KeyId: ref }))],
      ['GetKeyRotationStatus', () => kms().send(new GetKeyRotationStatusCommand({ KeyId: ref }))],
      ['RotateKeyOnDemand', () => kms().send(new RotateKeyOnDemandCommand({ KeyId: ref }))],
      ['ListKeyRotations', () => kms().send(new ListKeyRotationsCommand({ KeyId: ref }))],
      ['CreateGrant', () => kms().send(new CreateGrantCommand({ KeyId: ref, GranteePrincipal: grantee, Operations: ['Decrypt'] }))],
      ['ListGrants', () => kms().send(new ListGrantsCommand({ KeyId: ref }))],
      ['RevokeGrant', () => kms().send(new RevokeGrantCommand({ KeyId: ref, GrantId: 'a'.repeat(64) }))],
      ['ListAliases', () => kms().send(new ListAliasesCommand({ KeyId: ref }))],
    ];
    for (const [op, call] of calls) {
      await rejects(call(), 'NotFoundException', `Invalid keyId '${ref}'`, 400).catch((error: Error) => {
        throw new Error(`${op} with ${ref}: ${error.message}`);
      });
    }
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: ref }))).KeyMetadata?.KeyId, keyId);
    assert.ok((await kms().send(new EncryptCommand({ KeyId: ref, Plaintext: Buffer.from('x') }))).CiphertextBlob);
  }
  // Nothing above changed the key.
  const meta = (await kms().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  assert.equal(meta?.KeyState, 'Enabled');
  assert.equal(meta?.Description, '');
  assert.deepEqual((await kms().send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, []);
  assert.equal((await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled, false);
});

test('custom key stores and Recipient are refused, never ignored: no key is created, no plaintext is handed out', async () => {
  const { keyId } = await newKey();
  const countKeys = async () => (await kms().send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length;
  const before = await countKeys();
  const unsupported = (promise: Promise<unknown>, message: string) => rejects(promise, 'UnsupportedOperationException', message, 400);
  const stores = 'Gantry does not support custom key stores.';
  await unsupported(kms().send(new CreateKeyCommand({ CustomKeyStoreId: 'cks-1234567890abcdef0' })), stores);
  await unsupported(kms().send(new CreateKeyCommand({ XksKeyId: 'external-key-1' })), stores);
  assert.equal(await countKeys(), before);
  await unsupported(kms().send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-1234567890abcdef0' })), stores);
  const Recipient = { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const, AttestationDocument: Buffer.from('not an attestation') };
  const enclaves = 'Gantry does not support Recipient (attested Nitro Enclaves).';
  const { CiphertextBlob } = await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }));
  await unsupported(kms().send(new DecryptCommand({ CiphertextBlob, Recipient })), enclaves);
  await unsupported(kms().send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 32, Recipient })), enclaves);
  await unsupported(kms().send(new GenerateRandomCommand({ NumberOfBytes: 8, Recipient })), enclaves);
});

test('RotateKeyOnDemand: the 26th on-demand rotation of a key is LimitExceededException; its 25 rotations still decrypt', async () => {
  const { keyId, arn } = await newKey();
  const first = (await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('v1') }))).CiphertextBlob;
  for (let i = 0; i < 25; i++) await kms().send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  // Text: test_key_rotations_limits (LocalStack's AWS-recorded KMS snapshot).
  await rejects(kms().send(new RotateKeyOnDemandCommand({ KeyId: keyId })), 'LimitExceededException',
    `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`, 400);
  const rotations = (await kms().send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 1000 }))).Rotations ?? [];
  assert.equal(rotations.length, 25);
  assert.equal(Buffer.from((await kms().send(new DecryptCommand({ CiphertextBlob: first }))).Plaintext ?? []).toString(), 'v1');
});

test('ListAliases, ListGrants and ListRetirableGrants answer 50 entries a page when no Limit is given', async () => {
  const { keyId } = await newKey();
  // The 14 predefined AWS aliases, 40 more here, and those other tests of this file made.
  for (let i = 0; i < 40; i++) await kms().send(new CreateAliasCommand({ AliasName: `alias/page-${String(i).padStart(2, '0')}`, TargetKeyId: keyId }));
  const all = (await kms().send(new ListAliasesCommand({ Limit: 100 }))).Aliases?.length ?? 0;
  assert.ok(all > 50 && all < 100, `${all} aliases`);
  const aliases = await kms().send(new ListAliasesCommand({}));
  assert.deepEqual([aliases.Aliases?.length, aliases.Truncated], [50, true]);
  const rest = await kms().send(new ListAliasesCommand({ Marker: aliases.NextMarker }));
  assert.deepEqual([rest.Aliases?.length, rest.Truncated], [all - 50, false]);

  const retiring = `arn:aws:iam::${ACCT}:root`;
  for (let i = 0; i < 51; i++) {
    await kms().send(new CreateGrantCommand({
      KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, RetiringPrincipal: retiring, Operations: ['Decrypt'], Name: `grant-${i}`,
    }));
  }
  const grants = await kms().send(new ListGrantsCommand({ KeyId: keyId }));
  assert.deepEqual([grants.Grants?.length, grants.Truncated], [50, true]);
  const retirable = await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring }));
  assert.deepEqual([retirable.Grants?.length, retirable.Truncated], [50, true]);
  // An explicit Limit still rules.
  assert.equal((await kms().send(new ListGrantsCommand({ KeyId: keyId, Limit: 100 }))).Grants?.length, 51);
});

test('ReEncrypt refuses a Source or DestinationEncryptionAlgorithm other than SYMMETRIC_DEFAULT, as Encrypt and Decrypt do', async () => {
  const { keyId, arn } = await newKey();
  const { CiphertextBlob } = await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
  const usage = (op: string) => `The encryption algorithm RSAES_OAEP_SHA_256 is not valid for ${op} with ${arn}.`;
  await rejects(kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    'InvalidKeyUsageException', usage('Encrypt'), 400);
  await rejects(kms().send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: keyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    'InvalidKeyUsageException', usage('ReEncrypt'), 400);
  await rejects(kms().send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
    'InvalidKeyUsageException', usage('ReEncrypt'), 400);
  const done = await kms().send(new ReEncryptCommand({
    CiphertextBlob, DestinationKeyId: keyId, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  }));
  assert.deepEqual([done.SourceEncryptionAlgorithm, done.DestinationEncryptionAlgorithm], ['SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT']);
});

test('CreateGrant on a symmetric key takes every operation AWS lists for one, GenerateDataKeyPair(WithoutPlaintext) included; Sign is refused', async () => {
  const { keyId } = await newKey();
  const Operations = [
    'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
    'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'RetireGrant', 'DescribeKey',
  ] as const;
  const { GrantId } = await kms().send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, Operations: [...Operations] }));
  const listed = (await kms().send(new ListGrantsCommand({ KeyId: keyId, GrantId }))).Grants?.[0]?.Operations;
  assert.deepEqual([...(listed ?? [])].sort(), [...Operations].sort());
  // The grant joined the key's decisions without breaking them.
  assert.ok((await kms().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))).CiphertextBlob);
  await rejects(kms().send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, Operations: ['Sign'] })), 'ValidationException');
});

test('GetKeyRotationStatus: a key pending deletion shows rotation off; CancelKeyDeletion brings its setting back', async () => {
  const { keyId } = await newKey();
  await kms().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 100 }));
  await kms().send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  const pending = await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  assert.deepEqual([pending.KeyRotationEnabled, pending.RotationPeriodInDays, pending.NextRotationDate], [false, undefined, undefined]);
  await kms().send(new CancelKeyDeletionCommand({ KeyId: keyId }));
  const restored = await kms().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  assert.deepEqual([restored.KeyRotationEnabled, restored.RotationPeriodInDays], [true, 100]);
  assert.ok(restored.NextRotationDate instanceof Date);
});

test('ListKeyRotations: each material has its KeyMaterialState; IncludeKeyMaterial ALL_KEY_MATERIAL adds the first, with no rotation date', async () => {
  const { keyId, arn } = await newKey();
  const first = (await kms().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  await kms().send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  await kms().send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const current = (await kms().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;
  const states = (entries: { KeyMaterialId?: string; KeyMaterialState?: string; RotationType?: string }[] | undefined) =>
    (entries ?? []).map((e) => [e.KeyMaterialState, e.RotationType, e.KeyMaterialId === current]);
  const rotations = (await kms().send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations;
  assert.deepEqual(states(rotations), [['NON_CURRENT', 'ON_DEMAND', false], ['CURRENT', 'ON_DEMAND', true]]);
  const all = (await kms().send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations ?? [];
  assert.equal(all.length, 3);
  assert.deepEqual(all[0], { KeyId: arn, KeyMaterialId: first, KeyMaterialState: 'NON_CURRENT' });
  assert.deepEqual(states(all.slice(1)), states(rotations));
  assert.equal((await kms().send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ROTATIONS_ONLY' }))).Rotations?.length, 2);
});

test('Sign, Verify, GenerateMac, VerifyMac and DeriveSharedSecret on a symmetric key: InvalidKeyUsageException, as AWS answers', async () => {
  const { keyId, arn } = await newKey();
  const Message = Buffer.from('m');
  const calls: [string, () => Promise<unknown>][] = [
    ['Sign', () => kms().send(new SignCommand({ KeyId: keyId, Message, SigningAlgorithm: 'ECDSA_SHA_256' }))],
    ['Verify', () => kms().send(new VerifyCommand({ KeyId: keyId, Message, Signature: Buffer.from('s'), SigningAlgorithm: 'ECDSA_SHA_256' }))],
    ['GenerateMac', () => kms().send(new GenerateMacCommand({ KeyId: keyId, Message, MacAlgorithm: 'HMAC_SHA_224' }))],
    ['VerifyMac', () => kms().send(new VerifyMacCommand({ KeyId: keyId, Message, Mac: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }))],
    ['DeriveSharedSecret', () => kms().send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: Buffer.from('p') }))],
  ];
  // Text: test_error_messaging_for_invalid_keys and test_derive_shared_secret (LocalStack's AWS-recorded KMS snapshot).
  for (const [op, call] of calls) await rejects(call(), 'InvalidKeyUsageException', `${arn} key usage is ENCRYPT_DECRYPT which is not valid for ${op}.`, 400);
  // The key is found first: a key that does not exist is NotFoundException.
  const missing = '00000000-0000-0000-0000-000000000000';
  await rejects(kms().send(new GenerateMacCommand({ KeyId: missing, Message, MacAlgorithm: 'HMAC_SHA_256' })), 'NotFoundException',
    `Key 'arn:aws:kms:${REGION}:${ACCT}:key/${missing}' does not exist`, 400);
});

test('a key or alias ARN of another partition names nothing: NotFoundException, even with the id of a key that exists', async () => {
  const { keyId } = await newKey();
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/partitioned', TargetKeyId: keyId }));
  for (const partition of ['aws-cn', 'aws-us-gov']) {
    const keyArn = `arn:${partition}:kms:${REGION}:${ACCT}:key/${keyId}`;
    await rejects(kms().send(new DescribeKeyCommand({ KeyId: keyArn })), 'NotFoundException', `Key '${keyArn}' does not exist`);
    await rejects(kms().send(new UpdateKeyDescriptionCommand({ KeyId: keyArn, Description: 'moved?' })), 'NotFoundException');
    await rejects(kms().send(new EncryptCommand({ KeyId: `arn:${partition}:kms:${REGION}:${ACCT}:alias/partitioned`, Plaintext: Buffer.from('x') })), 'NotFoundException', /is not found/);
  }
  assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Description, '', 'the key was not changed');
});
