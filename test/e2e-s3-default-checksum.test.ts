// S3's default checksum through the SDK (AWS since December 2024): an object uploaded without a
// checksum (requestChecksumCalculation WHEN_REQUIRED, a presigned URL) gets a FULL_OBJECT
// CRC64NVME, answered by PutObject, GetObject/HeadObject with ChecksumMode, GetObjectAttributes
// and the three listings; one uploaded with the SDK's CRC32 keeps only that. A multipart upload
// created without an algorithm shows none while it lasts (CreateMultipartUpload, UploadPart,
// UploadPartCopy, ListParts, ListMultipartUploads), and completes into the CRC64NVME of the whole
// object, whatever its parts were sent with. CopyObject carries the source's checksum over. The
// expected values are AWS's (recorded in LocalStack's snapshots) or the SDK's own CRC64NVME (sent
// with a PUT and verified by Gantry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, GetObjectCommand,
  HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand, ListPartsCommand,
  PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand, UploadPartCopyCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { useGantry } from './support/use-gantry.js';
import { crc64nvmeBase64 as crc64 } from './support/crc-reference.js';
import { bareS3Client, bytes, s3Client } from './support/s3-helpers.js';

const MIB = 1024 * 1024;
const BUCKET = 'defaults';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const s3 = () => s3Client(gantry);
/** CRC32 as S3 sends it (4 bytes big-endian, base64), from the bytes: not from an answer of the server's. */
const crc32 = (data: string | Buffer) => {
  const digest = Buffer.alloc(4);
  digest.writeUInt32BE(zlibCrc32(data));
  return digest.toString('base64');
};
const bare = () => bareS3Client(gantry);

/** The checksum members HeadObject and GetObject (ChecksumMode ENABLED) and GetObjectAttributes answer for `key`. */
async function reported(key: string) {
  const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
  const got = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
  await got.Body?.transformToByteArray(); // the SDK validates the FULL_OBJECT checksum against the bytes
  const attrs = await s3().send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: key, ObjectAttributes: ['Checksum'] }));
  return {
    head: { ChecksumCRC64NVME: head.ChecksumCRC64NVME, ChecksumCRC32: head.ChecksumCRC32, ChecksumType: head.ChecksumType },
    get: { ChecksumCRC64NVME: got.ChecksumCRC64NVME, ChecksumCRC32: got.ChecksumCRC32, ChecksumType: got.ChecksumType },
    attrs: attrs.Checksum,
  };
}

const crc64Everywhere = (value: string) => ({
  head: { ChecksumCRC64NVME: value, ChecksumCRC32: undefined, ChecksumType: 'FULL_OBJECT' },
  get: { ChecksumCRC64NVME: value, ChecksumCRC32: undefined, ChecksumType: 'FULL_OBJECT' },
  attrs: { ChecksumCRC64NVME: value, ChecksumType: 'FULL_OBJECT' },
});

test('PutObject without a checksum: a FULL_OBJECT CRC64NVME, answered by the PUT and every read; not without ChecksumMode', async () => {
  // "test data.." is qUVrWYOrIAM= in AWS's answers (LocalStack test_s3_checksum_no_automatic_sdk_calculation).
  const put = await bare().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small', Body: 'test data..' }));
  assert.deepEqual([put.ChecksumCRC64NVME, put.ChecksumType, put.ChecksumCRC32], ['qUVrWYOrIAM=', 'FULL_OBJECT', undefined]);
  assert.deepEqual(await reported('small'), crc64Everywhere('qUVrWYOrIAM='));
  const plain = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'small' }));
  assert.deepEqual([plain.ChecksumCRC64NVME, plain.ChecksumType], [undefined, undefined]);

  // A body past the small-body path, streamed.
  const large = bytes(3 * MIB + 17, 5);
  const streamed = await bare().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'large', Body: large }));
  assert.equal(streamed.ChecksumCRC64NVME, crc64(large));
  assert.deepEqual(await reported('large'), crc64Everywhere(streamed.ChecksumCRC64NVME as string));
});

test('a presigned PUT (no checksum header) gets the CRC64NVME AWS answers for it', async () => {
  const url = await getSignedUrl(s3(), new PutObjectCommand({ Bucket: BUCKET, Key: 'presigned' }), { expiresIn: 60 });
  const answer = await fetch(url, { method: 'PUT', body: 'something' });
  assert.equal(answer.status, 200);
  // AWS's value and type for these bytes (LocalStack TestS3PresignedUrl test_put_object).
  assert.equal(answer.headers.get('x-amz-checksum-crc64nvme'), '1BGd19PD4OU=');
  assert.equal(answer.headers.get('x-amz-checksum-type'), 'FULL_OBJECT');
  assert.deepEqual(await reported('presigned'), crc64Everywhere('1BGd19PD4OU='));
});

test('PutObject with the SDK\'s default CRC32 keeps that one only', async () => {
  const put = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'crc32', Body: 'test data..' }));
  assert.deepEqual([put.ChecksumCRC32, put.ChecksumCRC64NVME], [crc32('test data..'), undefined]);
  const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'crc32', ChecksumMode: 'ENABLED' }));
  assert.deepEqual([head.ChecksumCRC32, head.ChecksumCRC64NVME, head.ChecksumType], [crc32('test data..'), undefined, 'FULL_OBJECT']);
});

test('listings name CRC64NVME / FULL_OBJECT for an object uploaded without a checksum', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'listed' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'listed', VersioningConfiguration: { Status: 'Enabled' } }));
  await bare().send(new PutObjectCommand({ Bucket: 'listed', Key: 'k', Body: 'abc' }));
  const v2 = await s3().send(new ListObjectsV2Command({ Bucket: 'listed' }));
  const v1 = await s3().send(new ListObjectsCommand({ Bucket: 'listed' }));
  const versions = await s3().send(new ListObjectVersionsCommand({ Bucket: 'listed' }));
  for (const [name, entry] of [['V2', v2.Contents?.[0]], ['V1', v1.Contents?.[0]], ['versions', versions.Versions?.[0]]] as const) {
    assert.deepEqual([entry?.ChecksumAlgorithm, entry?.ChecksumType], [['CRC64NVME'], 'FULL_OBJECT'], name);
  }
});

test('multipart without an algorithm: nothing shown while it lasts, the CRC64NVME of the whole object once completed', async () => {
  // Part 1 with the SDK's default CRC32, part 2 with no checksum at all.
  const body = [bytes(5 * MIB, 1), bytes(4321, 2)];
  const created = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mpu' }));
  assert.deepEqual([created.ChecksumAlgorithm, created.ChecksumType], [undefined, undefined]);
  const UploadId = created.UploadId as string;
  const p1 = await s3().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mpu', UploadId, PartNumber: 1, Body: body[0] }));
  const p2 = await bare().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mpu', UploadId, PartNumber: 2, Body: body[1] }));
  // Each part answers the checksum its request named, and only that (AWS: upload-part-different-checksum-than-default).
  assert.equal(p1.ChecksumCRC32, crc32(body[0] as Buffer));
  assert.deepEqual([p1.ChecksumCRC64NVME, p2.ChecksumCRC32, p2.ChecksumCRC64NVME], [undefined, undefined, undefined]);
  const listed = await s3().send(new ListPartsCommand({ Bucket: BUCKET, Key: 'mpu', UploadId }));
  assert.deepEqual(listed.Parts?.map((p) => [p.ChecksumCRC32, p.ChecksumCRC64NVME]), [[undefined, undefined], [undefined, undefined]]);
  assert.deepEqual([listed.ChecksumAlgorithm, listed.ChecksumType], [undefined, undefined]);
  const uploads = await s3().send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
  assert.deepEqual(uploads.Uploads?.map((u) => [u.ChecksumAlgorithm, u.ChecksumType]), [[undefined, undefined]]);
  const parts: CompletedPart[] = [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }];
  const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'mpu', UploadId, MultipartUpload: { Parts: parts } }));
  const whole = crc64(Buffer.concat(body));
  assert.deepEqual([done.ChecksumCRC64NVME, done.ChecksumType], [whole, 'FULL_OBJECT']);
  assert.deepEqual(await reported('mpu'), crc64Everywhere(whole));
  const attrs = await s3().send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: 'mpu', ObjectAttributes: ['ObjectParts'] }));
  assert.deepEqual(attrs.ObjectParts, { TotalPartsCount: 2 });
});

test('multipart of one part sent without a checksum: the value AWS answers', async () => {
  // LocalStack test_multipart_and_list_parts: "upload-part-1" x5 completes into CTXktO4pIQs=.
  const { UploadId } = await bare().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'one-part' }));
  const part = await bare().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'one-part', UploadId, PartNumber: 1, Body: 'upload-part-1'.repeat(5) }));
  const done = await bare().send(new CompleteMultipartUploadCommand({
    Bucket: BUCKET, Key: 'one-part', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  }));
  assert.deepEqual([done.ChecksumCRC64NVME, done.ChecksumType], ['CTXktO4pIQs=', 'FULL_OBJECT']);
});

test('UploadPartCopy into an upload without an algorithm: no checksum in CopyPartResult, the CRC64NVME of the whole once completed', async () => {
  const source = bytes(5 * MIB + 99, 7);
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-source', Body: source }));
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'copied-parts' }));
  const ranges = [[0, 5 * MIB - 1], [5 * MIB, source.length - 1]] as const;
  const parts: CompletedPart[] = [];
  for (const [i, [first, last]] of ranges.entries()) {
    const out = await s3().send(new UploadPartCopyCommand({
      Bucket: BUCKET, Key: 'copied-parts', UploadId, PartNumber: i + 1, CopySource: `${BUCKET}/copy-source`, CopySourceRange: `bytes=${first}-${last}`,
    }));
    assert.deepEqual([out.CopyPartResult?.ChecksumCRC64NVME, out.CopyPartResult?.ChecksumCRC32], [undefined, undefined]);
    parts.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag });
  }
  const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'copied-parts', UploadId, MultipartUpload: { Parts: parts } }));
  assert.deepEqual([done.ChecksumCRC64NVME, done.ChecksumType], [crc64(source), 'FULL_OBJECT']);
});

test('CopyObject: a source with the default CRC64NVME passes it on; a CRC32 source its CRC32', async () => {
  // LocalStack test_s3_copy_object_with_default_checksum: '{"key": "value"}' is pX30eiUx5C0=.
  await bare().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-me', Body: '{"key": "value"}' }));
  const copied = await s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-dest', CopySource: `${BUCKET}/copy-me` }));
  assert.deepEqual([copied.CopyObjectResult?.ChecksumCRC64NVME, copied.CopyObjectResult?.ChecksumType], ['pX30eiUx5C0=', 'FULL_OBJECT']);
  assert.deepEqual(await reported('copy-dest'), crc64Everywhere('pX30eiUx5C0='));

  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-crc32', Body: '{"key": "value"}' }));
  const fromCrc32 = await s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-crc32-dest', CopySource: `${BUCKET}/copy-crc32` }));
  assert.deepEqual([fromCrc32.CopyObjectResult?.ChecksumCRC32, fromCrc32.CopyObjectResult?.ChecksumCRC64NVME], [crc32('{"key": "value"}'), undefined]);
});
