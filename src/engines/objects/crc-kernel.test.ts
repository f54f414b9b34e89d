// The WebAssembly CRC kernel against the byte-at-a-time definition, for a 64-bit and a 32-bit
// polynomial: inputs longer than the kernel's 256 KiB copy window, every tail length, unaligned
// views, and a register carried from one call to the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { reflectedCrc } from './crc-kernel.js';
import { reflectedCrcByBits as byBits } from '../../../test/support/crc-reference.js';

for (const [name, poly, start] of [['CRC64NVME', 0x9a6c9329ac4bc9b5n, 0xffffffffffffffffn], ['CRC32C', 0x82f63b78n, 0xffffffffn]] as const) {
  test(`${name} kernel: long inputs, every tail, unaligned views, a register carried between calls`, () => {
    const kernel = reflectedCrc(poly);
    const data = randomBytes(600 * 1024 + 37);
    // Beyond one 256 KiB window, starting off an 8-byte boundary.
    assert.equal(kernel(data.subarray(3), start), byBits(poly, data.subarray(3), start));
    for (let length = 0; length <= 40; length++) {
      const view = data.subarray(5, 5 + length);
      assert.equal(kernel(view, start), byBits(poly, view, start), `${length} bytes`);
    }
    const cut = 262_144 + 11;
    assert.equal(kernel(data.subarray(cut), kernel(data.subarray(0, cut), start)), kernel(data, start));
  });
}
