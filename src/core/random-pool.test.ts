import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytesPooled } from './random-pool.js';

test('pooled random bytes: the sizes asked for, never the same bytes twice, large sizes too', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const size = 1 + (i % 64);
    const bytes = randomBytesPooled(size);
    assert.equal(bytes.length, size);
    if (size >= 16) {
      const hex = bytes.toString('hex');
      assert.ok(!seen.has(hex), 'a repeat means the pool handed out bytes twice');
      seen.add(hex);
    }
  }
  assert.equal(randomBytesPooled(0).length, 0);
  assert.equal(randomBytesPooled(10_000).length, 10_000);
  // 4,096 random bytes are never all zero (a wiped pool handed out would be).
  const many = Buffer.concat(Array.from({ length: 256 }, () => randomBytesPooled(16)));
  assert.ok(many.some((b) => b !== 0));
  const zeroRuns = many.toString('hex').match(/0{32}/g);
  assert.equal(zeroRuns, null, 'no 16-byte run of zeros');
  assert.throws(() => randomBytesPooled(-1), RangeError);
});
