// One-shot checksums of bytes held whole are the incremental ones (createChecksum). The one-shot
// digests under them are tested in src/core/digests.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checksumOf, createChecksum } from './checksums.js';

test('checksumOf equals createChecksum for every algorithm, at any length, on unaligned views', () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'MD5'] as const) {
    for (const length of [0, 1, 7, 8, 9, 4096, 65_537]) {
      const data = randomBytes(length + 3).subarray(3);
      const sum = createChecksum(algorithm);
      sum.update(data);
      assert.deepEqual(checksumOf(algorithm, data), sum.digest(), `${algorithm}, ${length} bytes`);
    }
  }
});
