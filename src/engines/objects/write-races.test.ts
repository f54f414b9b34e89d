// Requests racing each other in the engine: the bytes of a PUT stream in before its commit, so
// anything may happen to the bucket meanwhile, and the commit must still land where it was
// allowed to; a GET streams a blob an overwrite has retired, and nothing may remove it under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ACCOUNT, CONTENT, objectEngineBed, SSE_S3 } from '../../../test/support/object-engine-bed.js';
import { createBucket, deleteBucket } from './buckets.js';
import { collectGarbage } from './object-engine.js';
import { objectStream, putObject } from './objects.js';
import { S3Error } from './s3-errors.js';

/** A body that sends `first`, then waits for `go` before sending `rest`. */
function pausedBody(first: Buffer, rest: Buffer): { body: AsyncGenerator<Buffer>; sent: Promise<void>; go: () => void } {
  let go = (): void => undefined;
  let sent = (): void => undefined;
  const gate = new Promise<void>((resolve) => { go = resolve; });
  const started = new Promise<void>((resolve) => { sent = resolve; });
  async function* body(): AsyncGenerator<Buffer> {
    yield first;
    sent();
    await gate;
    yield rest;
  }
  return { body: body(), sent: started, go };
}

/**
 * Starts a PUT into `name`, deletes the bucket and creates one of that name for `newOwner` while
 * the PUT's body waits, then lets the body finish: the PUT must fail NoSuchBucket, storing nothing.
 */
async function putAcrossRecreation(name: string, newOwner: string, size: number): Promise<void> {
  const bed = objectEngineBed(name);
  try {
    const paused = pausedBody(Buffer.alloc(size, 1), Buffer.alloc(size, 2));
    const writing = putObject(bed.ctx, bed.requester, {
      bucket: bed.bucket, key: 'k', body: paused.body, content: CONTENT, tags: [], sse: SSE_S3, checks: {},
    });
    await paused.sent;
    deleteBucket(bed.ctx, name);
    createBucket(bed.ctx, newOwner, name, undefined, 'us-east-1');
    paused.go();
    await assert.rejects(writing, (error: unknown) => error instanceof S3Error && error.code === 'NoSuchBucket');
    assert.equal(bed.ctx.store.getVersion(name, 'k'), null, 'nothing lands in the new bucket');
  } finally {
    bed.close();
  }
}

test('a PUT whose bucket was deleted and created again (by another account) while its bytes arrived is NoSuchBucket, and stores nothing', async () => {
  await putAcrossRecreation('recreated-bucket', '444455556666', 100_000);
});

test('a PUT whose bucket was deleted and created again by its own account while its bytes arrived is NoSuchBucket too', async () => {
  // The engine's clock is fixed: the new bucket has the old one's name, owner and creation time.
  await putAcrossRecreation('recreated-own', ACCOUNT, 10);
});

test("garbage collection spares a blob a GET still streams, though the object was overwritten: it goes when the reader is done", async () => {
  const bed = objectEngineBed('collected-while-read');
  try {
    const old = Buffer.alloc(300_000, 5);
    const record = await bed.put('k', old);
    const [segment] = record.segments;
    const path = bed.ctx.blobs.pathOf(segment?.blobId as string) as string;
    // The start-up collection: from now on the store no longer spares what it wrote, as after a
    // restart a blob written before it is not spared.
    await collectGarbage(bed.ctx);
    const reading = objectStream(bed.ctx, bed.requester, record, 0, old.length - 1);
    await bed.put('k', Buffer.from('new'));
    await new Promise((resolve) => setImmediate(resolve));
    // A collection running now (as one started at start-up may, while requests are served).
    await collectGarbage(bed.ctx);
    assert.ok(existsSync(path), 'the blob being read is still there');
    const chunks: Buffer[] = [];
    for await (const chunk of reading.stream) chunks.push(chunk);
    assert.ok(Buffer.concat(chunks).equals(old), 'the GET gets the old bytes whole');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(existsSync(path), false, 'removed once the reader let go');
  } finally {
    bed.close();
  }
});
