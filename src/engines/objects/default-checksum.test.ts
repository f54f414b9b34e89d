// S3's default checksum in the engine: an object written without a checksum gets a FULL_OBJECT
// CRC64NVME, one written with its own keeps only that; a multipart upload created without an
// algorithm gets the CRC64NVME of the whole object, combined from its parts' (each part keeps
// the checksum its request named beside it); parts and objects stored before Gantry computed the
// CRC64NVME still complete and read, with no checksum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc64nvmeBase64 as crc64 } from '../../../test/support/crc-reference.js';
import { CONTENT, objectEngineBed, once, SSE_S3, type ObjectEngineBed } from '../../../test/support/object-engine-bed.js';
import { checksumOf } from './checksums.js';
import { completeUpload, createUpload, MIN_PART_SIZE, uploadPart } from './multipart.js';
import type { PartRecord } from './object-records.js';
import { putObject } from './objects.js';
import type { WriteChecks } from './object-writer.js';

const CRC32_CHECK: WriteChecks = { checksum: { algorithm: 'CRC32', expected: () => undefined } };

/** Runs `body` on a fresh engine with the bucket `name`, removed afterwards. */
async function withBed(name: string, body: (bed: ObjectEngineBed) => Promise<void>): Promise<void> {
  const bed = objectEngineBed(name);
  try {
    await body(bed);
  } finally {
    bed.close();
  }
}

/** An upload of `key` created without a checksum algorithm. */
const uploadWithoutAlgorithm = (bed: ObjectEngineBed, key: string) => createUpload(bed.ctx, bed.requester, {
  bucket: bed.bucket, key, initiator: bed.requester.arn, content: CONTENT, tags: [], sse: SSE_S3, checksumAlgorithm: null,
});

test('PutObject: no checksum sent gets a FULL_OBJECT CRC64NVME (AWS-recorded value); a CRC32 sent stays the only one', async () => {
  await withBed('default-put', async (bed) => {
    // "test data.." is qUVrWYOrIAM= in AWS's answers (LocalStack test_s3_checksum_no_automatic_sdk_calculation).
    const bare = await bed.put('bare', Buffer.from('test data..'));
    assert.deepEqual(bare.checksum, { algorithm: 'CRC64NVME', value: 'qUVrWYOrIAM=', type: 'FULL_OBJECT' });
    const large = randomBytes(300_000);
    assert.deepEqual((await bed.put('large', large)).checksum, { algorithm: 'CRC64NVME', value: crc64(large), type: 'FULL_OBJECT' });
    const withCrc32 = await putObject(bed.ctx, bed.requester, {
      bucket: bed.bucket, key: 'crc32', body: once(Buffer.from('test data..')), content: CONTENT, tags: [], sse: SSE_S3, checks: CRC32_CHECK,
    });
    assert.deepEqual(withCrc32.checksum, { algorithm: 'CRC32', value: checksumOf('CRC32', Buffer.from('test data..')).toString('base64'), type: 'FULL_OBJECT' });
  });
});

test('multipart without an algorithm: the CRC64NVME of the whole object from the parts\', whatever each part\'s request named', async () => {
  await withBed('default-mpu', async (bed) => {
    const upload = uploadWithoutAlgorithm(bed, 'mpu');
    const first = randomBytes(MIN_PART_SIZE);
    const second = randomBytes(12_345);
    // Part 1 as the SDKs send it (with a CRC32), part 2 with none (a presigned URL, the CLI 2.9).
    const p1 = await uploadPart(bed.ctx, bed.requester, upload, 1, once(first), CRC32_CHECK);
    const p2 = await uploadPart(bed.ctx, bed.requester, upload, 2, once(second), {});
    assert.deepEqual([p1.checksum, p1.crc64nvme], [checksumOf('CRC32', first).toString('base64'), crc64(first)]);
    assert.deepEqual([p2.checksum, p2.crc64nvme], [null, crc64(second)]);
    const record = completeUpload(bed.ctx, bed.requester, upload, [{ partNumber: 1, etag: p1.etag }, { partNumber: 2, etag: p2.etag }]);
    assert.deepEqual(record.checksum, { algorithm: 'CRC64NVME', value: crc64(Buffer.concat([first, second])), type: 'FULL_OBJECT' });
  });
});

test('a part stored before Gantry computed its CRC64NVME: the upload completes, the object has no checksum', async () => {
  await withBed('default-old-part', async (bed) => {
    const upload = uploadWithoutAlgorithm(bed, 'old');
    const part = await uploadPart(bed.ctx, bed.requester, upload, 1, once(Buffer.from('aaa')), {});
    const { crc64nvme: _dropped, ...asStoredBefore } = part;
    bed.ctx.store.putPart(asStoredBefore as PartRecord);
    const record = completeUpload(bed.ctx, bed.requester, upload, [{ partNumber: 1, etag: part.etag }]);
    assert.equal(record.checksum, null);
    assert.equal(bed.ctx.store.getVersion(bed.bucket.name, 'old')?.checksum, null);
  });
});
