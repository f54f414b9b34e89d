// GetObject/HeadObject with PartNumber through the SDK: each part of a 3-part upload comes back
// alone (206, Content-Range, PartsCount, the object's ETag), under SSE-S3 and SSE-KMS; an object
// written whole is its own part 1; a part the object lacks is 416 InvalidPartNumber; a part
// number outside 1..10000 (or no number at all), or one with a Range, is refused; conditional
// headers still apply. Parts are counted by position: uploaded as 1, 3 and 7 they are parts 1..3,
// to GetObjectAttributes too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand,
  PutBucketEncryptionCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { clientConfig } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, s3Client } from './support/s3-helpers.js';

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
  await assert.rejects(s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key, PartNumber: 4 })), (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 416);
  // Without a partNumber the object is whole again, with no parts count.
  const whole = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.deepEqual([whole.$metadata.httpStatusCode, whole.ContentLength, whole.PartsCount, whole.ContentRange], [200, total, undefined, undefined]);
}

test('SSE-S3: each part of a 3-part upload by PartNumber, GET and HEAD; part 4 is InvalidPartNumber', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-s3' }));
  await checkEachPart('parts-s3', 'big.bin', 'AES256');
});

test('SSE-KMS: each part of a 3-part upload by PartNumber, decrypted with the bucket key', async () => {
  const keyArn = (await new KMSClient(clientConfig(gantry, gantry.root)).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
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
// same as uploaded part numbers!"). GetObjectAttributes numbers its parts the same way, so its
// PartNumber N is the part GetObject's partNumber=N returns.
test('parts uploaded as 1, 3 and 7 are parts 1, 2 and 3 to GetObject, HeadObject and GetObjectAttributes', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'parts-gaps' }));
  const key = 'gaps.bin';
  const body = [bytes(5 * MIB, 4), bytes(5 * MIB, 5), bytes(321, 6)];
  const uploadedAs = [1, 3, 7];
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'parts-gaps', Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'COMPOSITE' }));
  const done = [];
  for (const [i, part] of body.entries()) {
    const PartNumber = uploadedAs[i] as number;
    const out = await s3().send(new UploadPartCommand({ Bucket: 'parts-gaps', Key: key, UploadId, PartNumber, Body: part, ChecksumAlgorithm: 'CRC32' }));
    done.push({ PartNumber, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
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
  await assert.rejects(s3().send(new HeadObjectCommand({ Bucket: 'parts-gaps', Key: key, PartNumber: 4 })), (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 416);

  const attributes = (extra: { MaxParts?: number; PartNumberMarker?: string } = {}) =>
    s3().send(new GetObjectAttributesCommand({ Bucket: 'parts-gaps', Key: key, ObjectAttributes: ['ObjectParts'], ...extra }));
  const listed = (await attributes()).ObjectParts;
  assert.deepEqual(listed?.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumCRC32]), done.map((d, i) => [i + 1, body[i]?.length, d.ChecksumCRC32]));
  assert.deepEqual([listed?.TotalPartsCount, listed?.NextPartNumberMarker], [3, '3']);
  // Paged by the same numbers: after part 1 come parts 2 and 3.
  const rest = (await attributes({ MaxParts: 1, PartNumberMarker: '1' })).ObjectParts;
  assert.deepEqual([rest?.Parts?.map((p) => p.PartNumber), rest?.NextPartNumberMarker, rest?.IsTruncated], [[2], '2', true]);
});
