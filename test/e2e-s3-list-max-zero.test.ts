// A listing asked for zero entries (max-keys, max-parts, max-uploads 0) is an empty page that is
// not truncated: AWS answers IsTruncated false (Ceph s3-tests test_bucket_list_maxkeys_zero and
// test_bucket_listv2_maxkeys_zero); versions, parts and uploads are answered alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand,
  ListPartsCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { s3Client } from './support/s3-helpers.js';

const BUCKET = 'max-zero';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const Key of ['bar', 'baz', 'foo/a']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
});

test('ListObjects, ListObjectsV2 and ListObjectVersions with max-keys 0: no entries, IsTruncated false', async () => {
  const s3 = s3Client(gantry);
  const v1 = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, MaxKeys: 0 }));
  assert.equal(v1.IsTruncated, false);
  assert.equal(v1.Contents, undefined);
  const v2 = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 0, Delimiter: '/' }));
  assert.equal(v2.IsTruncated, false);
  assert.equal(v2.KeyCount, 0);
  assert.equal(v2.NextContinuationToken, undefined);
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, MaxKeys: 0 }));
  assert.equal(versions.IsTruncated, false);
  assert.equal(versions.Versions, undefined);
  assert.equal(versions.NextKeyMarker, undefined);
  // One key still pages as before.
  assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 }))).IsTruncated, true);
});

test('ListParts with max-parts 0 and ListMultipartUploads with max-uploads 0: empty and not truncated', async () => {
  const s3 = s3Client(gantry);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big' }));
  await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'other' }));
  await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'big', UploadId, PartNumber: 1, Body: 'part' }));
  const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'big', UploadId, MaxParts: 0 }));
  assert.equal(parts.IsTruncated, false);
  assert.equal(parts.Parts, undefined);
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, MaxUploads: 0 }));
  assert.equal(uploads.IsTruncated, false);
  assert.equal(uploads.Uploads, undefined);
  assert.equal((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, MaxUploads: 1 }))).IsTruncated, true);
});
