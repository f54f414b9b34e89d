// End to end with the AWS CLI: workflows an ML engineer strings together, where an answer
// depends on what an earlier command left behind: emptying a bucket that had versioning.
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
