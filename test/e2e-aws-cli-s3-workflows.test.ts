// End to end with the AWS CLI: workflows an ML engineer strings together, where an answer
// depends on what an earlier command left behind: emptying a bucket that had versioning, and
// re-encrypting objects in place after setting a bucket's default encryption.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { useCliSession } from './support/cli-session.js';

const ACCT = '111122223333';
/** `aws s3` exits 1 when a command failed (https://docs.aws.amazon.com/cli/latest/topic/return-codes.html). */
const S3_COMMAND_FAILED = 1;

const session = useCliSession({
  accountId: ACCT, name: 'workflows',
  setup: (started) => {
    writeFileSync(started.path('weights.txt'), 'layer weights\n');
  },
});
const { skip, ok, fails } = session;

test('aws s3 rm --recursive leaves a versioned bucket\'s versions: aws s3 rb says to delete all versions; an unversioned one does not', { skip }, async () => {
  await ok(['s3', 'mb', 's3://wf-versioned']);
  await ok(['s3api', 'put-bucket-versioning', '--bucket', 'wf-versioned', '--versioning-configuration', 'Status=Enabled']);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-versioned/run/weights.txt']);
  assert.deepEqual(await ok(['s3', 'rm', 's3://wf-versioned', '--recursive']), ['delete: s3://wf-versioned/run/weights.txt']);
  assert.deepEqual(await ok(['s3', 'ls', 's3://wf-versioned', '--recursive']), []);
  // The text AWS gives a bucket with versioning Enabled or Suspended (LocalStack's recorded
  // test_delete_versioned_bucket_with_objects).
  await fails(['s3', 'rb', 's3://wf-versioned'], undefined,
    'remove_bucket failed: s3://wf-versioned An error occurred (BucketNotEmpty) when calling the DeleteBucket operation: ' +
    'The bucket you tried to delete is not empty. You must delete all versions in the bucket.', S3_COMMAND_FAILED);
  await ok(['s3api', 'put-bucket-versioning', '--bucket', 'wf-versioned', '--versioning-configuration', 'Status=Suspended']);
  await fails(['s3', 'rb', 's3://wf-versioned'], undefined, /not empty\. You must delete all versions in the bucket\.$/, S3_COMMAND_FAILED);

  await ok(['s3', 'mb', 's3://wf-plain']);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-plain/weights.txt']);
  await fails(['s3', 'rb', 's3://wf-plain'], undefined,
    'remove_bucket failed: s3://wf-plain An error occurred (BucketNotEmpty) when calling the DeleteBucket operation: The bucket you tried to delete is not empty',
    S3_COMMAND_FAILED);
});

test('after put-bucket-encryption, aws s3 cp --recursive onto the same prefix re-encrypts existing objects under the new default', { skip }, async () => {
  const key = await ok(['kms', 'create-key', '--description', 'dataset key']);
  await ok(['kms', 'create-alias', '--alias-name', 'alias/wf-datasets', '--target-key-id', key.KeyMetadata.KeyId]);
  await ok(['s3', 'mb', 's3://wf-reencrypt']);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-reencrypt/a/weights.txt']);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-reencrypt/b/weights.txt']);
  // Unchanged and under the implicit SSE-S3 default, a copy onto itself is still refused.
  await fails(['s3api', 'copy-object', '--bucket', 'wf-reencrypt', '--key', 'a/weights.txt', '--copy-source', 'wf-reencrypt/a/weights.txt'], undefined,
    /\(InvalidRequest\) when calling the CopyObject operation: This copy request is illegal because it is trying to copy an object to itself/);

  await ok(['s3api', 'put-bucket-encryption', '--bucket', 'wf-reencrypt', '--server-side-encryption-configuration',
    JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/wf-datasets' } }] })]);
  const copied: string[] = await ok(['s3', 'cp', 's3://wf-reencrypt/', 's3://wf-reencrypt/', '--recursive']);
  assert.deepEqual(copied.sort(), ['a', 'b'].map((p) => `copy: s3://wf-reencrypt/${p}/weights.txt to s3://wf-reencrypt/${p}/weights.txt`));
  for (const p of ['a', 'b']) {
    const head = await ok(['s3api', 'head-object', '--bucket', 'wf-reencrypt', '--key', `${p}/weights.txt`]);
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.equal(head.SSEKMSKeyId, key.KeyMetadata.Arn);
  }
});

test('a configured SSE-S3 default also allows a copy in place; so does an SSE-KMS object without one, which lands under SSE-S3', { skip }, async () => {
  await ok(['s3', 'mb', 's3://wf-sse-s3']);
  await ok(['s3api', 'put-bucket-encryption', '--bucket', 'wf-sse-s3', '--server-side-encryption-configuration',
    JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] })]);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-sse-s3/weights.txt']);
  const inPlace = await ok(['s3api', 'copy-object', '--bucket', 'wf-sse-s3', '--key', 'weights.txt', '--copy-source', 'wf-sse-s3/weights.txt']);
  assert.equal(inPlace.ServerSideEncryption, 'AES256');

  await ok(['s3', 'mb', 's3://wf-kms-object']);
  await ok(['s3', 'cp', 'weights.txt', 's3://wf-kms-object/weights.txt', '--sse', 'aws:kms']);
  const fromKms = await ok(['s3api', 'copy-object', '--bucket', 'wf-kms-object', '--key', 'weights.txt', '--copy-source', 'wf-kms-object/weights.txt']);
  assert.equal(fromKms.ServerSideEncryption, 'AES256');
  assert.equal(fromKms.SSEKMSKeyId, undefined);
  // Now SSE-S3 under the implicit default: unchanged again, so refused again.
  await fails(['s3api', 'copy-object', '--bucket', 'wf-kms-object', '--key', 'weights.txt', '--copy-source', 'wf-kms-object/weights.txt'], undefined,
    /\(InvalidRequest\).*copy an object to itself/);

  // DeleteBucketEncryption brings back the implicit default, and the refusal with it.
  await ok(['s3api', 'delete-bucket-encryption', '--bucket', 'wf-sse-s3']);
  await fails(['s3api', 'copy-object', '--bucket', 'wf-sse-s3', '--key', 'weights.txt', '--copy-source', 'wf-sse-s3/weights.txt'], undefined,
    /\(InvalidRequest\).*copy an object to itself/);
});
