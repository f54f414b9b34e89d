// Writes racing other requests on their bucket: the bytes of a PUT stream in before its commit,
// so anything may happen to the bucket meanwhile; the commit must still land where it was allowed to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, CONTENT, objectEngineBed, SSE_S3 } from '../../../test/support/object-engine-bed.js';
import { createBucket, deleteBucket } from './buckets.js';
import { putObject } from './objects.js';
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

test('a PUT whose bucket was deleted and created again (by another account) while its bytes arrived is NoSuchBucket, and stores nothing', async () => {
  const bed = objectEngineBed('recreated-bucket');
  try {
    const paused = pausedBody(Buffer.alloc(100_000, 1), Buffer.alloc(100_000, 2));
    const writing = putObject(bed.ctx, bed.requester, {
      bucket: bed.bucket, key: 'k', body: paused.body, content: CONTENT, tags: [], sse: SSE_S3, checks: {},
    });
    await paused.sent;
    deleteBucket(bed.ctx, 'recreated-bucket');
    createBucket(bed.ctx, '444455556666', 'recreated-bucket', undefined, 'us-east-1');
    paused.go();
    await assert.rejects(writing, (error: unknown) => error instanceof S3Error && error.code === 'NoSuchBucket');
    assert.equal(bed.ctx.store.getVersion('recreated-bucket', 'k'), null, "nothing lands in the other account's bucket");
  } finally {
    bed.close();
  }
});

test('a PUT whose bucket was deleted and created again by its own account while its bytes arrived is NoSuchBucket too', async () => {
  const bed = objectEngineBed('recreated-own');
  try {
    const paused = pausedBody(Buffer.alloc(10, 1), Buffer.alloc(10, 2));
    const writing = putObject(bed.ctx, bed.requester, {
      bucket: bed.bucket, key: 'k', body: paused.body, content: CONTENT, tags: [], sse: SSE_S3, checks: {},
    });
    await paused.sent;
    deleteBucket(bed.ctx, 'recreated-own');
    // The engine's clock is fixed: the new bucket has the old one's name, owner and creation time.
    createBucket(bed.ctx, ACCOUNT, 'recreated-own', undefined, 'us-east-1');
    paused.go();
    await assert.rejects(writing, (error: unknown) => error instanceof S3Error && error.code === 'NoSuchBucket');
    assert.equal(bed.ctx.store.getVersion('recreated-own', 'k'), null);
  } finally {
    bed.close();
  }
});
