// CRCs from their definition, for tests to check Gantry's CRC code against: nothing here is
// shared with src (its kernel is WebAssembly slicing-by-16, crc-kernel.ts), so a value both agree
// on is not one piece of code agreeing with itself.

/** CRC-64/NVME's polynomial, reflected; its initial value and final xor are all ones. */
const NVME_POLY = 0x9a6c9329ac4bc9b5n;
const ONES_64 = 0xffffffffffffffffn;

/** A reflected CRC's register after `data`, one bit at a time (no initial value, no final xor). */
export function reflectedCrcByBits(poly: bigint, data: Uint8Array, register: bigint): bigint {
  let crc = register;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

/** CRC-64/NVME of `data`, bit by bit: slow (about 2 MB/s), for inputs of a few hundred KiB at most. */
export function crc64nvmeByBits(data: Uint8Array): bigint {
  return ~reflectedCrcByBits(NVME_POLY, data, ONES_64) & ONES_64;
}

/** Each byte value's step of the register, from the bit-by-bit definition. */
const NVME_TABLE = Array.from({ length: 256 }, (_, byte) => reflectedCrcByBits(NVME_POLY, Uint8Array.of(byte), 0n));

/**
 * CRC-64/NVME of `data` as S3 sends it (8 bytes big-endian, base64), a byte at a time through a
 * table each entry of which is the definition applied to one byte value (about 12 MB/s, for
 * multi-MiB inputs); crc64-nvme.test.ts checks it against crc64nvmeByBits.
 */
export function crc64nvmeBase64(data: Uint8Array): string {
  let crc = ONES_64;
  for (const byte of data) crc = (NVME_TABLE[Number((crc ^ BigInt(byte)) & 0xffn)] as bigint) ^ (crc >> 8n);
  const digest = Buffer.alloc(8);
  digest.writeBigUInt64BE(~crc & ONES_64);
  return digest.toString('base64');
}
