// Crash safety of small objects, whose bytes are rows of the database: a `gantry up` child
// SIGKILLed under concurrent small PUTs (new keys and overwrites, on both sides of the inline
// threshold) restarts with every acknowledged object whole, overwritten keys holding the old or
// a newer body, and no row that metadata does not name (test/support/crash-run.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../src/store/index.js';
import { crashDuringPuts } from './support/crash-run.js';
import { bytes } from './support/s3-helpers.js';

/** Sizes around the inline threshold (one 64 KiB frame): mostly inline, some files. */
const sizeOf = (i: number) => [1, 4096, 20_000, 65_536, 65_537, 100_000][i % 6] as number;

test('SIGKILL during concurrent small PUTs: acknowledged objects survive whole, no stray rows', { timeout: 60_000 }, async () => {
  await crashDuringPuts({
    seed: Array.from({ length: 12 }, (_, i) => ({ key: `old/${i}`, body: bytes(sizeOf(i), 500 + i) })),
    writes: Array.from({ length: 400 }, (_, i) => ({ key: i % 3 === 0 ? `old/${i % 12}` : `new/${i}`, body: bytes(sizeOf(i * 7), i + 1) })),
    // Keys are written concurrently; the overwrites of one key one after another, so that the
    // order they were sent in is the order they committed in.
    chainOverwrites: true,
    killAfter: 40,
  }, async ({ dataDir, listed }) => {
    // Start-up collected whatever the crash left: every stored row is referenced, one per small object.
    const db = openDatabase(join(dataDir, 'gantry.db'));
    try {
      const rows = db.prepare('SELECT referenced, count(*) AS n FROM s3_inline_blobs GROUP BY referenced').all();
      const small = listed.filter((c) => (c.Size as number) <= 65_536).length;
      assert.deepEqual(rows, [{ referenced: 1, n: small }]);
    } finally {
      db.close();
    }
  });
});
