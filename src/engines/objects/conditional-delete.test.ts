// Conditional deletes in the engine: the ETag, size and time conditions are checked in the
// transaction that deletes; a failed one changes nothing (no version removed, no delete marker
// added); If-Match needs an object, the size and time conditions do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectEngineBed } from '../../../test/support/object-engine-bed.js';
import { updateBucket } from './buckets.js';
import type { ObjectContext } from './object-context.js';
import type { ObjectVersionRecord } from './object-records.js';
import { deleteObject } from './objects.js';
import { S3Error } from './s3-errors.js';

const NOW = new Date('2026-01-01T00:00:00.250Z');

/** Runs `body` on a fresh engine with the bucket cond-bucket (versioned or not), removed afterwards. */
async function withEngine(versioned: boolean, body: (ctx: ObjectContext, put: (key: string, data: string) => Promise<ObjectVersionRecord>) => Promise<void>): Promise<void> {
  const bed = objectEngineBed('cond-bucket', NOW);
  try {
    if (versioned) updateBucket(bed.ctx, bed.bucket.name, (b) => void (b.versioning = 'Enabled'));
    await body(bed.ctx, (key, data) => bed.put(key, Buffer.from(data)));
  } finally {
    bed.close();
  }
}

function fails(run: () => unknown, code: string, condition?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof S3Error);
    assert.equal(error.code, code);
    if (condition !== undefined) assert.equal(error.fields['Condition'], condition);
    return true;
  });
}

test('If-Match: a wrong ETag is PreconditionFailed and the object stays; the right ETag, or *, deletes', async () => {
  await withEngine(false, async (ctx, put) => {
    const record = await put('k', 'data');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: '"0123"' }), 'PreconditionFailed', 'If-Match');
    assert.ok(ctx.store.getVersion('cond-bucket', 'k'), 'still there');
    deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: record.etag });
    assert.equal(ctx.store.getVersion('cond-bucket', 'k'), null);
    await put('k', 'again');
    deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: '*' });
    assert.equal(ctx.store.getVersion('cond-bucket', 'k'), null);
  });
});

test('If-Match on a missing key is NoSuchKey; the size and time conditions alone let a missing key be "deleted"', async () => {
  await withEngine(false, async (ctx) => {
    fails(() => deleteObject(ctx, 'cond-bucket', 'missing', undefined, { ifMatch: '*' }), 'NoSuchKey');
    assert.deepEqual(deleteObject(ctx, 'cond-bucket', 'missing', undefined, { size: 3, lastModified: new Date(0) }), { deleteMarker: false, versionId: null });
  });
});

test('size and last-modified time: compared exactly (the time to the second); a mismatch deletes nothing', async () => {
  await withEngine(false, async (ctx, put) => {
    await put('k', 'four');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { size: 5 }), 'PreconditionFailed', 'x-amz-if-match-size');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { lastModified: new Date(NOW.getTime() + 1000) }), 'PreconditionFailed', 'x-amz-if-match-last-modified-time');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: '*', size: 5 }), 'PreconditionFailed');
    assert.ok(ctx.store.getVersion('cond-bucket', 'k'), 'still there');
    // The stored time has milliseconds; the HTTP date sent back has none.
    deleteObject(ctx, 'cond-bucket', 'k', undefined, { size: 4, lastModified: new Date('2026-01-01T00:00:00Z') });
    assert.equal(ctx.store.getVersion('cond-bucket', 'k'), null);
  });
});

test('versioned: the current version decides; a failed condition adds no delete marker; a delete marker matches nothing', async () => {
  await withEngine(true, async (ctx, put) => {
    const first = await put('k', 'first');
    const second = await put('k', 'second, longer');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: first.etag }), 'PreconditionFailed');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { size: first.size }), 'PreconditionFailed');
    assert.equal(ctx.store.getVersion('cond-bucket', 'k')?.versionId, second.versionId, 'no delete marker on top');
    // A version id names the version the condition is about ([INFER]).
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', first.versionId, { ifMatch: second.etag }), 'PreconditionFailed');
    deleteObject(ctx, 'cond-bucket', 'k', first.versionId, { ifMatch: first.etag });
    assert.equal(ctx.store.getVersion('cond-bucket', 'k', first.versionId), null);
    const marker = deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: second.etag });
    assert.equal(marker.deleteMarker, true);
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', undefined, { ifMatch: '*' }), 'NoSuchKey');
    fails(() => deleteObject(ctx, 'cond-bucket', 'k', marker.versionId ?? undefined, { ifMatch: '*' }), 'NoSuchKey');
    assert.equal(ctx.store.getVersion('cond-bucket', 'k')?.versionId, marker.versionId, 'no second marker');
  });
});
