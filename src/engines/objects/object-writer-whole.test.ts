// Small bodies (declared length up to WHOLE_BODY_LIMIT) are read whole, checked, then sealed in
// one pass: the blob is the one the streaming path writes (same layout, ETags, checksums), and
// every check still refuses a body before anything is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { blobTestBed, pieces } from '../../../test/support/blob-test-bed.js';
import { createChecksum } from './checksums.js';
import { FRAME_SIZE, HEADER_SIZE, TAG_SIZE, WRITE_FRAME_SIZE } from './frame-cipher.js';
import type { ChecksumAlgorithm } from './object-records.js';
import { WHOLE_BODY_LIMIT, writeBlob, type WholeBody } from './object-writer.js';

const { blobs, dataKey, files, readAll } = blobTestBed('writer-whole');

const md5 = (data: Buffer) => createHash('md5').update(data).digest();
const checksum = (algorithm: ChecksumAlgorithm, data: Buffer) => {
  const sum = createChecksum(algorithm);
  sum.update(data);
  return sum.digest().toString('base64');
};

test('small bodies, in one chunk or several, round trip; the blob has the streaming layout', async () => {
  for (const size of [0, 1, 4096, WHOLE_BODY_LIMIT - 1, WHOLE_BODY_LIMIT]) {
    for (const chunk of [Math.max(size, 1), 1000]) {
      const data = randomBytes(size);
      const written = await writeBlob(blobs, dataKey, pieces(data, chunk), { length: size });
      assert.equal(written.size, size);
      assert.equal(written.etag, md5(data).toString('hex'));
      assert.equal(statSync(blobs.pathOf(written.blobId)).size, HEADER_SIZE + size + TAG_SIZE, `${size} bytes in one frame`);
      assert.equal(readFileSync(blobs.pathOf(written.blobId)).readUInt32BE(4), WRITE_FRAME_SIZE);
      if (size > 0) assert.deepEqual(await readAll(written.blobId, size), data, `${size} bytes in chunks of ${chunk}`);
    }
  }
});

test('a small body across several frames (a smaller frame size) seals each frame, the last marked last', async () => {
  const data = randomBytes(3 * 1024 + 5);
  const written = await writeBlob(blobs, dataKey, pieces(data, 4096), { length: data.length }, { frameSize: 1024 });
  assert.equal(statSync(blobs.pathOf(written.blobId)).size, HEADER_SIZE + data.length + 4 * TAG_SIZE);
  assert.deepEqual(await readAll(written.blobId, data.length), data);
  // Claiming fewer bytes than were sealed fails: frame 2 was not sealed as the last one.
  await assert.rejects(readAll(written.blobId, 3 * 1024));
  const exact = randomBytes(2 * FRAME_SIZE);
  const twoFrames = await writeBlob(blobs, dataKey, pieces(exact, 10_000), { length: exact.length }, { frameSize: FRAME_SIZE / 2 });
  assert.deepEqual(await readAll(twoFrames.blobId, exact.length), exact);
});

test('the SSE-KMS ETag of a small body: a digest of header and tag, as for a streamed one, never the MD5', async () => {
  const data = randomBytes(4096);
  const sealed = await writeBlob(blobs, dataKey, pieces(data, 4096), { length: data.length, md5: md5(data) }, { etag: 'sealed' });
  const file = readFileSync(blobs.pathOf(sealed.blobId));
  const expected = createHash('sha256').update(file.subarray(0, HEADER_SIZE)).update(file.subarray(file.length - TAG_SIZE)).digest();
  assert.equal(sealed.etag, expected.subarray(0, 16).toString('hex'));
  assert.notEqual(sealed.etag, md5(data).toString('hex'));
  const streamed = await writeBlob(blobs, dataKey, pieces(data, 4096), {}, { etag: 'sealed' });
  assert.notEqual(streamed.etag, sealed.etag, 'a new salt, a new ETag');
});

test('every additional checksum of a small body is the streamed one, and is checked', async () => {
  const data = randomBytes(5000);
  for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
    const expected = checksum(algorithm, data);
    const whole = await writeBlob(blobs, dataKey, pieces(data, 999), { length: data.length, checksum: { algorithm, expected: () => expected } });
    const streamed = await writeBlob(blobs, dataKey, pieces(data, 999), { checksum: { algorithm, expected: () => undefined } });
    assert.equal(whole.checksum, expected, algorithm);
    assert.equal(streamed.checksum, expected, algorithm);
    const before = files();
    await assert.rejects(
      writeBlob(blobs, dataKey, pieces(data, 999), { length: data.length, checksum: { algorithm, expected: () => checksum(algorithm, Buffer.from('x')) } }),
      { code: 'BadDigest' }, algorithm,
    );
    assert.equal(files(), before, `a wrong ${algorithm} leaves nothing`);
  }
});

test('a wrong Content-MD5, or a body shorter or longer than declared, is refused and leaves nothing', async () => {
  const data = randomBytes(4096);
  const before = files();
  for (const etag of ['md5', 'sealed'] as const) {
    await assert.rejects(writeBlob(blobs, dataKey, pieces(data, 4096), { length: data.length, md5: Buffer.alloc(16) }, { etag }), { code: 'BadDigest' }, etag);
  }
  for (const length of [data.length + 1, data.length - 1, 0]) {
    await assert.rejects(writeBlob(blobs, dataKey, pieces(data, 1000), { length }), { code: 'IncompleteBody' }, `declared ${length}`);
  }
  assert.equal(files(), before);
});

test('a body that reads itself whole is asked once, for at most its declared length', async () => {
  const data = randomBytes(3000);
  const asked: number[] = [];
  const body: WholeBody = {
    whole: async (limit) => {
      asked.push(limit);
      return data;
    },
    [Symbol.asyncIterator]: () => {
      throw new Error('a whole body is not iterated');
    },
  };
  const written = await writeBlob(blobs, dataKey, body, { length: data.length });
  assert.deepEqual(asked, [data.length]);
  assert.deepEqual(await readAll(written.blobId, data.length), data);
});

test('a body declared larger than the limit, or not declared, still streams', async () => {
  const data = randomBytes(WHOLE_BODY_LIMIT + 1);
  const body: WholeBody & AsyncIterable<Buffer> = {
    whole: async () => {
      throw new Error('a large body is not read whole');
    },
    [Symbol.asyncIterator]: () => pieces(data, 4096),
  };
  for (const checks of [{ length: data.length }, {}]) {
    const written = await writeBlob(blobs, dataKey, body, checks);
    assert.deepEqual(await readAll(written.blobId, data.length), data);
  }
});
