// CopyObject and UploadPartCopy against what AWS recorded for them in LocalStack's
// tests/aws/services/s3/test_s3.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { refusal } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const BUCKET = 'copy-source';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});
const s3 = () => s3Client(gantry);

test('an x-amz-copy-source that is no bucket/key is S3\'s "Invalid copy source object key", on CopyObject and UploadPartCopy', async () => {
  // test_s3_copy_object_wrong_format: the model's pattern must not answer first with its own text.
  const expected = ['InvalidArgument', 'Invalid copy source object key', 'x-amz-copy-source', 'x-amz-copy-source', 400];
  const fields = (e: Record<string, unknown>) => [e['name'], e['message'], e['ArgumentName'], e['ArgumentValue'], (e['$metadata'] as { httpStatusCode: number }).httpStatusCode];
  assert.deepEqual(fields(await refusal(s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'destination-key', CopySource: 'wrongformat' })))), expected);
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'destination-key' }));
  assert.deepEqual(fields(await refusal(s3().send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'destination-key', UploadId, PartNumber: 1, CopySource: 'wrongformat' })))), expected);
});

test('an x-amz-copy-source that is not valid percent-encoding (%zz, bytes that are no UTF-8) is "Invalid copy source object key", not an internal error', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'undecodable' }));
  for (const CopySource of [`${BUCKET}/%zz`, `/${BUCKET}/a%C3%28b`, `${BUCKET}/%ED%A0%80`]) {
    for (const call of [
      s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'undecodable', CopySource })),
      s3().send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'undecodable', UploadId, PartNumber: 1, CopySource })),
    ]) {
      const error = await refusal(call);
      assert.deepEqual([error['name'], error['message'], error['ArgumentName']], ['InvalidArgument', 'Invalid copy source object key', 'x-amz-copy-source'], CopySource);
    }
  }
});

test('a copy refused before it reads (a 501 conditional header, a part number out of range) lets go of its source: the source\'s blob is removed once overwritten', async () => {
  const { ETag } = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'held', Body: Buffer.alloc(200 * 1024, 1) }));
  const blobId = gantry.platform.objects.store.getVersion(BUCKET, 'held')?.segments[0]?.blobId as string;
  const path = gantry.platform.objects.blobs.pathOf(blobId);
  assert.ok(path !== null && existsSync(path), 'the source is a blob file');
  const CopySource = `${BUCKET}/held`;
  assert.equal((await refusal(s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource, IfNoneMatch: ETag }))))['name'], 'NotImplemented');
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'copy-parts' }));
  assert.equal((await refusal(s3().send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'copy-parts', UploadId, PartNumber: 10001, CopySource }))))['name'], 'InvalidArgument');
  // Overwritten in an unversioned bucket, the old blob is retired: removed unless a reader still holds it.
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'held', Body: 'replaced' }));
  for (let i = 0; i < 100 && existsSync(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(existsSync(path), false, 'the refused copies released the source');
});
