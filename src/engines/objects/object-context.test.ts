import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlobLeases } from './object-context.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('BlobLeases', () => {
  it('removes a retired blob only once the metadata that dropped it is durable', async () => {
    const removed: string[] = [];
    const sync = deferred();
    const leases = new BlobLeases(async (id) => void removed.push(id), () => sync.promise);
    leases.retire(['a', 'b']);
    await settle();
    assert.deepEqual(removed, [], 'nothing removed before the commit is durable');
    sync.resolve();
    await settle();
    assert.deepEqual(removed, ['a', 'b']);
  });

  it('keeps retired blobs when their metadata never becomes durable (garbage collection decides later)', async () => {
    const removed: string[] = [];
    const sync = deferred();
    const leases = new BlobLeases(async (id) => void removed.push(id), () => sync.promise);
    leases.retire(['a']);
    sync.reject(new Error('the batch did not commit'));
    await settle();
    await settle();
    assert.deepEqual(removed, []);
  });

  it('waits for the last reader of a retired blob', async () => {
    const removed: string[] = [];
    const leases = new BlobLeases(async (id) => void removed.push(id));
    const release = leases.acquire(['a']);
    leases.retire(['a']);
    await settle();
    assert.deepEqual(removed, [], 'a reader still streams it');
    release();
    release(); // twice is once
    await settle();
    assert.deepEqual(removed, ['a']);
  });
});
