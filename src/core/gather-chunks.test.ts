import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatherChunks } from './gather-chunks.js';

async function* from(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

test('gathers chunks into one buffer; a single Buffer chunk comes back as it is', async () => {
  const one = Buffer.from('only');
  assert.equal(await gatherChunks(from(one)), one);
  assert.deepEqual(await gatherChunks(from(Buffer.from('ab'), new Uint8Array([99]), Buffer.alloc(0))), Buffer.from('abc'));
  const view = new Uint8Array([0, 1, 2, 3]).subarray(1, 3);
  const gathered = await gatherChunks(from(view));
  assert.ok(Buffer.isBuffer(gathered));
  assert.deepEqual([...gathered], [1, 2]);
  assert.deepEqual(await gatherChunks(from()), Buffer.alloc(0));
});

test('throws the given error past the limit, and stops reading there', async () => {
  let read = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 5; i++) {
      read++;
      yield Buffer.alloc(10);
    }
  }
  assert.deepEqual((await gatherChunks(counted(), 50)).length, 50);
  read = 0;
  await assert.rejects(gatherChunks(counted(), 25, () => new Error('too big')), /too big/);
  assert.equal(read, 3);
  await assert.rejects(gatherChunks(from(Buffer.alloc(2)), 1), RangeError);
});
