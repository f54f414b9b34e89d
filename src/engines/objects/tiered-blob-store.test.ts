// Small blobs inline in SQLite, larger ones as files: where each lands, that rows hold only
// sealed bytes, that a row exists only once the transaction referencing it commits, deferred
// removal, garbage collection and reopening.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../store/fs-blob-store.js';
import { migrate, openDatabase, type SqlDatabase } from '../../store/index.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from '../../store/sql-object-store.js';
import { FRAME_SIZE } from './frame-cipher.js';
import { readSegments } from './object-reader.js';
import { writeBlob } from './object-writer.js';
import { INLINE_BLOB_LIMIT, isInlineBlobId, TieredBlobStore } from './tiered-blob-store.js';

interface Fixture {
  readonly dir: string;
  readonly db: SqlDatabase;
  readonly store: SqlObjectStore;
  readonly blobs: TieredBlobStore;
  rows(): number;
  files(): string[];
  close(): void;
}

function open(dir = mkdtempSync(join(tmpdir(), 'gantry-tiered-'))): Fixture {
  const db = openDatabase(join(dir, 'gantry.db'));
  migrate(db, OBJECT_MIGRATIONS);
  const store = new SqlObjectStore(db);
  const root = join(dir, 'objects');
  return {
    dir,
    db,
    store,
    blobs: new TieredBlobStore(new FsBlobStore(root), store.inlineBlobs),
    rows: () => Number(db.prepare('SELECT count(*) AS n FROM s3_inline_blobs').get()?.['n']),
    files: () => (existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []),
    close: () => db.close(),
  };
}

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  if (data.length > 0) yield data;
}

async function readAll(blobs: TieredBlobStore, key: Buffer, blobId: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readSegments(blobs, key, [{ blobId, size }], 0, Math.max(0, size - 1))) parts.push(part);
  return Buffer.concat(parts);
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

test('a small blob is one row, written by the transaction that references it, holding only sealed bytes', async () => {
  const f = open();
  try {
    const key = randomBytes(32);
    const data = Buffer.from('PLAINTEXT-ROW,'.repeat(300));
    const written = await writeBlob(f.blobs, key, once(data));
    assert.ok(isInlineBlobId(written.blobId), written.blobId);
    assert.equal(f.blobs.pathOf(written.blobId), null);
    assert.equal(f.rows(), 0, 'committing the blob alone writes nothing: no metadata names it yet');
    assert.ok((await readAll(f.blobs, key, written.blobId, data.length)).equals(data), 'readable while staged');
    f.store.transaction(() => f.store.addBlob(written.blobId));
    assert.equal(f.rows(), 1);
    assert.deepEqual(f.files(), [], 'no file was created');
    const row = f.db.prepare('SELECT bytes FROM s3_inline_blobs').get()?.['bytes'] as Buffer;
    assert.equal(row.length, data.length + 24 + 16, 'header, ciphertext, tag');
    assert.equal(row.includes(Buffer.from('PLAINTEXT-ROW')), false);
    assert.ok((await readAll(f.blobs, key, written.blobId, data.length)).equals(data));
    await assert.rejects(readAll(f.blobs, randomBytes(32), written.blobId, data.length), 'another key does not open it');
  } finally {
    f.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('the threshold is one sealed frame: 64 KiB inline, one byte more is a file; empty blobs are inline', async () => {
  const f = open();
  try {
    const key = randomBytes(32);
    assert.equal(INLINE_BLOB_LIMIT, FRAME_SIZE + 40);
    for (const [size, inline] of [[0, true], [FRAME_SIZE, true], [FRAME_SIZE + 1, false], [3 * FRAME_SIZE + 5, false]] as const) {
      const data = randomBytes(size);
      const written = await writeBlob(f.blobs, key, once(data));
      assert.equal(isInlineBlobId(written.blobId), inline, `${size} bytes`);
      f.store.transaction(() => f.store.addBlob(written.blobId));
      if (!inline) assert.ok(existsSync(f.blobs.pathOf(written.blobId) as string), `${size} bytes: a file`);
      assert.ok((await readAll(f.blobs, key, written.blobId, size)).equals(data), `${size} bytes read back`);
    }
    assert.equal(f.rows(), 2);
    assert.equal(f.files().length, 2);
  } finally {
    f.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('a rolled-back transaction leaves no row; a refused write leaves nothing at all', async () => {
  const f = open();
  try {
    const key = randomBytes(32);
    const written = await writeBlob(f.blobs, key, once(randomBytes(100)));
    assert.throws(() => f.store.transaction(() => {
      f.store.addBlob(written.blobId);
      throw new Error('precondition failed');
    }), /precondition failed/);
    assert.equal(f.rows(), 0);
    assert.equal(f.store.hasBlob(written.blobId), false);
    await f.blobs.delete(written.blobId);
    await turn();
    await assert.rejects(writeBlob(f.blobs, key, once(randomBytes(100)), { md5: Buffer.alloc(16) }), { code: 'BadDigest' });
    await assert.rejects(writeBlob(f.blobs, key, once(randomBytes(FRAME_SIZE * 2)), { md5: Buffer.alloc(16) }), { code: 'BadDigest' });
    assert.equal(f.rows(), 0);
    assert.deepEqual(f.files().filter((name) => !name.startsWith('.')), []);
  } finally {
    f.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('removed blobs go in one batch on the next turn; garbage collection removes unreferenced rows', async () => {
  const f = open();
  try {
    const key = randomBytes(32);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const written = await writeBlob(f.blobs, key, once(randomBytes(1000)));
      f.store.transaction(() => f.store.addBlob(written.blobId));
      ids.push(written.blobId);
    }
    assert.equal(f.rows(), 5);
    // Read once, so that the rows are also in the read cache, which must not outlive them.
    for (const id of ids) await f.blobs.open(id);
    f.store.transaction(() => {
      f.store.removeBlob(ids[0] as string);
      f.store.removeBlob(ids[1] as string);
    });
    await Promise.all([f.blobs.delete(ids[0] as string), f.blobs.delete(ids[1] as string)]);
    assert.equal(f.rows(), 5, 'removal waits for the next turn of the event loop');
    await turn();
    assert.equal(f.rows(), 3);
    await assert.rejects(f.blobs.open(ids[0] as string), /does not exist/);
    // As a crash would leave it: rows no metadata references any more.
    f.store.transaction(() => f.store.removeBlob(ids[2] as string));
    assert.equal(await f.blobs.collectGarbage((id) => f.store.hasBlob(id)), 1);
    assert.equal(f.rows(), 2);
    await assert.rejects(f.blobs.open(ids[2] as string), /does not exist/);
    // A referenced row is never removed, whoever asks.
    await f.blobs.delete(ids[3] as string);
    await turn();
    assert.equal(f.rows(), 2);
    assert.equal(f.store.hasBlob(ids[3] as string), true);
    assert.ok((await f.blobs.open(ids[3] as string)) !== null);
  } finally {
    f.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('committed inline blobs survive closing and reopening the database', async () => {
  const first = open();
  try {
    const key = randomBytes(32);
    const data = randomBytes(4096);
    const written = await writeBlob(first.blobs, key, once(data));
    first.store.transaction(() => first.store.addBlob(written.blobId));
    const stagedOnly = await writeBlob(first.blobs, key, once(randomBytes(10)));
    first.close();
    const again = open(first.dir);
    try {
      assert.ok((await readAll(again.blobs, key, written.blobId, data.length)).equals(data));
      await assert.rejects(again.blobs.open(stagedOnly.blobId), /does not exist/, 'a staged blob never referenced is gone');
      assert.equal(await again.blobs.collectGarbage((id) => again.store.hasBlob(id)), 0);
      assert.ok(again.store.inlineBlobs.newId() > written.blobId, 'ids go on counting from the stored ones');
    } finally {
      again.close();
    }
  } finally {
    rmSync(first.dir, { recursive: true, force: true });
  }
});
