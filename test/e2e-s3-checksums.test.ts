// Additional checksums through the SDK: CRC64NVME is verified, stored and returned like the
// other algorithms (header and aws-chunked trailer); a part in another algorithm than its
// upload's is refused, one naming none gets the upload's (computed by S3);
// CompleteMultipartUpload checks the parts' checksums and the object's; FULL_OBJECT multipart uploads get the CRC of the whole
// object (CRC32, CRC64NVME), and SHA256 cannot be FULL_OBJECT. The algorithms Gantry does not
// compute (SHA512, MD5, XXHASH*) answer NotImplemented instead of being ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command,
  ListPartsCommand, PutObjectCommand, UploadPartCommand, type ChecksumAlgorithm, type CompletedPart,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bareS3Client, bytes, s3Client } from './support/s3-helpers.js';
import { crc64nvmeBase64 } from './support/crc-reference.js';
import { send, signS3 } from './support/raw-http.js';

const MIB = 1024 * 1024;
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'sums' }));
});

const s3 = () => s3Client(gantry);

test('CRC64NVME: verified on PUT (header and trailer), stored, returned with ChecksumMode', async () => {
  // The CRC-64/NVME check value of "123456789" is 0xae8b14860a799888.
  const put = await s3().send(new PutObjectCommand({ Bucket: 'sums', Key: 'nine', Body: '123456789', ChecksumAlgorithm: 'CRC64NVME' }));
  assert.equal(put.ChecksumCRC64NVME, 'rosUhgp5mIg=');
  assert.equal(put.ChecksumType, 'FULL_OBJECT');
  const got = await s3().send(new GetObjectCommand({ Bucket: 'sums', Key: 'nine', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ChecksumCRC64NVME, 'rosUhgp5mIg=');
  assert.equal(got.ChecksumType, 'FULL_OBJECT');
  assert.equal(await got.Body!.transformToString(), '123456789');

  await rejects(s3().send(new PutObjectCommand({ Bucket: 'sums', Key: 'wrong', Body: '123456789', ChecksumCRC64NVME: 'AAAAAAAAAAA=' })),
    'BadDigest', 'The CRC64NVME you specified did not match the calculated checksum.', 400);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: 'sums', Key: 'wrong' })), 'NotFound');

  // A stream of unknown hash: the SDK sends it aws-chunked with the checksum as a trailer.
  const body = bytes(300_000, 7);
  const streamed = await s3().send(new PutObjectCommand({
    Bucket: 'sums', Key: 'streamed', Body: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]), ContentLength: body.length,
    ChecksumAlgorithm: 'CRC64NVME',
  }));
  const whole = await s3().send(new PutObjectCommand({ Bucket: 'sums', Key: 'whole', Body: body, ChecksumAlgorithm: 'CRC64NVME' }));
  assert.deepEqual([whole.ChecksumCRC64NVME, streamed.ChecksumCRC64NVME], [crc64nvmeBase64(body), crc64nvmeBase64(body)]);
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'sums', Key: 'streamed', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ChecksumCRC64NVME, crc64nvmeBase64(body));

  // The SDK only ever sends the right trailer: a wrong one, sent by hand, is refused and stores nothing.
  const trailed = async (key: string, checksum: string) => {
    const data = Buffer.from('123456789');
    const wire = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\nx-amz-checksum-crc64nvme:${checksum}\r\n\r\n`)]);
    const headers = await signS3(gantry.url, gantry.root, 'PUT', `/sums/${key}`, {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc64nvme',
    });
    return send(gantry.url, 'PUT', `/sums/${key}`, { ...headers, 'content-length': String(wire.length) }, wire);
  };
  const refused = await trailed('bad-trailer', 'AAAAAAAAAAA=');
  assert.equal(refused.status, 400, refused.body.toString());
  assert.match(refused.body.toString(), /<Code>BadDigest<\/Code><Message>The CRC64NVME you specified did not match the calculated checksum.<\/Message>/);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: 'sums', Key: 'bad-trailer' })), 'NotFound');
  const accepted = await trailed('good-trailer', 'rosUhgp5mIg=');
  assert.deepEqual([accepted.status, accepted.headers['x-amz-checksum-crc64nvme']], [200, 'rosUhgp5mIg='], accepted.body.toString());
});

/** A 5 MiB part and a short one, uploaded with the upload's algorithm. */
async function uploadTwoParts(key: string, algorithm: ChecksumAlgorithm, checksumType?: 'COMPOSITE' | 'FULL_OBJECT') {
  const body = [bytes(5 * MIB, 3), bytes(12_345, 4)];
  const created = await s3().send(new CreateMultipartUploadCommand({
    Bucket: 'sums', Key: key, ChecksumAlgorithm: algorithm, ...(checksumType ? { ChecksumType: checksumType } : {}),
  }));
  const UploadId = created.UploadId as string;
  const parts: CompletedPart[] = [];
  for (const [i, part] of body.entries()) {
    const out = await s3().send(new UploadPartCommand({ Bucket: 'sums', Key: key, UploadId, PartNumber: i + 1, Body: part, ChecksumAlgorithm: algorithm }));
    const member = `Checksum${algorithm}` as const;
    assert.ok(out[member], `part ${i + 1} answers its ${algorithm}`);
    parts.push({ PartNumber: i + 1, ETag: out.ETag, [member]: out[member] });
  }
  return { created, UploadId, parts, body: Buffer.concat(body) };
}

test('UploadPart in another algorithm than the upload\'s is refused', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'mismatch', ChecksumAlgorithm: 'CRC32' }));
  await rejects(s3().send(new UploadPartCommand({ Bucket: 'sums', Key: 'mismatch', UploadId, PartNumber: 1, Body: 'abc', ChecksumAlgorithm: 'SHA256' })),
    'InvalidRequest', 'Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: sha256', 400);
  const parts = await s3().send(new ListPartsCommand({ Bucket: 'sums', Key: 'mismatch', UploadId }));
  assert.deepEqual(parts.Parts ?? [], []);

});

test('UploadPart naming no algorithm gets the upload\'s checksum, computed by S3', async () => {
  // The upload's algorithm is CRC32C, not the SDK's default CRC32, and the client is told to send
  // a checksum only when required (none for UploadPart): the value answered can only be S3's.
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'bare-part', ChecksumAlgorithm: 'CRC32C' }));
  const bare = bareS3Client(gantry);
  const sent: string[] = [];
  bare.middlewareStack.add((next) => async (args) => {
    const headers = (args.request as { headers: Record<string, string> }).headers;
    sent.push(...Object.keys(headers).filter((name) => name.startsWith('x-amz-checksum-') || name === 'x-amz-trailer'));
    return next(args);
  }, { step: 'finalizeRequest', name: 'sentChecksumHeaders' });
  const part = await bare.send(new UploadPartCommand({ Bucket: 'sums', Key: 'bare-part', UploadId, PartNumber: 1, Body: '123456789' }));
  assert.deepEqual(sent, [], 'the part was sent without a checksum');
  // The CRC-32C check value of "123456789" is 0xe3069283.
  assert.deepEqual([part.ChecksumCRC32C, part.ChecksumCRC32], [Buffer.from('e3069283', 'hex').toString('base64'), undefined]);
});

test('CompleteMultipartUpload checks the parts\' checksums and the object\'s (COMPOSITE CRC32)', async () => {
  const { created, UploadId, parts } = await uploadTwoParts('composite', 'CRC32');
  assert.equal(created.ChecksumType, 'COMPOSITE');
  const complete = (Parts: CompletedPart[], extra: object = {}) =>
    s3().send(new CompleteMultipartUploadCommand({ Bucket: 'sums', Key: 'composite', UploadId, MultipartUpload: { Parts }, ...extra }));

  await rejects(complete([{ ...parts[0], ChecksumCRC32: 'AAAAAA==' }, parts[1] as CompletedPart]), 'InvalidPart',
    'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400);
  await rejects(complete(parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag }))), 'InvalidRequest',
    'The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.', 400);
  await rejects(complete(parts, { ChecksumCRC32: 'AAAAAA==' }), 'BadDigest', undefined, 400);

  const done = await complete(parts);
  assert.match(done.ChecksumCRC32 ?? '', /^[A-Za-z0-9+/]{6}==-2$/);
  assert.equal(done.ChecksumType, 'COMPOSITE');
});

test('FULL_OBJECT multipart uploads: the whole object\'s CRC32 / CRC64NVME, equal to a PUT of the same bytes', async () => {
  for (const algorithm of ['CRC32', 'CRC64NVME'] as const) {
    const key = `full-${algorithm}`;
    // CRC64NVME is FULL_OBJECT without being asked.
    const { created, UploadId, parts, body } = await uploadTwoParts(key, algorithm, algorithm === 'CRC32' ? 'FULL_OBJECT' : undefined);
    assert.equal(created.ChecksumType, 'FULL_OBJECT', algorithm);
    const member = `Checksum${algorithm}` as const;
    const put = await s3().send(new PutObjectCommand({ Bucket: 'sums', Key: `${key}-put`, Body: body, ChecksumAlgorithm: algorithm }));
    await rejects(s3().send(new CompleteMultipartUploadCommand({
      Bucket: 'sums', Key: key, UploadId, MultipartUpload: { Parts: parts }, [member]: algorithm === 'CRC32' ? 'AAAAAA==' : 'AAAAAAAAAAA=',
    })), 'BadDigest', undefined, 400);
    const done = await s3().send(new CompleteMultipartUploadCommand({
      Bucket: 'sums', Key: key, UploadId, MultipartUpload: { Parts: parts }, [member]: put[member], ChecksumType: 'FULL_OBJECT',
    }));
    assert.equal(done[member], put[member], algorithm);
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    // The SDK validates a FULL_OBJECT checksum against the bytes it reads.
    const got = await s3().send(new GetObjectCommand({ Bucket: 'sums', Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(got[member], put[member]);
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  }
  await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'sha', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })),
    'InvalidRequest', undefined, 400);
  await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'nvme', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })),
    'InvalidRequest', undefined, 400);
});

test('checksums Gantry does not compute answer NotImplemented, and nothing is stored', async () => {
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'sums', Key: 'sha512', Body: 'x', ChecksumSHA512: Buffer.alloc(64).toString('base64') })),
    'NotImplemented', /SHA512 are not implemented in Gantry yet/, 501);
  await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'xx', ChecksumAlgorithm: 'XXHASH64' as ChecksumAlgorithm })),
    'NotImplemented', /XXHASH64/, 501);
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: 'sums', Prefix: 'sha512' }));
  assert.equal(listed.KeyCount, 0);
});
