// SSE-KMS end to end (the seed scenario): a private bucket whose default encryption is a
// customer managed key. A role allowed by IAM for S3 and KMS is refused with AWS's texts
// while the key policy does not let IAM policies grant; allowed once it delegates to the
// account; a disabled or pending-deletion key stops reads and writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CreateBucketCommand, GetBucketEncryptionCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutObjectCommand,
  CopyObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand, CancelKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, iamClient, kmsClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'ml-private-data';
let admin: Credentials;
let role: Credentials;
let keyArn: string;

const kms = (creds: Credentials) => kmsClient(gantry, creds);
const adminStatement = { Sid: 'KeyAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/kms-admin` }, Action: 'kms:*', Resource: '*' };
const delegation = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' };
const keyPolicy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const gantry = useGantry({ accountId: ACCT }, async () => {
  admin = await userWithPolicy(gantry, 'kms-admin', [{ Effect: 'Allow', Action: ['kms:*', 's3:*', 'sts:AssumeRole'], Resource: '*' }]);
  const created = await kms(admin).send(new CreateKeyCommand({ Policy: keyPolicy([adminStatement]), Description: 'ml data' }));
  keyArn = created.KeyMetadata?.Arn as string;
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3Client(gantry).send(new PutBucketEncryptionCommand({
    Bucket: BUCKET,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  const iam = iamClient(gantry);
  await iam.send(new CreateRoleCommand({
    RoleName: 'ml-role',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }] }),
  }));
  await iam.send(new PutRolePolicyCommand({
    RoleName: 'ml-role', PolicyName: 'data',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn },
    ] }),
  }));
  const assumed = await new STSClient(clientConfig(gantry, admin)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/ml-role`, RoleSessionName: 'job' }));
  role = {
    accessKeyId: assumed.Credentials?.AccessKeyId as string,
    secretAccessKey: assumed.Credentials?.SecretAccessKey as string,
    sessionToken: assumed.Credentials?.SessionToken as string,
  };
});

test('default SSE-KMS: objects carry the key ARN, and bytes on disk are not plaintext', async () => {
  const config = await s3Client(gantry).send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
  assert.equal(config.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, keyArn);
  const body = Buffer.from('TRAINING-DATA-ROW,'.repeat(4000));
  const put = await s3Client(gantry, admin).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv', Body: body }));
  assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId], ['aws:kms', keyArn]);
  const head = await s3Client(gantry, admin).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' }));
  assert.deepEqual([head.ServerSideEncryption, head.SSEKMSKeyId], ['aws:kms', keyArn]);
  const got = await s3Client(gantry, admin).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' }));
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
  const record = gantry.platform.objects.store.getVersion(BUCKET, 'input/data.csv');
  assert.deepEqual(record?.encryption?.context, { 'aws:s3:arn': `arn:aws:s3:::${BUCKET}/input/data.csv` });
  for (const segment of record?.segments ?? []) {
    assert.equal(readFileSync(gantry.platform.objects.blobs.pathOf(segment.blobId) as string).includes(Buffer.from('TRAINING-DATA-ROW')), false);
  }
  // The root user is the account, which a key policy does not trust by itself.
  await rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' })), 'AccessDenied',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.', 403);
});

test('a role allowed by IAM but not by the key policy is refused; allowed once the key policy delegates to the account', async () => {
  const s3 = s3Client(gantry, role);
  await rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'output/result.csv', Body: 'r' })), 'AccessDenied',
    `User: arn:aws:sts::${ACCT}:assumed-role/ml-role/job is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`, 403);
  await rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' })), 'AccessDenied',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.', 403);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'elsewhere-not-allowed', Key: 'x', Body: 'x' })), 'NoSuchBucket');

  await kms(admin).send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: keyPolicy([adminStatement, delegation]) }));
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'output/result.csv', Body: 'result' }));
  assert.equal(put.SSEKMSKeyId, keyArn);
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' }))).Body!.transformToString().then((t) => t.length), 72000);

  const big = bytes(11 * 1024 * 1024, 5);
  await new Upload({ client: s3, params: { Bucket: BUCKET, Key: 'output/model.bin', Body: big }, partSize: 5 * 1024 * 1024 }).done();
  const model = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'output/model.bin' }));
  assert.equal(model.SSEKMSKeyId, keyArn);
  assert.ok(Buffer.from(await model.Body!.transformToByteArray()).equals(big));

  const copied = await s3Client(gantry, admin).send(new CopyObjectCommand({
    Bucket: BUCKET, Key: 'copies/sse-s3.csv', CopySource: `${BUCKET}/output/result.csv`, ServerSideEncryption: 'AES256',
  }));
  assert.equal(copied.ServerSideEncryption, 'AES256');
});

test('aws:kms without a key id uses the AWS managed key aws/s3; bucket keys bind the bucket ARN', async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'managed-key-bucket' }));
  const put = await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'managed-key-bucket', Key: 'k', Body: 'v', ServerSideEncryption: 'aws:kms' }));
  assert.match(put.SSEKMSKeyId ?? '', new RegExp(`^arn:aws:kms:us-east-1:${ACCT}:key/`));
  assert.notEqual(put.SSEKMSKeyId, keyArn);
  assert.equal(await (await s3Client(gantry).send(new GetObjectCommand({ Bucket: 'managed-key-bucket', Key: 'k' }))).Body!.transformToString(), 'v');
  const keyed = await s3Client(gantry, admin).send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'bucket-key', Body: 'b', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, BucketKeyEnabled: true,
  }));
  assert.equal(keyed.BucketKeyEnabled, true);
  assert.deepEqual(gantry.platform.objects.store.getVersion(BUCKET, 'bucket-key')?.encryption?.context, { 'aws:s3:arn': `arn:aws:s3:::${BUCKET}` });
  await rejects(s3Client(gantry).send(new PutObjectCommand({ Bucket: 'managed-key-bucket', Key: 'k2', Body: 'v', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'fake-key-id' })),
    'KMS.NotFoundException', "Invalid keyId 'fake-key-id'", 400);
});

test('a disabled or pending-deletion key stops reads and writes', async () => {
  const s3 = s3Client(gantry, role);
  await kms(admin).send(new DisableKeyCommand({ KeyId: keyArn }));
  await rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'output/again.csv', Body: 'x' })), 'KMS.DisabledException', `${keyArn} is disabled.`, 400);
  await rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' })), 'KMS.DisabledException', `${keyArn} is disabled.`, 400);
  await kms(admin).send(new EnableKeyCommand({ KeyId: keyArn }));
  await kms(admin).send(new ScheduleKeyDeletionCommand({ KeyId: keyArn, PendingWindowInDays: 7 }));
  await rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'input/data.csv' })), 'KMS.KMSInvalidStateException', `${keyArn} is pending deletion.`, 400);
  await rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'output/again.csv', Body: 'x' })), 'KMS.KMSInvalidStateException', `${keyArn} is pending deletion.`);
  await kms(admin).send(new CancelKeyDeletionCommand({ KeyId: keyArn }));
  await kms(admin).send(new EnableKeyCommand({ KeyId: keyArn }));
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'output/result.csv' }))).Body!.transformToString(), 'result');
});
