// End to end with the AWS SDK for JavaScript v3: AWS's key state table ("Key states of AWS KMS
// keys", https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html) for every KMS
// operation Gantry implements, and S3 SSE-KMS, on a key that is Enabled, Disabled or
// PendingDeletion. Each case gets a fresh key brought into the state, then runs one operation;
// the whole matrix is compared at once so one run shows every cell that differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand,
  DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand,
  ListAliasesCommand, ListGrantsCommand, ListKeyPoliciesCommand, ListKeyRotationsCommand, ListKeysCommand, ListResourceTagsCommand,
  ListRetirableGrantsCommand, PutKeyPolicyCommand, ReEncryptCommand,
  RetireGrantCommand, RevokeGrantCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand,
  UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { kmsClient, s3Client } from './support/s3-helpers.js';
import { useGantry } from './support/use-gantry.js';

const ACCT = '111122223333';
const BUCKET = 'key-states';
const gantry = useGantry({ accountId: ACCT }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});
const kms = () => kmsClient(gantry);

type State = 'Enabled' | 'Disabled' | 'PendingDeletion';
const STATES: readonly State[] = ['Enabled', 'Disabled', 'PendingDeletion'];

/** What one case has to work with: the key under test (in its state) and an Enabled helper key. */
interface Subject {
  readonly n: number;
  readonly keyId: string;
  readonly keyArn: string;
  readonly helperId: string;
  /** Encrypted under the subject key while it was Enabled. */
  readonly blob: Uint8Array;
  /** Encrypted under the helper key. */
  readonly helperBlob: Uint8Array;
  readonly grantId: string;
  readonly grantToken: string;
  /** An S3 object written under the subject key while it was Enabled. */
  readonly objectKey: string;
  /** A multipart upload under the subject key, begun while it was Enabled. */
  readonly uploadId: string;
}

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }],
});

let counter = 0;
async function subjectIn(state: State): Promise<Subject> {
  const n = ++counter;
  const client = kms();
  const key = (await client.send(new CreateKeyCommand({ Description: `subject ${n}`, Tags: [{ TagKey: 'team', TagValue: 'ml' }] }))).KeyMetadata;
  const helper = (await client.send(new CreateKeyCommand({ Description: `helper ${n}` }))).KeyMetadata;
  const keyId = key?.KeyId as string;
  const helperId = helper?.KeyId as string;
  const plaintext = Buffer.from('secret');
  const blob = (await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob as Uint8Array;
  const helperBlob = (await client.send(new EncryptCommand({ KeyId: helperId, Plaintext: plaintext }))).CiphertextBlob as Uint8Array;
  const grant = await client.send(new CreateGrantCommand({
    KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, RetiringPrincipal: `arn:aws:iam::${ACCT}:root`, Operations: ['Decrypt'],
  }));
  await client.send(new CreateAliasCommand({ AliasName: `alias/subject-${n}`, TargetKeyId: keyId }));
  await client.send(new CreateAliasCommand({ AliasName: `alias/helper-${n}`, TargetKeyId: helperId }));
  const objectKey = `object-${n}`;
  await s3Client(gantry).send(new PutObjectCommand({
    Bucket: BUCKET, Key: objectKey, Body: 'data', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId,
  }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: `${objectKey}-plain`, Body: 'data' }));
  const upload = await s3Client(gantry).send(new CreateMultipartUploadCommand({
    Bucket: BUCKET, Key: `${objectKey}-parts`, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId,
  }));
  if (state === 'Disabled') await client.send(new DisableKeyCommand({ KeyId: keyId }));
  if (state === 'PendingDeletion') await client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  return {
    n, keyId, keyArn: key?.Arn as string, helperId, blob, helperBlob,
    grantId: grant.GrantId as string, grantToken: grant.GrantToken as string, objectKey, uploadId: upload.UploadId as string,
  };
}

type Run = (s: Subject) => Promise<unknown>;

const OPERATIONS: Record<string, Run> = {
  Encrypt: (s) => kms().send(new EncryptCommand({ KeyId: s.keyId, Plaintext: Buffer.from('x') })),
  Decrypt: (s) => kms().send(new DecryptCommand({ CiphertextBlob: s.blob })),
  'ReEncrypt from': (s) => kms().send(new ReEncryptCommand({ CiphertextBlob: s.blob, DestinationKeyId: s.helperId })),
  'ReEncrypt to': (s) => kms().send(new ReEncryptCommand({ CiphertextBlob: s.helperBlob, DestinationKeyId: s.keyId })),
  GenerateDataKey: (s) => kms().send(new GenerateDataKeyCommand({ KeyId: s.keyId, KeySpec: 'AES_256' })),
  GenerateDataKeyWithoutPlaintext: (s) => kms().send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: s.keyId, KeySpec: 'AES_256' })),
  DescribeKey: (s) => kms().send(new DescribeKeyCommand({ KeyId: s.keyId })),
  GetKeyPolicy: (s) => kms().send(new GetKeyPolicyCommand({ KeyId: s.keyId, PolicyName: 'default' })),
  PutKeyPolicy: (s) => kms().send(new PutKeyPolicyCommand({ KeyId: s.keyId, PolicyName: 'default', Policy: policy })),
  ListKeyPolicies: (s) => kms().send(new ListKeyPoliciesCommand({ KeyId: s.keyId })),
  EnableKey: (s) => kms().send(new EnableKeyCommand({ KeyId: s.keyId })),
  DisableKey: (s) => kms().send(new DisableKeyCommand({ KeyId: s.keyId })),
  EnableKeyRotation: (s) => kms().send(new EnableKeyRotationCommand({ KeyId: s.keyId })),
  DisableKeyRotation: (s) => kms().send(new DisableKeyRotationCommand({ KeyId: s.keyId })),
  GetKeyRotationStatus: (s) => kms().send(new GetKeyRotationStatusCommand({ KeyId: s.keyId })),
  RotateKeyOnDemand: (s) => kms().send(new RotateKeyOnDemandCommand({ KeyId: s.keyId })),
  ListKeyRotations: (s) => kms().send(new ListKeyRotationsCommand({ KeyId: s.keyId })),
  CreateAlias: (s) => kms().send(new CreateAliasCommand({ AliasName: `alias/new-${s.n}`, TargetKeyId: s.keyId })),
  'UpdateAlias to the key': (s) => kms().send(new UpdateAliasCommand({ AliasName: `alias/helper-${s.n}`, TargetKeyId: s.keyId })),
  'UpdateAlias from the key': (s) => kms().send(new UpdateAliasCommand({ AliasName: `alias/subject-${s.n}`, TargetKeyId: s.helperId })),
  DeleteAlias: (s) => kms().send(new DeleteAliasCommand({ AliasName: `alias/subject-${s.n}` })),
  'ListAliases of the key': async (s) => {
    const aliases = (await kms().send(new ListAliasesCommand({ KeyId: s.keyId }))).Aliases ?? [];
    assert.deepEqual(aliases.map((a) => a.AliasName), [`alias/subject-${s.n}`]);
  },
  'ListKeys lists the key': async (s) => {
    const keys: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms().send(new ListKeysCommand({ Marker: marker }));
      keys.push(...(page.Keys ?? []).map((k) => k.KeyId as string));
      marker = page.NextMarker;
    } while (marker !== undefined);
    assert.ok(keys.includes(s.keyId));
  },
  ListRetirableGrants: async (s) => {
    const grants: string[] = [];
    let marker: string | undefined;
    do {
      const page = await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: `arn:aws:iam::${ACCT}:root`, Marker: marker }));
      grants.push(...(page.Grants ?? []).map((g) => g.GrantId as string));
      marker = page.NextMarker;
    } while (marker !== undefined);
    assert.ok(grants.includes(s.grantId));
  },
  TagResource: (s) => kms().send(new TagResourceCommand({ KeyId: s.keyId, Tags: [{ TagKey: 'stage', TagValue: 'prod' }] })),
  UntagResource: (s) => kms().send(new UntagResourceCommand({ KeyId: s.keyId, TagKeys: ['team'] })),
  ListResourceTags: (s) => kms().send(new ListResourceTagsCommand({ KeyId: s.keyId })),
  CreateGrant: (s) => kms().send(new CreateGrantCommand({ KeyId: s.keyId, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, Operations: ['Encrypt'] })),
  ListGrants: (s) => kms().send(new ListGrantsCommand({ KeyId: s.keyId })),
  RetireGrant: (s) => kms().send(new RetireGrantCommand({ KeyId: s.keyArn, GrantId: s.grantId })),
  RevokeGrant: (s) => kms().send(new RevokeGrantCommand({ KeyId: s.keyId, GrantId: s.grantId })),
  ScheduleKeyDeletion: (s) => kms().send(new ScheduleKeyDeletionCommand({ KeyId: s.keyId, PendingWindowInDays: 7 })),
  CancelKeyDeletion: (s) => kms().send(new CancelKeyDeletionCommand({ KeyId: s.keyId })),
  UpdateKeyDescription: (s) => kms().send(new UpdateKeyDescriptionCommand({ KeyId: s.keyId, Description: 'changed' })),
  'S3 PutObject SSE-KMS': (s) => s3Client(gantry).send(new PutObjectCommand({
    Bucket: BUCKET, Key: `${s.objectKey}-again`, Body: 'data', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: s.keyId,
  })),
  'S3 GetObject SSE-KMS': async (s) => {
    const got = await s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: s.objectKey }));
    return got.Body?.transformToString();
  },
  'S3 HeadObject SSE-KMS': (s) => s3Client(gantry).send(new HeadObjectCommand({ Bucket: BUCKET, Key: s.objectKey })),
  'S3 CopyObject from SSE-KMS': (s) => s3Client(gantry).send(new CopyObjectCommand({
    Bucket: BUCKET, Key: `${s.objectKey}-copy`, CopySource: `${BUCKET}/${s.objectKey}`, ServerSideEncryption: 'AES256',
  })),
  'S3 CopyObject to SSE-KMS': (s) => s3Client(gantry).send(new CopyObjectCommand({
    Bucket: BUCKET, Key: `${s.objectKey}-copy`, CopySource: `${BUCKET}/${s.objectKey}-plain`, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: s.keyId,
  })),
  'S3 CreateMultipartUpload SSE-KMS': (s) => s3Client(gantry).send(new CreateMultipartUploadCommand({
    Bucket: BUCKET, Key: `${s.objectKey}-mpu`, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: s.keyId,
  })),
  'S3 UploadPart SSE-KMS': (s) => s3Client(gantry).send(new UploadPartCommand({
    Bucket: BUCKET, Key: `${s.objectKey}-parts`, UploadId: s.uploadId, PartNumber: 1, Body: 'part',
  })),
};

// The outcomes of the table, by its footnotes: [1] DisabledException "<key ARN> is disabled.",
// [3] KMSInvalidStateException "<key ARN> is pending deletion.", [4] KMSInvalidStateException
// "<key ARN> is not pending deletion.". For cryptographic operations and CreateGrant on a key
// pending deletion the table allows [2] (DisabledException) or [3]; AWS's recorded S3 answers
// show [3] (behavior-spec §3.5), and that is what Gantry gives.
const OK = 'ok';
const DISABLED = 'DisabledException: <arn> is disabled.';
const PENDING = 'KMSInvalidStateException: <arn> is pending deletion.';
const NOT_PENDING = 'KMSInvalidStateException: <arn> is not pending deletion.';
const CRYPTO = [OK, DISABLED, PENDING];
const ANY_STATE = [OK, OK, OK];
const NOT_WHILE_PENDING = [OK, OK, PENDING];
/** Rotation changes: "[1] or [7]" when Disabled, "[3] or [7]" when pending deletion ([7] is for imported or custom-store keys). */
const ROTATION = [OK, DISABLED, PENDING];

const AWS: Record<string, readonly string[]> = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  'ReEncrypt from': CRYPTO,
  'ReEncrypt to': CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  DescribeKey: ANY_STATE,
  GetKeyPolicy: ANY_STATE,
  PutKeyPolicy: ANY_STATE,
  ListKeyPolicies: ANY_STATE,
  EnableKey: NOT_WHILE_PENDING,
  DisableKey: NOT_WHILE_PENDING,
  EnableKeyRotation: ROTATION,
  DisableKeyRotation: ROTATION,
  // "?[7]" in every state but PendingImport and Unavailable: it succeeds for a key of AWS_KMS origin.
  GetKeyRotationStatus: ANY_STATE,
  // [INFER] RotateKeyOnDemand as EnableKeyRotation (a change of the key's material), ListKeyRotations as
  // GetKeyRotationStatus (a read); the table rows for these two newer operations were not at hand.
  RotateKeyOnDemand: ROTATION,
  ListKeyRotations: ANY_STATE,
  CreateAlias: NOT_WHILE_PENDING,
  // [10]: "If the source CMK is pending deletion, the command succeeds. If the destination CMK is
  // pending deletion, the command fails with ... KMSInvalidStateException".
  'UpdateAlias to the key': NOT_WHILE_PENDING,
  'UpdateAlias from the key': ANY_STATE,
  DeleteAlias: ANY_STATE,
  'ListAliases of the key': ANY_STATE,
  'ListKeys lists the key': ANY_STATE,
  ListRetirableGrants: ANY_STATE,
  TagResource: NOT_WHILE_PENDING,
  UntagResource: NOT_WHILE_PENDING,
  ListResourceTags: ANY_STATE,
  CreateGrant: CRYPTO,
  ListGrants: ANY_STATE,
  RetireGrant: ANY_STATE,
  RevokeGrant: ANY_STATE,
  ScheduleKeyDeletion: NOT_WHILE_PENDING,
  CancelKeyDeletion: [NOT_PENDING, NOT_PENDING, OK],
  UpdateKeyDescription: NOT_WHILE_PENDING,
  // S3 passes KMS's error on with the KMS. prefix [OBS] (behavior-spec §2, the recorded get/put-obj-*-key snapshots).
  'S3 PutObject SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
  'S3 GetObject SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
  // HeadObject reads metadata only and needs no kms:Decrypt, so it does not reach the key. [INFER] no recording at hand.
  'S3 HeadObject SSE-KMS': ANY_STATE,
  // A copy decrypts its source and encrypts its destination under the key: Decrypt's and GenerateDataKey's answers.
  'S3 CopyObject from SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
  'S3 CopyObject to SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
  // CreateMultipartUpload generates the upload's data key; each UploadPart decrypts it (why multipart SSE-KMS
  // needs kms:Decrypt). [INFER] the texts, as for PutObject/GetObject.
  'S3 CreateMultipartUpload SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
  'S3 UploadPart SSE-KMS': [OK, `KMS.${DISABLED}`, `KMS.${PENDING}`],
};

async function outcome(run: Run, s: Subject): Promise<string> {
  try {
    await run(s);
    return OK;
  } catch (error) {
    const e = error as Error & { Code?: string };
    return `${e.name}: ${e.message.replaceAll(s.keyArn, '<arn>')}`;
  }
}

test('every operation on an Enabled, Disabled and PendingDeletion key answers as AWS\'s key state table says', async () => {
  assert.deepEqual(Object.keys(AWS).sort(), Object.keys(OPERATIONS).sort());
  const gantryMatrix: Record<string, string[]> = {};
  for (const [name, run] of Object.entries(OPERATIONS)) {
    const row: string[] = [];
    for (const state of STATES) row.push(await outcome(run, await subjectIn(state)));
    gantryMatrix[name] = row;
  }
  assert.deepEqual(gantryMatrix, AWS);
});

test('CancelKeyDeletion leaves the key Disabled, and a pending-deletion key stays pending after refused changes', async () => {
  const s = await subjectIn('PendingDeletion');
  assert.equal(await outcome(() => kms().send(new EnableKeyCommand({ KeyId: s.keyId })), s), PENDING);
  const pending = (await kms().send(new DescribeKeyCommand({ KeyId: s.keyId }))).KeyMetadata;
  // PendingDeletionWindowInDays belongs to a multi-Region primary key in PendingReplicaDeletion (KeyMetadata API reference).
  assert.deepEqual([pending?.KeyState, pending?.Enabled, pending?.PendingDeletionWindowInDays], ['PendingDeletion', false, undefined]);
  assert.ok(pending?.DeletionDate instanceof Date);
  const cancelled = await kms().send(new CancelKeyDeletionCommand({ KeyId: s.keyId }));
  assert.equal(cancelled.KeyId, s.keyArn);
  const metadata = (await kms().send(new DescribeKeyCommand({ KeyId: s.keyId }))).KeyMetadata;
  assert.deepEqual(
    [metadata?.KeyState, metadata?.Enabled, metadata?.DeletionDate, metadata?.PendingDeletionWindowInDays],
    ['Disabled', false, undefined, undefined],
  );
});

test('the state errors name the key ARN whether the request names the key by alias, alias ARN or key ARN, and DryRun does not hide them', async () => {
  const disabled = await subjectIn('Disabled');
  const pending = await subjectIn('PendingDeletion');
  const aliasArn = (s: Subject) => s.keyArn.replace(/key\/.*$/, `alias/subject-${s.n}`);
  for (const [s, text] of [[disabled, DISABLED], [pending, PENDING]] as const) {
    for (const ref of [`alias/subject-${s.n}`, aliasArn(s), s.keyArn]) {
      assert.equal(await outcome(() => kms().send(new EncryptCommand({ KeyId: ref, Plaintext: Buffer.from('x') })), s), text, ref);
      assert.equal(await outcome(() => kms().send(new DecryptCommand({ CiphertextBlob: s.blob, KeyId: ref })), s), text, ref);
    }
    // [INFER] DryRun answers DryRunOperationException only for a request that would succeed; the key state is part of that.
    assert.equal(await outcome(() => kms().send(new EncryptCommand({ KeyId: s.keyId, Plaintext: Buffer.from('x'), DryRun: true })), s), text);
  }
});
