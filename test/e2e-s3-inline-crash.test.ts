// Crash safety of small objects, whose bytes are rows of the database: a `gantry up` child
// SIGKILLed under concurrent small PUTs (new keys and overwrites, on both sides of the inline
// threshold) restarts with every acknowledged object whole, overwritten keys holding the old or
// a newer body, and no row that metadata does not name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { openDatabase } from '../src/store/index.js';
import { rootS3Client, upChild } from './support/gantry-child.js';
import { bytes } from './support/s3-helpers.js';

/** Sizes around the inline threshold (one 64 KiB frame): mostly inline, some files. */
const sizeOf = (i: number) => [1, 4096, 20_000, 65_536, 65_537, 100_000][i % 6] as number;

test('SIGKILL during concurrent small PUTs: acknowledged objects survive whole, no stray rows', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-inline-crash-'));
  try {
    let { child, url } = await upChild(dataDir);
    let s3 = rootS3Client(url, dataDir);
    await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
    const bodies = new Map<string, Buffer[]>();
    const acked = new Map<string, Buffer>();
    for (let i = 0; i < 12; i++) {
      const body = bytes(sizeOf(i), 500 + i);
      await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: `old/${i}`, Body: body }));
      bodies.set(`old/${i}`, [body]);
      acked.set(`old/${i}`, body);
    }
    let acknowledged = 0;
    // Keys are written concurrently; the overwrites of one key one after another, so that the
    // order they were sent in is the order they committed in.
    const chains = new Map<string, Promise<void>>();
    for (let i = 0; i < 400; i++) {
      const key = i % 3 === 0 ? `old/${i % 12}` : `new/${i}`;
      const body = bytes(sizeOf(i * 7), i + 1);
      bodies.set(key, [...(bodies.get(key) ?? []), body]);
      const put = () => s3.send(new PutObjectCommand({ Bucket: 'crash', Key: key, Body: body })).then(
        () => {
          acked.set(key, body);
          acknowledged++;
        },
        () => undefined,
      );
      chains.set(key, (chains.get(key) ?? Promise.resolve()).then(put));
    }
    const puts = [...chains.values()];
    while (acknowledged < 40) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await Promise.all(puts);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    assert.ok(acknowledged < 400, 'the server died mid-way');

    ({ child, url } = await upChild(dataDir));
    s3 = rootS3Client(url, dataDir);
    try {
      const listed = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: 'crash', ContinuationToken: token }));
        listed.push(...(page.Contents ?? []));
        token = page.NextContinuationToken;
      } while (token);
      const names = new Set(listed.map((c) => c.Key as string));
      for (const key of acked.keys()) assert.ok(names.has(key), `acknowledged ${key} is listed`);
      for (const entry of listed) {
        const key = entry.Key as string;
        const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'crash', Key: key }))).Body!.transformToByteArray());
        assert.equal(got.length, entry.Size, `${key} reads back its listed size`);
        const candidates = bodies.get(key) ?? [];
        assert.ok(candidates.some((b) => b.equals(got)), `${key} holds one of the bodies sent for it`);
        const ackedBody = acked.get(key);
        if (ackedBody && key.startsWith('new/')) assert.ok(ackedBody.equals(got), `${key} is the acknowledged body`);
        if (ackedBody && key.startsWith('old/')) {
          assert.ok(candidates.findIndex((b) => b.equals(got)) >= candidates.indexOf(ackedBody), `${key} is the acknowledged body or a later one`);
        }
      }
      // Start-up collected whatever the crash left: every stored row is referenced, one per small object.
      const db = openDatabase(join(dataDir, 'gantry.db'));
      try {
        const rows = db.prepare('SELECT referenced, count(*) AS n FROM s3_inline_blobs GROUP BY referenced').all();
        const small = listed.filter((c) => (c.Size as number) <= 65_536).length;
        assert.deepEqual(rows, [{ referenced: 1, n: small }]);
      } finally {
        db.close();
      }
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
