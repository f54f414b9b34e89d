// CSPRNG bytes for the hot paths (data keys, nonces, salts): crypto.randomBytes costs ~1.8 µs
// a call whatever the size, so small requests are cut from a 4 KiB randomFillSync pool (one
// call per 4 KiB, ~0.2 µs a request). Bytes handed out are copied and wiped from the pool, so
// a key never sits in memory twice; the pool holds only bytes not yet used, as Node's own
// randomUUID cache does.

import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const POOLED_MAX = 256;
let pool: Buffer | null = null;
let at = POOL_SIZE;

export function randomBytesPooled(size: number): Buffer {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`not a byte count: ${size}`);
  if (size > POOLED_MAX) return randomFillSync(Buffer.allocUnsafe(size));
  if (pool === null || at + size > POOL_SIZE) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_SIZE));
    at = 0;
  }
  const out = Buffer.allocUnsafe(size);
  pool.copy(out, 0, at, at + size);
  pool.fill(0, at, at + size);
  at += size;
  return out;
}
