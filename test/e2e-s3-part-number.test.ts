// GetObject/HeadObject with PartNumber through the SDK: each part of a 3-part upload comes back
// alone (206, Content-Range, PartsCount, the object's ETag), under SSE-S3 and SSE-KMS; an object
// written whole is its own part 1; a part the object lacks is 416 InvalidPartNumber; a part
// number outside 1..10000 (or no number at all), or one with a Range, is refused; conditional
// headers still apply. Parts are counted by position: uploaded as 1, 3 and 7 (legal only without
// a checksum algorithm) they are parts 1..3, to GetObjectAttributes too; an upload with per-part
// checksums must complete from parts 1..N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketEncryptionCommand, PutObjectCommand, UploadPartCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, kmsClient, s3Client } from './support/s3-helpers.js';

const MIB = 1024 * 1024;
const gantry = useGantry({ accountId: '111122223333' });

const s3 = () => s3Client(gantry);

/** Two 5 MiB parts and a short last one, uploaded and completed. */
async function uploadThreeParts(bucket: string, key: string): Promise<{ parts: Buffer[]; etag: string }> {
  const parts = [bytes(5 * MIB, 1), bytes(5 * MIB, 2), bytes(MIB + 123, 3)];
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const done = [];
  for (const [i, part] of parts.entries()) {
    const { ETag } = await s3().send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: part }));
    done.push({ PartNumber: i + 1, ETag });
  }
  const completed = await s3().send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: done } }));
  return { parts, etag: completed.ETag as string };
}

async function checkEachPart(bucket: string, key: string, sse: string): Promise<void> {
  const { parts, etag } = await uploadThreeParts(bucket, key);
  const total = parts.reduce((n, p) => n + p.length, 0);
  let start = 0;
  for (const [i, part] of parts.entries()) {
    const range = `bytes ${start}-${start + part.length - 1}/${total}`;
    const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, PartNumber: i + 1 }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.deepEqual([got.ContentRange, got.ContentLength, got.PartsCount, got.ETag, got.ServerSideEncryption], [range, part.length, 3, etag, sse]);
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(part), `part ${i + 1}'s bytes`);
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, PartNumber: i + 1 }));
    assert.equal(head.$metadata.httpStatusCode, 206);
    assert.deepEqual([head.ContentRange, head.ContentLength, head.PartsCount, head.ETag], [range, part.length, 3, etag]);
    start += part.length;
  }
  await rejects(s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, PartNumber: 4 })), 'InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, PartNumber: 4 })), null, undefined, 416);
  // Without a partNumber the object is whole again, with no parts count.
  const whole = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.deepEqual([whole.$metadata.httpStatusCode, whole.ContentLength, whole.PartsCount, whole.ContentRange], [200, total, undefined, undefined]);
}

test('SSE-S3: each part of a 3-part upload by PartNumber, GET and HEAD; part 4 is InvalidPartNumber', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-s3' }));
  await checkEachPart('parts-s3', 'big.bin', 'AES256');
});

test('SSE-KMS: each part of a 3-part upload by PartNumber, decrypted with the bucket key', async () => {
  const keyArn = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-kms' }));
  await s3().send(new PutBucketEncryptionCommand({
    Bucket: 'parts-kms',
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  await checkEachPart('parts-kms', 'big.bin', 'aws:kms');
});

test('an object written whole is its part 1 (206, the whole range, no PartsCount); part 2 is InvalidPartNumber', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-single' }));
  const body = bytes(3000, 9);
  const put = await s3().send(new PutObjectCommand({ Bucket: 'parts-single', Key: 'one', Body: body }));
  const got = await s3().send(new GetObjectCommand({ Bucket: 'parts-single', Key: 'one', PartNumber: 1 }));
  assert.deepEqual([got.$metadata.httpStatusCode, got.ContentRange, got.ContentLength, got.PartsCount, got.ETag], [206, 'bytes 0-2999/3000', 3000, undefined, put.ETag]);
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'parts-single', Key: 'one', PartNumber: 1 }));
  assert.deepEqual([head.$metadata.httpStatusCode, head.ContentRange, head.ContentLength], [206, 'bytes 0-2999/3000', 3000]);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-single', Key: 'one', PartNumber: 2 })), 'InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);

  await s3().send(new PutObjectCommand({ Bucket: 'parts-single', Key: 'empty', Body: '' }));
  const empty = await s3().send(new GetObjectCommand({ Bucket: 'parts-single', Key: 'empty', PartNumber: 1 }));
  assert.deepEqual([empty.$metadata.httpStatusCode, empty.ContentLength, empty.ContentRange], [200, 0, undefined]);
  assert.equal(await empty.Body!.transformToString(), '');
});

test('refused: a part number outside 1..10000 or not a number, a part number with a Range; conditional headers still apply', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-refused' }));
  const put = await s3().send(new PutObjectCommand({ Bucket: 'parts-refused', Key: 'k', Body: bytes(100) }));
  const outside = 'Part number must be an integer between 1 and 10000, inclusive';
  for (const PartNumber of [0, 10001, -1]) {
    await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber })), 'InvalidArgument', outside, 400);
  }
  // Checked before the key is looked up.
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'missing', PartNumber: 0 })), 'InvalidArgument', outside, 400);
  // The SDK sends only numbers: a client that rewrites the signed query sends no number at all.
  const lax = s3();
  lax.middlewareStack.add((next) => async (args) => {
    const request = args.request as { query?: Record<string, string> };
    if (request.query?.['partNumber'] !== undefined) request.query['partNumber'] = 'abc';
    return next(args);
  }, { step: 'build' });
  await rejects(lax.send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber: 1 })), 'InvalidArgument', outside, 400);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber: 1, Range: 'bytes=0-9' })),
    'InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', 400);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber: 1, IfMatch: '"0000"' })), 'PreconditionFailed', undefined, 412);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber: 1, IfNoneMatch: put.ETag })), 'Unknown', undefined, 304);
  const matched = await s3().send(new GetObjectCommand({ Bucket: 'parts-refused', Key: 'k', PartNumber: 1, IfMatch: put.ETag }));
  assert.equal(matched.$metadata.httpStatusCode, 206);
});

// AWS selects by position, not by the number a part was uploaded under: an upload completed
// from parts 1 and 3 answers partNumber 1 and 2, and 416 for 3 (openstack/swift
// test/s3api/test_mpu.py, cross-compatibility tests run against AWS: "GET partNumbers are not
// same as uploaded part numbers!"). Only an upload created without a checksum algorithm may skip
// numbers; GetObjectAttributes counts its parts the same way.
test('parts uploaded as 1, 3 and 7 (no checksum algorithm) are parts 1, 2 and 3 to GetObject, HeadObject and GetObjectAttributes', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-gaps' }));
  const key = 'gaps.bin';
  const body = [bytes(5 * MIB, 4), bytes(5 * MIB, 5), bytes(321, 6)];
  const uploadedAs = [1, 3, 7];
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'parts-gaps', Key: key }));
  const done = [];
  for (const [i, part] of body.entries()) {
    const PartNumber = uploadedAs[i] as number;
    const out = await s3().send(new UploadPartCommand({ Bucket: 'parts-gaps', Key: key, UploadId, PartNumber, Body: part }));
    done.push({ PartNumber, ETag: out.ETag });
  }
  await s3().send(new CompleteMultipartUploadCommand({ Bucket: 'parts-gaps', Key: key, UploadId, MultipartUpload: { Parts: done } }));
  const total = body.reduce((n, p) => n + p.length, 0);
  let start = 0;
  for (const [i, part] of body.entries()) {
    const got = await s3().send(new GetObjectCommand({ Bucket: 'parts-gaps', Key: key, PartNumber: i + 1 }));
    assert.deepEqual([got.ContentRange, got.PartsCount], [`bytes ${start}-${start + part.length - 1}/${total}`, 3]);
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(part), `part ${i + 1} is the part uploaded as ${uploadedAs[i]}`);
    start += part.length;
  }
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'parts-gaps', Key: key, PartNumber: 7 })), 'InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: 'parts-gaps', Key: key, PartNumber: 4 })), null, undefined, 416);
  // Its checksum is the default FULL_OBJECT CRC64NVME: GetObjectAttributes lists no parts, only their count.
  const attributes = await s3().send(new GetObjectAttributesCommand({ Bucket: 'parts-gaps', Key: key, ObjectAttributes: ['ObjectParts'] }));
  assert.deepEqual(attributes.ObjectParts, { TotalPartsCount: 3 });
});

// "when an additional checksum (x-amz-checksum-crc32, crc32c, sha1, sha256...) is applied to each
// part, the PartNumber must start at 1 and the part numbers must be consecutive. Otherwise, Amazon
// S3 generates an HTTP 400 Bad Request status code and an InvalidPartOrder error code" (CompletedPart).
test('an upload created with a checksum algorithm completes only from parts 1..N: a gap or a late start is 400 InvalidPartOrder', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-consecutive' }));
  const key = 'sums.bin';
  for (const ChecksumType of ['COMPOSITE', 'FULL_OBJECT'] as const) {
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'parts-consecutive', Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType }));
    const done: CompletedPart[] = [];
    for (const [i, PartNumber] of [1, 2, 3].entries()) {
      const out = await s3().send(new UploadPartCommand({
        Bucket: 'parts-consecutive', Key: key, UploadId, PartNumber, Body: bytes(i === 0 ? 5 * MIB : 100, i), ChecksumAlgorithm: 'CRC32',
      }));
      done.push({ PartNumber, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
    }
    const complete = (Parts: CompletedPart[]) =>
      s3().send(new CompleteMultipartUploadCommand({ Bucket: 'parts-consecutive', Key: key, UploadId, MultipartUpload: { Parts } }));
    const order = 'The list of parts was not in ascending order. Parts must be ordered by part number.';
    await rejects(complete([done[0]!, done[2]!]), 'InvalidPartOrder', order, 400);
    await rejects(complete([done[1]!]), 'InvalidPartOrder', order, 400);
    // The upload is still there: parts 1 and 2 complete it.
    const completed = await complete([done[0]!, done[1]!]);
    assert.equal(completed.ETag?.endsWith('-2"'), true, ChecksumType);
  }
});
