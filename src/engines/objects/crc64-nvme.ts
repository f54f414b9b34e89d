// CRC-64/NVME, the CRC S3 offers as CRC64NVME (reflected polynomial 0x9a6c9329ac4bc9b5, initial
// value and final xor all ones; check value of "123456789" is 0xae8b14860a799888).
// Written here rather than taken from @aws-sdk/crc64-nvme: that package only re-exports
// @aws-sdk/checksums, which would bring @aws-sdk/core and @smithy/core in as runtime
// dependencies of the server, and its digest is asynchronous where the object writer's is not.
// JavaScript has no 64-bit integer but BigInt (slow), so the CRC is kept as two 32-bit halves
// and processed eight bytes per step with slicing-by-8 tables, as CRC32C is in checksums.ts.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html

export const CRC64_NVME_POLY = 0x9a6c9329ac4bc9b5n;

/** Table t (0..7), byte n: high half at [t*512 + 2n], low half at [t*512 + 2n + 1]. */
const TABLES = (() => {
  const tables = new Uint32Array(8 * 512);
  const polyHigh = Number(CRC64_NVME_POLY >> 32n);
  const polyLow = Number(CRC64_NVME_POLY & 0xffffffffn);
  for (let n = 0; n < 256; n++) {
    let high = 0;
    let low = n;
    for (let k = 0; k < 8; k++) {
      const carry = low & 1;
      low = ((low >>> 1) | ((high & 1) << 31)) >>> 0;
      high >>>= 1;
      if (carry) {
        high = (high ^ polyHigh) >>> 0;
        low = (low ^ polyLow) >>> 0;
      }
    }
    tables[2 * n] = high;
    tables[2 * n + 1] = low;
  }
  // Table t: the CRC of byte n followed by t zero bytes.
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const high = tables[(t - 1) * 512 + 2 * n] as number;
      const low = tables[(t - 1) * 512 + 2 * n + 1] as number;
      const i = 2 * (low & 0xff);
      tables[t * 512 + 2 * n] = ((high >>> 8) ^ (tables[i] as number)) >>> 0;
      tables[t * 512 + 2 * n + 1] = (((low >>> 8) | (high << 24)) ^ (tables[i + 1] as number)) >>> 0;
    }
  }
  return tables;
})();

/** CRC-64/NVME of `chunk` continuing from `previous` (0n to start). */
export function crc64nvme(chunk: Uint8Array, previous: bigint): bigint {
  const T = TABLES;
  const inverted = ~previous & 0xffffffffffffffffn;
  let high = Number(inverted >> 32n);
  let low = Number(inverted & 0xffffffffn);
  let i = 0;
  const whole = chunk.length - (chunk.length % 8);
  for (; i < whole; i += 8) {
    const a = low ^ ((chunk[i] as number) | ((chunk[i + 1] as number) << 8) | ((chunk[i + 2] as number) << 16) | ((chunk[i + 3] as number) << 24));
    const b = high ^ ((chunk[i + 4] as number) | ((chunk[i + 5] as number) << 8) | ((chunk[i + 6] as number) << 16) | ((chunk[i + 7] as number) << 24));
    const i7 = 3584 + 2 * (a & 0xff);
    const i6 = 3072 + 2 * ((a >>> 8) & 0xff);
    const i5 = 2560 + 2 * ((a >>> 16) & 0xff);
    const i4 = 2048 + 2 * (a >>> 24);
    const i3 = 1536 + 2 * (b & 0xff);
    const i2 = 1024 + 2 * ((b >>> 8) & 0xff);
    const i1 = 512 + 2 * ((b >>> 16) & 0xff);
    const i0 = 2 * (b >>> 24);
    high = (T[i7] as number) ^ (T[i6] as number) ^ (T[i5] as number) ^ (T[i4] as number)
      ^ (T[i3] as number) ^ (T[i2] as number) ^ (T[i1] as number) ^ (T[i0] as number);
    low = (T[i7 + 1] as number) ^ (T[i6 + 1] as number) ^ (T[i5 + 1] as number) ^ (T[i4 + 1] as number)
      ^ (T[i3 + 1] as number) ^ (T[i2 + 1] as number) ^ (T[i1 + 1] as number) ^ (T[i0 + 1] as number);
  }
  for (; i < chunk.length; i++) {
    const index = 2 * ((low ^ (chunk[i] as number)) & 0xff);
    low = ((low >>> 8) | (high << 24)) ^ (T[index + 1] as number);
    high = (high >>> 8) ^ (T[index] as number);
  }
  return ~((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)) & 0xffffffffffffffffn;
}
