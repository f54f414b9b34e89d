import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedMap } from './bounded-map.js';

test('a bounded map keeps at most its limit, dropping the oldest entry first', () => {
  const map = new BoundedMap<string, number>(2);
  assert.equal(map.set('a', 1), 1);
  map.set('b', 2);
  map.set('a', 10); // replacing an entry drops nothing
  assert.deepEqual([map.size, map.get('a'), map.get('b')], [2, 10, 2]);
  map.set('c', 3);
  assert.deepEqual([map.size, map.get('a'), map.get('b'), map.get('c')], [2, undefined, 2, 3]);
  assert.throws(() => new BoundedMap(0), RangeError);
});
