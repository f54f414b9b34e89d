// The object engine below the service: checksums, framed encryption (ranges across frames,
// tamper detection, nothing left on failure) and listing order with delimiters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../store/fs-blob-store.js';
import { migrate, openDatabase } from '../../store/index.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from '../../store/sql-object-store.js';
import { createChecksum, compositeChecksum } from './checksums.js';
import { WRITE_FRAME_SIZE } from './frame-cipher.js';
import { listObjects, prefixEnd } from './listing.js';
import type { ObjectVersionRecord } from './object-records.js';
import { readSegments } from './object-reader.js';
import { writeBlob } from './object-writer.js';
import { checkVersionId, newVersionId } from './objects.js';

async function* chunks(data: Buffer, size = 10_000): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

test('checksums: CRC32C and CRC32 check values, composite multipart checksum', () => {
  const crc32c = createChecksum('CRC32C');
  crc32c.update(Buffer.from('123456789'));
  assert.equal(crc32c.digest().toString('hex'), 'e3069283');
  const crc32 = createChecksum('CRC32');
  crc32.update(Buffer.from('1234'));
  crc32.update(Buffer.from('56789'));
  assert.equal(crc32.digest().toString('hex'), 'cbf43926');
  assert.match(compositeChecksum('CRC32', ['AAAAAA==', 'AAAAAA==']), /^[A-Za-z0-9+/]+=*-2$/);
});

test('framed encryption: ranges across frames decrypt exactly; a changed byte is detected; failures leave nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-blobs-'));
  try {
    const blobs = new FsBlobStore(dir);
    const key = randomBytes(32);
    // Frames are WRITE_FRAME_SIZE long: three of them, the last one short.
    const data = randomBytes(WRITE_FRAME_SIZE * 2 + 123);
    const written = await writeBlob(blobs, key, chunks(data, 100_000));
    assert.equal(written.size, data.length);
    const onDisk = readFileSync(blobs.pathOf(written.blobId));
    assert.equal(onDisk.includes(data.subarray(0, 64)), false);
    const segments = [{ blobId: written.blobId, size: data.length }];
    assert.ok(onDisk.length > data.length + 3 * 16, 'three frames, each with its tag');
    const ranges = [[0, data.length - 1], [WRITE_FRAME_SIZE - 1, WRITE_FRAME_SIZE], [5, 9], [WRITE_FRAME_SIZE - 10, WRITE_FRAME_SIZE * 2 + 5], [WRITE_FRAME_SIZE * 2, data.length - 1]] as const;
    for (const [start, end] of ranges) {
      assert.ok((await collect(readSegments(blobs, key, segments, start, end))).equals(data.subarray(start, end + 1)), `${start}-${end}`);
    }
    const empty = await writeBlob(blobs, key, chunks(Buffer.alloc(0)));
    assert.equal(empty.size, 0);
    const tampered = Buffer.from(onDisk);
    tampered[WRITE_FRAME_SIZE + 100] = (tampered[WRITE_FRAME_SIZE + 100] as number) ^ 1;
    writeFileSync(blobs.pathOf(written.blobId), tampered);
    await assert.rejects(collect(readSegments(blobs, key, segments, 0, data.length - 1)));
    const truncated = onDisk.subarray(0, onDisk.length - 20);
    writeFileSync(blobs.pathOf(written.blobId), truncated);
    await assert.rejects(collect(readSegments(blobs, key, segments, data.length - 5, data.length - 1)));

    const before = readdirSync(dir, { recursive: true }).length;
    await assert.rejects(writeBlob(blobs, key, chunks(data), { md5: Buffer.alloc(16) }), { code: 'BadDigest' });
    assert.equal(readdirSync(dir, { recursive: true }).length, before);
    // Blobs this process wrote may be about to be referenced: only a restarted store collects them.
    assert.equal(await blobs.collectGarbage((id) => id === written.blobId), 0);
    assert.equal(await new FsBlobStore(dir).collectGarbage((id) => id === written.blobId), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('listing: UTF-8 key order, delimiters, starting inside a common prefix', () => {
  const db = openDatabase(':memory:');
  migrate(db, OBJECT_MIGRATIONS);
  const store = new SqlObjectStore(db);
  const keys = ['b/1', 'b/2', 'a', 'c', '\u{1F600}', '\uFFFD', 'b/sub/3'];
  for (const key of keys) {
    store.putVersion({ bucket: 'x', key, versionId: 'null', deleteMarker: false, segments: [], tags: [] } as unknown as ObjectVersionRecord);
  }
  const all = listObjects(store, 'x', { prefix: '', delimiter: null, after: null, maxKeys: 100 });
  assert.deepEqual(all.contents.map((r) => r.key), ['a', 'b/1', 'b/2', 'b/sub/3', 'c', '\uFFFD', '\u{1F600}']);
  const rolled = listObjects(store, 'x', { prefix: '', delimiter: '/', after: null, maxKeys: 2 });
  assert.deepEqual([rolled.contents.map((r) => r.key), rolled.commonPrefixes, rolled.truncated, rolled.last], [['a'], ['b/'], true, 'b/']);
  const next = listObjects(store, 'x', { prefix: '', delimiter: '/', after: 'b/', maxKeys: 10 });
  assert.deepEqual(next.contents.map((r) => r.key), ['c', '\uFFFD', '\u{1F600}']);
  const inside = listObjects(store, 'x', { prefix: 'b/', delimiter: '/', after: null, maxKeys: 10 });
  assert.deepEqual([inside.contents.map((r) => r.key), inside.commonPrefixes], [['b/1', 'b/2'], ['b/sub/']]);
  assert.equal(prefixEnd('b/'), 'b0');
  db.close();
});

test('version ids: issued ones and null are accepted, anything else is InvalidArgument', () => {
  for (let i = 0; i < 200; i++) checkVersionId(newVersionId());
  // Ids Gantry issued before it used `.` for base64url's `-` are still stored, and still named by clients.
  for (const earlier of ['-Xy0AbCdEfGhIjKlMnOpQrStUvWxYz_1', 'abc-def-ghi-jkl-mno-pqr-stu-vwx-']) checkVersionId(earlier);
  checkVersionId('null');
  checkVersionId(undefined);
  for (const bogus of ['bogus', '', 'NULL', `${newVersionId()}x`, `${newVersionId().slice(1)}~`, `${newVersionId().slice(1)}/`]) {
    assert.throws(() => checkVersionId(bogus), (error: Error & { code?: string; fields?: Record<string, string> }) => {
      assert.equal(error.code, 'InvalidArgument');
      assert.equal(error.message, 'Invalid version id specified');
      assert.deepEqual(error.fields, { ArgumentName: 'versionId', ArgumentValue: bogus });
      return true;
    }, bogus);
  }
});
