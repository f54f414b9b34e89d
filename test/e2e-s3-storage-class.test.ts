// Storage classes end to end with the SDK: kept on PutObject, CopyObject and multipart
// uploads, reported by HEAD, GET and every listing; archived objects (GLACIER, DEEP_ARCHIVE)
// refuse GetObject and copying with InvalidObjectState, and RestoreObject is NotImplemented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command, ListPartsCommand, PutObjectCommand, RestoreObjectCommand,
  UploadPartCommand, UploadPartCopyCommand, type StorageClass,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'classes' }));
});

const put = (Key: string, StorageClass?: string) =>
  s3Client(gantry).send(new PutObjectCommand({ Bucket: 'classes', Key, Body: Key, ...(StorageClass ? { StorageClass: StorageClass as StorageClass } : {}) }));
const headClass = async (Key: string) => (await s3Client(gantry).send(new HeadObjectCommand({ Bucket: 'classes', Key }))).StorageClass;

test('PutObject keeps the class; HEAD, GET and the listings report it; unknown classes are InvalidStorageClass', async () => {
  const s3 = s3Client(gantry);
  await put('plain');
  await put('infrequent', 'STANDARD_IA');
  await put('archived', 'GLACIER');
  await put('deep', 'DEEP_ARCHIVE');
  await rejects(put('bogus', 'COLD'), 'InvalidStorageClass', 'The storage class you specified is not valid', 400);

  assert.equal(await headClass('plain'), undefined);
  assert.equal(await headClass('infrequent'), 'STANDARD_IA');
  assert.equal(await headClass('archived'), 'GLACIER');
  const got = await s3.send(new GetObjectCommand({ Bucket: 'classes', Key: 'infrequent' }));
  assert.equal(got.StorageClass, 'STANDARD_IA');
  assert.equal(await got.Body?.transformToString(), 'infrequent');

  const expected = { archived: 'GLACIER', deep: 'DEEP_ARCHIVE', infrequent: 'STANDARD_IA', plain: 'STANDARD' };
  const v2 = await s3.send(new ListObjectsV2Command({ Bucket: 'classes' }));
  assert.deepEqual(Object.fromEntries(v2.Contents?.map((o) => [o.Key, o.StorageClass]) ?? []), expected);
  const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'classes' }));
  assert.deepEqual(Object.fromEntries(v1.Contents?.map((o) => [o.Key, o.StorageClass]) ?? []), expected);
});

test('archived objects: GetObject and copies are InvalidObjectState, RestoreObject is NotImplemented', async () => {
  const s3 = s3Client(gantry);
  for (const [Key, storageClass] of [['archived', 'GLACIER'], ['deep', 'DEEP_ARCHIVE']] as const) {
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'classes', Key })), 'InvalidObjectState', "The operation is not valid for the object's storage class", 403);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'classes', Key })), (error: Error & { StorageClass?: string }) => error.StorageClass === storageClass);
  }
  await rejects(s3.send(new CopyObjectCommand({ Bucket: 'classes', Key: 'thawed', CopySource: 'classes/archived' })),
    'InvalidObjectState', "Operation is not valid for the source object's storage class", 403);
  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'classes', Key: 'from-archive' }));
  await rejects(s3.send(new UploadPartCopyCommand({ Bucket: 'classes', Key: 'from-archive', UploadId: upload.UploadId, PartNumber: 1, CopySource: 'classes/deep' })),
    'InvalidObjectState', undefined, 403);
  await rejects(s3.send(new RestoreObjectCommand({ Bucket: 'classes', Key: 'archived', RestoreRequest: { Days: 1 } })), 'NotImplemented', undefined, 501);
});

test('CopyObject takes the class it names, else STANDARD; a copy onto itself may change only the class', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CopyObjectCommand({ Bucket: 'classes', Key: 'copy-default', CopySource: 'classes/infrequent' }));
  assert.equal(await headClass('copy-default'), undefined);
  await s3.send(new CopyObjectCommand({ Bucket: 'classes', Key: 'copy-onezone', CopySource: 'classes/plain', StorageClass: 'ONEZONE_IA' }));
  assert.equal(await headClass('copy-onezone'), 'ONEZONE_IA');
  await s3.send(new CopyObjectCommand({ Bucket: 'classes', Key: 'plain', CopySource: 'classes/plain', StorageClass: 'GLACIER' }));
  assert.equal(await headClass('plain'), 'GLACIER');
  await rejects(s3.send(new CopyObjectCommand({ Bucket: 'classes', Key: 'x', CopySource: 'classes/infrequent', StorageClass: 'COLD' as StorageClass })),
    'InvalidStorageClass', 'The storage class you specified is not valid', 400);
});

test('multipart uploads keep the class from CreateMultipartUpload to the completed object', async () => {
  const s3 = s3Client(gantry);
  await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: 'classes', Key: 'mpu', StorageClass: 'COLD' as StorageClass })), 'InvalidStorageClass');
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'classes', Key: 'mpu', StorageClass: 'INTELLIGENT_TIERING' }));
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'classes', Prefix: 'mpu' }));
  assert.deepEqual(uploads.Uploads?.map((u) => u.StorageClass), ['INTELLIGENT_TIERING']);
  const part = await s3.send(new UploadPartCommand({ Bucket: 'classes', Key: 'mpu', UploadId, PartNumber: 1, Body: 'only part' }));
  assert.equal((await s3.send(new ListPartsCommand({ Bucket: 'classes', Key: 'mpu', UploadId }))).StorageClass, 'INTELLIGENT_TIERING');
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'classes', Key: 'mpu', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
  assert.equal(await headClass('mpu'), 'INTELLIGENT_TIERING');
});
