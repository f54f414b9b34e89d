// Checksums: CRC32C (on the WebAssembly kernel) agrees with the bit-by-bit definition at any length and
// split; CRC32 continues across chunks; digests are big-endian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createChecksum, crc32c } from './checksums.js';

/** CRC32C straight from its definition (reflected 0x82f63b78), one bit at a time. */
function crc32cByBits(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

test('CRC32C: check value, any length, any split into chunks, unaligned views', () => {
  assert.equal(crc32c(Buffer.from('123456789'), 0), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(0), 0), 0);
  const data = randomBytes(5000);
  for (const length of [1, 7, 8, 9, 15, 16, 17, 63, 64, 1000, 4999]) {
    const view = data.subarray(1, 1 + length);
    assert.equal(crc32c(view, 0), crc32cByBits(view), `${length} bytes`);
  }
  for (const split of [1, 3, 8, 13, 2500]) {
    const sum = createChecksum('CRC32C');
    for (let i = 0; i < data.length; i += split) sum.update(data.subarray(i, i + split));
    assert.equal(sum.digest().readUInt32BE(0), crc32cByBits(data), `chunks of ${split}`);
  }
});

test('CRC32 (zlib) continues across chunks; hashes match node:crypto', () => {
  const data = randomBytes(100_003);
  const sum = createChecksum('CRC32');
  for (let i = 0; i < data.length; i += 4099) sum.update(data.subarray(i, i + 4099));
  assert.equal(sum.digest().readUInt32BE(0), crc32(data));
  for (const [name, algorithm] of [['SHA256', 'sha256'], ['SHA1', 'sha1'], ['MD5', 'md5']] as const) {
    const hash = createChecksum(name);
    hash.update(data.subarray(0, 10));
    hash.update(data.subarray(10));
    assert.deepEqual(hash.digest(), createHash(algorithm).update(data).digest(), name);
  }
});
