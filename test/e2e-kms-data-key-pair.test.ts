// End to end with the AWS SDK for JavaScript v3: GenerateDataKeyPair and
// GenerateDataKeyPairWithoutPlaintext against a real Gantry. The pair is real (the private key
// signs what the public key verifies), the private key is sealed as GenerateDataKey seals a data
// key (plain Decrypt with the same encryption context opens it), and the requests are authorized,
// refused and stopped as GenerateDataKey's are.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DisableKeyCommand, GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand, ScheduleKeyDeletionCommand, type DataKeyPairSpec,
} from '@aws-sdk/client-kms';
import { createAccount } from '../src/server/platform.js';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { kmsClient } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';
import { roleSession } from './support/role-session.js';
import { policyDocument as policy } from './support/policy-document.js';

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const gantry = useGantry({ accountId: ACCT });
const kms = (creds?: Credentials) => kmsClient(gantry, creds);
const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:DescribeKey'], Resource: '*' };

const newKey = async (keyPolicy?: string) => {
  const made = await kms().send(new CreateKeyCommand(keyPolicy !== undefined ? { Policy: keyPolicy } : {}));
  return { keyId: made.KeyMetadata?.KeyId as string, arn: made.KeyMetadata?.Arn as string };
};

/** The private key signs a message the public key verifies: they are one pair. */
function assertOnePair(publicDer: Uint8Array, privateDer: Uint8Array): void {
  const publicKey = createPublicKey({ key: Buffer.from(publicDer), format: 'der', type: 'spki' });
  const privateKey = createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' });
  const message = Buffer.from('signed outside KMS');
  const digest = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  assert.ok(verify(digest, message, publicKey, sign(digest, message, privateKey)));
}

test('every KeyPairSpec: a DER SPKI public key, a PKCS#8 private key of the same pair, sealed so that Decrypt gives it back', async () => {
  const { arn } = await newKey();
  const expected: ReadonlyArray<readonly [DataKeyPairSpec, Record<string, unknown>]> = [
    ['RSA_2048', { asymmetricKeyType: 'rsa', modulusLength: 2048 }],
    ['RSA_3072', { asymmetricKeyType: 'rsa', modulusLength: 3072 }],
    ['RSA_4096', { asymmetricKeyType: 'rsa', modulusLength: 4096 }],
    ['ECC_NIST_P256', { asymmetricKeyType: 'ec', namedCurve: 'prime256v1' }],
    ['ECC_NIST_P384', { asymmetricKeyType: 'ec', namedCurve: 'secp384r1' }],
    ['ECC_NIST_P521', { asymmetricKeyType: 'ec', namedCurve: 'secp521r1' }],
    ['ECC_SECG_P256K1', { asymmetricKeyType: 'ec', namedCurve: 'secp256k1' }],
    ['ECC_NIST_EDWARDS25519', { asymmetricKeyType: 'ed25519' }],
  ];
  await Promise.all(expected.map(async ([spec, details]) => {
    const made = await kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: spec, EncryptionContext: { spec } }));
    assert.equal(made.KeyId, arn);
    assert.equal(made.KeyPairSpec, spec);
    assert.match(made.KeyMaterialId ?? '', /^[0-9a-f]{64}$/);
    const publicKey = createPublicKey({ key: Buffer.from(made.PublicKey ?? []), format: 'der', type: 'spki' });
    const { asymmetricKeyType } = publicKey;
    assert.deepEqual({ asymmetricKeyType, ...publicKey.asymmetricKeyDetails }, { ...details, ...(asymmetricKeyType === 'rsa' ? { publicExponent: 65537n } : {}) }, spec);
    assertOnePair(made.PublicKey ?? new Uint8Array(), made.PrivateKeyPlaintext ?? new Uint8Array());
    const opened = await kms().send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob, EncryptionContext: { spec } }));
    assert.deepEqual(Buffer.from(opened.Plaintext ?? []), Buffer.from(made.PrivateKeyPlaintext ?? []), spec);
    assert.equal(opened.KeyId, arn);
  }));
});

test('WithoutPlaintext: no private key in the clear; Decrypt of the sealed one gives the pair\'s PKCS#8 key', async () => {
  const { arn } = await newKey();
  const made = await kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256' }));
  assert.equal('PrivateKeyPlaintext' in made, false);
  assert.deepEqual([made.KeyId, made.KeyPairSpec], [arn, 'ECC_NIST_P256']);
  const opened = await kms().send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob }));
  assertOnePair(made.PublicKey ?? new Uint8Array(), opened.Plaintext ?? new Uint8Array());
});

test('the encryption context is bound: Decrypt without it, or with another, is InvalidCiphertextException', async () => {
  const { arn } = await newKey();
  for (const Command of [GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand]) {
    const made = await kms().send(new Command({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: { job: 'one' } }));
    // [OBS] test_encryption_context_generate_data_key_pair, LocalStack's AWS-recorded KMS snapshot
    await rejects(kms().send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob })), 'InvalidCiphertextException');
    await rejects(kms().send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob, EncryptionContext: { job: 'two' } })), 'InvalidCiphertextException');
    await kms().send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob, EncryptionContext: { job: 'one' } }));
  }
});

test('KeyId by key id, key ARN, alias name and alias ARN; the answer names the key ARN', async () => {
  const { keyId, arn } = await newKey();
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/pairs', TargetKeyId: keyId }));
  for (const KeyId of [keyId, arn, 'alias/pairs', `arn:aws:kms:us-east-1:${ACCT}:alias/pairs`]) {
    const made = await kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId, KeyPairSpec: 'ECC_NIST_P256' }));
    assert.equal(made.KeyId, arn, KeyId);
  }
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: 'alias/none', KeyPairSpec: 'ECC_NIST_P256' })), 'NotFoundException');
});

test('refusals: SM2 outside China, a spec not in the model, DryRun, Recipient, a disabled key, a key pending deletion', async () => {
  const { arn } = await newKey();
  // [INFER] code and text: what KMS answers CreateKey with KeySpec SM2 outside the China Regions.
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'SM2' })), 'UnsupportedOperationException', 'KeyPairSpec SM2 is not supported in this Region');
  await rejects(kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'SM2' })), 'UnsupportedOperationException');
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'RSA_1024' as DataKeyPairSpec })), 'ValidationException', /at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set/);
  // [OBS] the text: test_generate_data_key_pair(_without_plaintext)_dry_run, LocalStack's AWS-recorded KMS snapshot
  const dryRun = 'The request would have succeeded, but the DryRun option is set.';
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'RSA_2048', DryRun: true })), 'DryRunOperationException', dryRun);
  await rejects(kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'RSA_2048', DryRun: true })), 'DryRunOperationException', dryRun);
  const Recipient = { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const, AttestationDocument: Buffer.from('not an attestation') };
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', Recipient })), 'UnsupportedOperationException',
    'Gantry does not support Recipient (attested Nitro Enclaves).');
  await kms().send(new DisableKeyCommand({ KeyId: arn }));
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256' })), 'DisabledException', `${arn} is disabled.`);
  await rejects(kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256' })), 'DisabledException', `${arn} is disabled.`);
  const doomed = await newKey();
  await kms().send(new ScheduleKeyDeletionCommand({ KeyId: doomed.arn, PendingWindowInDays: 7 }));
  await rejects(kms().send(new GenerateDataKeyPairCommand({ KeyId: doomed.arn, KeyPairSpec: 'ECC_NIST_P256' })), 'KMSInvalidStateException', `${doomed.arn} is pending deletion.`);
});

test('condition keys: kms:DataKeyPairSpec, kms:EncryptionContext:<key> and kms:CallerAccount decide as in the policy', async () => {
  const { arn } = await newKey();
  const { creds } = await roleSession(gantry, 'PairMaker', [{
    Effect: 'Allow', Action: ['kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext'], Resource: arn,
    Condition: {
      StringLike: { 'kms:DataKeyPairSpec': 'ECC_*' },
      StringEquals: { 'kms:EncryptionContext:team': 'ml', 'kms:CallerAccount': ACCT, 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' },
    },
  }]);
  await kms(creds).send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P384', EncryptionContext: { team: 'ml' } }));
  await kms(creds).send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: { team: 'ml' } }));
  await rejects(kms(creds).send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'RSA_2048', EncryptionContext: { team: 'ml' } })), 'AccessDeniedException',
    /is not authorized to perform: kms:GenerateDataKeyPair on resource: /);
  await rejects(kms(creds).send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: { team: 'web' } })), 'AccessDeniedException');
});

test('a grant for GenerateDataKeyPair lets its grantee make pairs the key policy does not allow, and only that operation', async () => {
  const { arn } = await newKey(policy(ADMIN));
  const { creds, roleArn } = await roleSession(gantry, 'PairGrantee', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
  await rejects(kms(creds).send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256' })), 'AccessDeniedException',
    /because no resource-based policy allows the kms:GenerateDataKeyPair action$/);
  const grant = await kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, Operations: ['GenerateDataKeyPair'] }));
  const made = await kms(creds).send(new GenerateDataKeyPairCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', GrantTokens: [grant.GrantToken as string] }));
  assert.equal(made.KeyId, arn);
  await rejects(kms(creds).send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256' })), 'AccessDeniedException');
  const both = await kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, Operations: ['GenerateDataKeyPairWithoutPlaintext'] }));
  await kms(creds).send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: arn, KeyPairSpec: 'ECC_NIST_P256', GrantTokens: [both.GrantToken as string] }));
});

test('another account makes pairs under a key by its ARN when the key policy allows it', async () => {
  const other = createAccount(gantry.platform, '444455556666');
  const otherRoot = { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey };
  const shared = await newKey(policy(ADMIN, {
    Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['kms:GenerateDataKeyPair', 'kms:Decrypt'], Resource: '*',
  }));
  const made = await kms(otherRoot).send(new GenerateDataKeyPairCommand({ KeyId: shared.arn, KeyPairSpec: 'ECC_SECG_P256K1' }));
  assert.equal(made.KeyId, shared.arn);
  const opened = await kms(otherRoot).send(new DecryptCommand({ CiphertextBlob: made.PrivateKeyCiphertextBlob }));
  assert.deepEqual(Buffer.from(opened.Plaintext ?? []), Buffer.from(made.PrivateKeyPlaintext ?? []));
  await rejects(kms(otherRoot).send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: shared.arn, KeyPairSpec: 'ECC_NIST_P256' })), 'AccessDeniedException',
    `User: arn:aws:iam::444455556666:root is not authorized to perform: kms:GenerateDataKeyPairWithoutPlaintext on resource: ${shared.arn} because no resource-based policy allows the kms:GenerateDataKeyPairWithoutPlaintext action`);
  await rejects(kms(otherRoot).send(new GenerateDataKeyPairCommand({ KeyId: shared.keyId, KeyPairSpec: 'ECC_NIST_P256' })), 'NotFoundException');
});
