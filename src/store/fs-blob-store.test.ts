// The file blob store: gathered writes land in order (more pieces than one writev call takes),
// reads fill the caller's buffer (short only at the end), commit publishes the file under its
// id and abort leaves nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from './fs-blob-store.js';

const root = mkdtempSync(join(tmpdir(), 'gantry-fs-blobs-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('writev keeps the order of thousands of pieces, mixed with plain writes; commit publishes, abort removes', async () => {
  const blobs = new FsBlobStore(join(root, 'objects'));
  const pieces = Array.from({ length: 3000 }, (_, i) => randomBytes(1 + (i % 97)));
  const head = randomBytes(10);
  const writer = await blobs.create();
  await writer.write(head);
  await writer.writev?.(pieces);
  await writer.writev?.([]);
  assert.equal(existsSync(blobs.pathOf(writer.blobId)), false, 'not visible before commit');
  const id = await writer.commit();
  assert.equal(id, writer.blobId);
  assert.deepEqual(readFileSync(blobs.pathOf(id)), Buffer.concat([head, ...pieces]));

  const dropped = await blobs.create();
  await dropped.writev?.([randomBytes(100)]);
  await dropped.abort();
  assert.equal(existsSync(blobs.pathOf(dropped.blobId)), false);
  assert.deepEqual(readdirSync(join(root, 'objects', '.tmp')), []);
  await assert.rejects(dropped.writev?.([randomBytes(1)]) ?? Promise.reject(new Error('no writev')), /closed/);
});

test('readInto fills the given buffer from a position, fewer bytes only at the end; read agrees', async () => {
  const blobs = new FsBlobStore(join(root, 'reads'));
  const data = randomBytes(3 * 1024 * 1024 + 17);
  const writer = await blobs.create();
  await writer.writev?.([data.subarray(0, 5), data.subarray(5)]);
  const reader = await blobs.open(await writer.commit());
  try {
    const target = Buffer.alloc(1024 * 1024);
    assert.equal(await reader.readInto?.(target, 12_345), target.length);
    assert.deepEqual(target, data.subarray(12_345, 12_345 + target.length));
    assert.equal(await reader.readInto?.(target, data.length - 100), 100);
    assert.deepEqual(target.subarray(0, 100), data.subarray(data.length - 100));
    assert.equal(await reader.readInto?.(target, data.length + 5), 0);
    assert.deepEqual(await reader.read(7, 1000), data.subarray(7, 1007));
    assert.deepEqual(await reader.read(data.length - 3, 10), data.subarray(data.length - 3));
  } finally {
    await reader.close();
  }
});

test('many writers committing at once into a fresh store share each directory\'s creation', async () => {
  const blobs = new FsBlobStore(join(root, 'fresh', 'objects'));
  const bodies = Array.from({ length: 64 }, () => randomBytes(100));
  const ids = await Promise.all(bodies.map(async (body) => {
    const writer = await blobs.create();
    await writer.writev?.([body]);
    return writer.commit();
  }));
  ids.forEach((id, i) => assert.deepEqual(readFileSync(blobs.pathOf(id)), bodies[i]));
});
