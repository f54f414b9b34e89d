// crc_combine: the CRC of A followed by B from CRC(A), CRC(B) and B's length, without the bytes.
// S3 needs it for multipart uploads with a FULL_OBJECT checksum: the object's CRC is built from
// the parts' CRCs. The method is zlib's (crc32_combine since 1.2.12): multiplying CRC(A) by
// x^(8·len(B)) modulo the polynomial, with the power found by repeated squaring. It holds for
// the reflected CRCs whose initial value equals their final xor (all ones), which CRC32,
// CRC32C and CRC64NVME all are. BigInt keeps one code for 32 and 64 bits; it runs once per part
// at completion, not per byte.
// https://github.com/madler/zlib/blob/develop/crc32.c (multmodp, x2nmodp, crc32_combine)

import { CRC64_NVME_POLY } from './crc64-nvme.js';

export interface CrcShape {
  /** Bits in the CRC: 32 or 64. */
  readonly width: number;
  /** The reflected polynomial. */
  readonly poly: bigint;
}

export const CRC32_SHAPE: CrcShape = { width: 32, poly: 0xedb88320n };
export const CRC32C_SHAPE: CrcShape = { width: 32, poly: 0x82f63b78n };
export const CRC64_NVME_SHAPE: CrcShape = { width: 64, poly: CRC64_NVME_POLY };

/** a·b modulo the polynomial (reflected: the top bit is x^0). */
function multiplyModPoly(shape: CrcShape, a: bigint, b: bigint): bigint {
  let m = 1n << BigInt(shape.width - 1);
  let product = 0n;
  while (m !== 0n) {
    if (a & m) product ^= b;
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ shape.poly : b >> 1n;
  }
  return product;
}

/** x^(8·bytes) modulo the polynomial: the operator that shifts a CRC past `bytes` zero bytes. */
function shiftOperator(shape: CrcShape, bytes: number): bigint {
  let power = 1n << BigInt(shape.width - 1); // x^0
  let square = 1n << BigInt(shape.width - 1 - 8); // x^8: one byte
  for (let n = BigInt(bytes); n > 0n; n >>= 1n) {
    if (n & 1n) power = multiplyModPoly(shape, square, power);
    square = multiplyModPoly(shape, square, square);
  }
  return power;
}

/** CRC(A followed by B), given CRC(A), CRC(B) and B's length in bytes. */
export function crcCombine(shape: CrcShape, crcA: bigint, crcB: bigint, lengthB: number): bigint {
  return multiplyModPoly(shape, shiftOperator(shape, lengthB), crcA) ^ crcB;
}

/** The CRC of consecutive pieces from each one's CRC and length (parts are mostly one size: the shift is reused). */
export function crcOfPieces(shape: CrcShape, pieces: readonly { crc: bigint; length: number }[]): bigint {
  const shifts = new Map<number, bigint>();
  let crc = 0n;
  for (const piece of pieces) {
    let shift = shifts.get(piece.length);
    if (shift === undefined) {
      shift = shiftOperator(shape, piece.length);
      shifts.set(piece.length, shift);
    }
    crc = multiplyModPoly(shape, shift, crc) ^ piece.crc;
  }
  return crc;
}
