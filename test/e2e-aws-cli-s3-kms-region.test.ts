// End to end with the AWS CLI: SSE-KMS in a bucket outside the default Region. S3 uses KMS
// keys of its bucket's Region only ("The AWS KMS key and the S3 bucket must be in the same
// Region", UsingKMSEncryption.html): ids and aliases are looked up there, the AWS managed key
// aws/s3 is that Region's, and a key ARN of another Region is refused with the KMS text AWS
// gives (LocalStack's recorded test_s3_sse_validate_kms_key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { useCliSession } from './support/cli-session.js';
import { bytes } from './support/s3-helpers.js';

const ACCT = '111122223333';
const REGION = 'eu-west-1';
const BUCKET = 'kms-in-dublin';
const BIG = 20 * 1024 * 1024;
/** `aws s3 cp` exits 1 when a transfer failed (https://docs.aws.amazon.com/cli/latest/topic/return-codes.html). */
const TRANSFER_FAILED = 1;

const session = useCliSession({
  accountId: ACCT, name: 'kms-region',
  setup: (started) => {
    writeFileSync(started.path('features.csv'), 'x,y\n1,2\n');
    writeFileSync(started.path('checkpoint.bin'), bytes(BIG, 11));
  },
});
const { skip, ok, fails } = session;
const inRegion = (args: string[]): string[] => [...args, '--region', REGION];
const sha256 = (name: string): string => createHash('sha256').update(readFileSync(session.path(name))).digest('hex');

let dublinKey = { KeyId: '', Arn: '' };
let virginiaKey = { KeyId: '', Arn: '' };

test('set-up: a bucket in eu-west-1, a key and alias there, and a key in us-east-1', { skip }, async () => {
  assert.deepEqual(await ok(inRegion(['s3', 'mb', `s3://${BUCKET}`])), [`make_bucket: ${BUCKET}`]);
  dublinKey = (await ok(inRegion(['kms', 'create-key', '--description', 'dublin datasets']))).KeyMetadata;
  assert.match(dublinKey.Arn, new RegExp(`^arn:aws:kms:${REGION}:${ACCT}:key/`));
  await ok(inRegion(['kms', 'create-alias', '--alias-name', 'alias/datasets', '--target-key-id', dublinKey.KeyId]));
  virginiaKey = (await ok(['kms', 'create-key', '--description', 'virginia key'])).KeyMetadata;
});

test('aws s3 cp --sse aws:kms with the bucket Region\'s alias: written under that key, read back, 20 MiB multipart too', { skip }, async () => {
  await ok(inRegion(['s3', 'cp', 'features.csv', `s3://${BUCKET}/features.csv`, '--sse', 'aws:kms', '--sse-kms-key-id', 'alias/datasets']));
  const head = await ok(inRegion(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'features.csv']));
  assert.equal(head.ServerSideEncryption, 'aws:kms');
  assert.equal(head.SSEKMSKeyId, dublinKey.Arn);
  await ok(inRegion(['s3', 'cp', `s3://${BUCKET}/features.csv`, 'features-back.csv']));
  assert.equal(readFileSync(session.path('features-back.csv'), 'utf8'), 'x,y\n1,2\n');

  await ok(inRegion(['s3', 'cp', 'checkpoint.bin', `s3://${BUCKET}/checkpoint.bin`, '--sse', 'aws:kms', '--sse-kms-key-id', dublinKey.Arn]));
  const big = await ok(inRegion(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'checkpoint.bin']));
  assert.match(big.ETag, /-3"$/, 'uploaded in parts');
  assert.equal(big.SSEKMSKeyId, dublinKey.Arn);
  await ok(inRegion(['s3', 'cp', `s3://${BUCKET}/checkpoint.bin`, 'checkpoint-back.bin']));
  assert.equal(sha256('checkpoint-back.bin'), sha256('checkpoint.bin'));
});

test('--sse aws:kms without a key uses the AWS managed key aws/s3 of the bucket\'s Region; so does a bucket default', { skip }, async () => {
  await ok(inRegion(['s3', 'cp', 'features.csv', `s3://${BUCKET}/managed.csv`, '--sse', 'aws:kms']));
  const head = await ok(inRegion(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'managed.csv']));
  const managed = await ok(inRegion(['kms', 'describe-key', '--key-id', 'alias/aws/s3']));
  assert.equal(head.SSEKMSKeyId, managed.KeyMetadata.Arn);
  assert.match(managed.KeyMetadata.Arn, new RegExp(`^arn:aws:kms:${REGION}:`));

  await ok(inRegion(['s3api', 'put-bucket-encryption', '--bucket', BUCKET, '--server-side-encryption-configuration',
    JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/datasets' } }] })]));
  await ok(inRegion(['s3', 'cp', 'features.csv', `s3://${BUCKET}/by-default.csv`]));
  assert.equal((await ok(inRegion(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'by-default.csv']))).SSEKMSKeyId, dublinKey.Arn);
  await ok(inRegion(['s3api', 'delete-bucket-encryption', '--bucket', BUCKET]));
});

test('a key of another Region is refused: its ARN as "Invalid arn <region>", its bare id as not existing in the bucket\'s Region', { skip }, async () => {
  await fails(inRegion(['s3', 'cp', 'features.csv', `s3://${BUCKET}/wrong.csv`, '--sse', 'aws:kms', '--sse-kms-key-id', virginiaKey.Arn]), undefined,
    `upload failed: ./features.csv to s3://${BUCKET}/wrong.csv An error occurred (KMS.NotFoundException) when calling the PutObject operation: Invalid arn us-east-1`,
    TRANSFER_FAILED);
  await fails(inRegion(['s3', 'cp', 'features.csv', `s3://${BUCKET}/wrong.csv`, '--sse', 'aws:kms', '--sse-kms-key-id', virginiaKey.KeyId]), undefined,
    `upload failed: ./features.csv to s3://${BUCKET}/wrong.csv An error occurred (KMS.NotFoundException) when calling the PutObject operation: ` +
    `Key 'arn:aws:kms:${REGION}:${ACCT}:key/${virginiaKey.KeyId}' does not exist`,
    TRANSFER_FAILED);
});
