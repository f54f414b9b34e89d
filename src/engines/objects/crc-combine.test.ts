// crc_combine: for CRC32, CRC32C and CRC64NVME, combining the CRCs of consecutive pieces gives
// the CRC computed over the concatenated bytes, for empty, odd-sized and repeated-size pieces;
// and the base64 full-object checksum of parts matches the checksum of the whole body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { checksumOf, fullObjectChecksum } from './checksums.js';
import { crc32c } from './checksums.js';
import { crc64nvme } from './crc64-nvme.js';
import { CRC32_SHAPE, CRC32C_SHAPE, CRC64_NVME_SHAPE, crcCombine, crcOfPieces, type CrcShape } from './crc-combine.js';

const CRCS: [string, CrcShape, (data: Uint8Array) => bigint][] = [
  ['CRC32', CRC32_SHAPE, (d) => BigInt(crc32(d, 0))],
  ['CRC32C', CRC32C_SHAPE, (d) => BigInt(crc32c(d, 0))],
  ['CRC64NVME', CRC64_NVME_SHAPE, (d) => crc64nvme(d, 0n)],
];

test('crcCombine(CRC(A), CRC(B), |B|) is CRC(A+B) for any split, empty sides included', () => {
  const data = randomBytes(70_001);
  for (const [name, shape, crc] of CRCS) {
    for (const cut of [0, 1, 7, 8, 4096, 65_537, 70_000, 70_001]) {
      const a = data.subarray(0, cut);
      const b = data.subarray(cut);
      assert.equal(crcCombine(shape, crc(a), crc(b), b.length), crc(data), `${name} cut at ${cut}`);
    }
  }
});

test('crcOfPieces over many pieces (equal sizes reuse the shift) is the CRC of the whole', () => {
  const sizes = [5000, 5000, 5000, 1, 0, 5000, 123];
  const data = randomBytes(sizes.reduce((n, s) => n + s, 0));
  for (const [name, shape, crc] of CRCS) {
    let offset = 0;
    const pieces = sizes.map((length) => {
      const piece = data.subarray(offset, (offset += length));
      return { crc: crc(piece), length };
    });
    assert.equal(crcOfPieces(shape, pieces), crc(data), name);
  }
});

test('fullObjectChecksum: base64 of the parts combine to the base64 checksum of the whole body', () => {
  const parts = [randomBytes(10_000), randomBytes(10_000), randomBytes(333)];
  const whole = Buffer.concat(parts);
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    const sums = parts.map((p) => ({ checksum: checksumOf(algorithm, p).toString('base64'), size: p.length }));
    assert.equal(fullObjectChecksum(algorithm, sums), checksumOf(algorithm, whole).toString('base64'), algorithm);
  }
});
