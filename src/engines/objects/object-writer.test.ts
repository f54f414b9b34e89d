// Blobs written and read back through the file store: frame boundaries and ranges (new 1 MiB
// frames and the first format's 64 KiB ones), ETags (MD5, or the digest of the sealed frames
// for SSE-KMS, with Content-MD5 still checked), truncation and reordering caught, and bytes
// reaching the file while the body still streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumOf } from './checksums.js';
import { FRAME_SIZE, HEADER_SIZE, TAG_SIZE, WRITE_FRAME_SIZE } from './frame-cipher.js';
import { readSegments } from './object-reader.js';
import { blobTestBed, pieces } from '../../../test/support/blob-test-bed.js';
import { crc64nvmeBase64 } from '../../../test/support/crc-reference.js';
import { etagSourceFor, WHOLE_BODY_LIMIT, writeBlob } from './object-writer.js';

const { dir, blobs, dataKey, files, readAll } = blobTestBed('writer');

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');

test('round trip at and around frame boundaries, body chunks of odd sizes, ranges across frames, length declared or not', async () => {
  const F = WRITE_FRAME_SIZE;
  for (const [size, declared] of [0, 1, F - 1, F, F + 1, 2 * F, 2 * F + 12_345].flatMap((n) => [[n, false], [n, true]] as const)) {
    const data = randomBytes(size);
    const written = await writeBlob(blobs, dataKey, pieces(data, 7919), declared ? { length: size } : {});
    assert.equal(written.size, size);
    const frames = Math.max(1, Math.ceil(size / F));
    assert.equal(statSync(blobs.pathOf(written.blobId)).size, HEADER_SIZE + size + frames * TAG_SIZE, `${size} bytes on disk`);
    assert.deepEqual(await readAll(written.blobId, size), data, `${size} bytes, length declared: ${declared}`);
    if (size > F) {
      for (const [start, end] of [[F - 3, F + 2], [F, F], [0, F], [size - 10, size - 1]] as const) {
        assert.deepEqual(await readAll(written.blobId, size, start, end), data.subarray(start, end + 1), `${size}: ${start}-${end}`);
      }
    }
  }
});

test('blobs of the first format (64 KiB frames) still read, whole and in ranges', async () => {
  const data = randomBytes(FRAME_SIZE * 20 + 99);
  const written = await writeBlob(blobs, dataKey, pieces(data, 65_536), {}, { frameSize: FRAME_SIZE });
  assert.equal(readFileSync(blobs.pathOf(written.blobId)).readUInt32BE(4), FRAME_SIZE);
  assert.deepEqual(await readAll(written.blobId, data.length), data);
  for (const [start, end] of [[FRAME_SIZE - 1, FRAME_SIZE], [FRAME_SIZE * 16 - 5, FRAME_SIZE * 17 + 5], [data.length - 100, data.length - 1]] as const) {
    assert.deepEqual(await readAll(written.blobId, data.length, start, end), data.subarray(start, end + 1), `${start}-${end}`);
  }
});

test('ETags: the MD5 for SSE-S3; for SSE-KMS a digest of the header and frame tags, fresh for every upload', async () => {
  assert.equal(etagSourceFor('AES256'), 'md5');
  assert.equal(etagSourceFor('aws:kms'), 'sealed');
  const data = randomBytes(WRITE_FRAME_SIZE * 2 + 5);
  const plain = await writeBlob(blobs, dataKey, pieces(data, 65_536), {}, { etag: 'md5' });
  assert.equal(plain.etag, md5Hex(data));
  const sealed = await writeBlob(blobs, dataKey, pieces(data, 65_536), {}, { etag: 'sealed' });
  const again = await writeBlob(blobs, dataKey, pieces(data, 65_536), {}, { etag: 'sealed' });
  for (const etag of [sealed.etag, again.etag]) {
    assert.match(etag, /^[0-9a-f]{32}$/);
    assert.notEqual(etag, md5Hex(data));
  }
  assert.notEqual(sealed.etag, again.etag, 'a new salt, new frame tags, a new ETag');
  // The derivation the decision record states, recomputed from the file.
  const file = readFileSync(blobs.pathOf(sealed.blobId));
  const digest = createHash('sha256').update(file.subarray(0, HEADER_SIZE));
  const F = WRITE_FRAME_SIZE;
  for (let i = 0, left = data.length; i < 3; i++, left -= F) {
    const end = HEADER_SIZE + i * (F + TAG_SIZE) + Math.min(F, left) + TAG_SIZE;
    digest.update(file.subarray(end - TAG_SIZE, end));
  }
  assert.equal(sealed.etag, digest.digest().subarray(0, 16).toString('hex'));
  assert.deepEqual(await readAll(sealed.blobId, data.length), data);
});

test('a body shorter or longer than its declared length is IncompleteBody and leaves nothing behind', async () => {
  const data = randomBytes(WRITE_FRAME_SIZE + 10);
  const before = files();
  for (const length of [data.length + 1, data.length - 1, WRITE_FRAME_SIZE, 0]) {
    await assert.rejects(writeBlob(blobs, dataKey, pieces(data, 65_536), { length }), { code: 'IncompleteBody' }, `declared ${length}`);
    assert.equal(files(), before);
  }
});

test('Content-MD5 is checked whatever the ETag is made of; a mismatch leaves nothing behind', async () => {
  const data = randomBytes(300_000);
  const before = files();
  for (const etag of ['md5', 'sealed'] as const) {
    await assert.rejects(writeBlob(blobs, dataKey, pieces(data, 10_000), { md5: Buffer.alloc(16) }, { etag }), { code: 'BadDigest' });
    assert.equal(files(), before, etag);
  }
  const ok = await writeBlob(blobs, dataKey, pieces(data, 10_000), { md5: createHash('md5').update(data).digest() }, { etag: 'sealed' });
  assert.notEqual(ok.etag, md5Hex(data));
  const crc = await writeBlob(blobs, dataKey, pieces(data, 10_000), { checksum: { algorithm: 'CRC32', expected: () => 'AAAAAA==' } })
    .catch((error: unknown) => error);
  assert.equal((crc as { code?: string }).code, 'BadDigest');
});

test('truncated, reordered or mislabelled frames never read as data', async () => {
  const F = WRITE_FRAME_SIZE;
  const data = randomBytes(3 * F);
  const written = await writeBlob(blobs, dataKey, pieces(data, 65_536));
  const path = blobs.pathOf(written.blobId);
  const file = readFileSync(path);
  const span = F + TAG_SIZE;
  const frame = (i: number) => file.subarray(HEADER_SIZE + i * span, HEADER_SIZE + (i + 1) * span);
  const cases: [string, Buffer][] = [
    ['the last frame cut off', file.subarray(0, HEADER_SIZE + 2 * span)],
    ['the tag cut short', file.subarray(0, file.length - 1)],
    ['frames 0 and 1 swapped', Buffer.concat([file.subarray(0, HEADER_SIZE), frame(1), frame(0), frame(2)])],
    ['the last frame repeated in place of the second', Buffer.concat([file.subarray(0, HEADER_SIZE), frame(0), frame(2), frame(2)])],
  ];
  for (const [what, bytes] of cases) {
    writeFileSync(path, bytes);
    await assert.rejects(readAll(written.blobId, data.length), Error, what);
  }
  // Metadata claiming fewer bytes than were sealed: frame 1 was not sealed as the last one.
  writeFileSync(path, file);
  await assert.rejects(readAll(written.blobId, 2 * F));
  assert.deepEqual(await readAll(written.blobId, data.length), data);
});

test('a body is written while it streams: memory holds about one frame and one write batch, not the object', async () => {
  const chunk = randomBytes(64 * 1024);
  let largestTemp = 0;
  async function* body(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 128; i++) {
      if (i % 16 === 0) {
        for (const name of readdirSync(join(dir, '.tmp'))) largestTemp = Math.max(largestTemp, statSync(join(dir, '.tmp', name)).size);
      }
      yield chunk;
    }
  }
  for (const checks of [{}, { length: 8 * 1024 * 1024 }]) {
    largestTemp = 0;
    const written = await writeBlob(blobs, dataKey, body(), checks, { etag: 'sealed' });
    assert.equal(written.size, 8 * 1024 * 1024);
    assert.ok(largestTemp >= 5 * 1024 * 1024, `the temp file held ${largestTemp} bytes before the last 1 MiB arrived`);
  }
});

test('a read abandoned after its first frame releases the blob and closes the file, read-ahead included', async () => {
  const data = randomBytes(3 * WRITE_FRAME_SIZE);
  const written = await writeBlob(blobs, dataKey, pieces(data, 65_536));
  const openFiles = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
  const before = openFiles();
  let released = 0;
  const stream = readSegments(blobs, dataKey, [{ blobId: written.blobId, size: data.length }], 0, data.length - 1, () => released++);
  const first = await stream.next();
  assert.deepEqual(first.value, data.subarray(0, WRITE_FRAME_SIZE));
  await stream.return(undefined);
  assert.equal(released, 1);
  assert.equal(openFiles(), before);
});

test('crc64nvme: the CRC64NVME beside the checksum asked for (or none), from it when it is CRC64NVME; nothing without the flag', async () => {
  // Held whole (declared and small), streamed with a declared length, streamed without one.
  for (const [size, declared] of [[4096, true], [WHOLE_BODY_LIMIT + 1, true], [WRITE_FRAME_SIZE + 3, false]] as const) {
    const data = randomBytes(size);
    const crc64 = crc64nvmeBase64(data);
    const length = declared ? { length: size } : {};
    const alone = await writeBlob(blobs, dataKey, pieces(data, 7919), { ...length, crc64nvme: true });
    assert.deepEqual([alone.checksum, alone.crc64nvme], [null, crc64], `${size} bytes, no checksum asked for`);
    const withCrc32 = await writeBlob(blobs, dataKey, pieces(data, 7919), { ...length, crc64nvme: true, checksum: { algorithm: 'CRC32', expected: () => undefined } });
    assert.deepEqual([withCrc32.checksum, withCrc32.crc64nvme], [checksumOf('CRC32', data).toString('base64'), crc64], `${size} bytes beside a CRC32`);
    const same = await writeBlob(blobs, dataKey, pieces(data, 7919), { ...length, crc64nvme: true, checksum: { algorithm: 'CRC64NVME', expected: () => undefined } });
    assert.deepEqual([same.checksum, same.crc64nvme], [crc64, crc64], `${size} bytes, CRC64NVME asked for`);
    const without = await writeBlob(blobs, dataKey, pieces(data, 7919), length);
    assert.deepEqual([without.checksum, without.crc64nvme], [null, null], `${size} bytes, no flag`);
  }
});
