// S3's default checksum in the engine: an object written without a checksum gets a FULL_OBJECT
// CRC64NVME, one written with its own keeps only that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { objectEngineBed, once, SSE_S3, type ObjectEngineBed } from '../../../test/support/object-engine-bed.js';
import { checksumOf } from './checksums.js';
import type { ContentHeaders } from './object-records.js';
import { putObject } from './objects.js';
import type { WriteChecks } from './object-writer.js';

const CONTENT: ContentHeaders = {
  contentType: 'binary/octet-stream', contentEncoding: null, contentDisposition: null, contentLanguage: null, cacheControl: null, expires: null, metadata: {},
};
const crc64 = (data: Buffer) => checksumOf('CRC64NVME', data).toString('base64');
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

