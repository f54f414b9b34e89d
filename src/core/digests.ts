// One-shot hashing. crypto.hash (Node >= 20.12 / 21.7) builds no Hash object: on the small
// inputs of every request (a payload, a canonical request, a host id) that object (its native
// handle, then its collection) costs more than the hashing. Older Node 20 releases lack it;
// createHash gives the same bytes there.

import crypto, { createHash } from 'node:crypto';

export type HashName = 'md5' | 'sha1' | 'sha256';

type HashOnce = (algorithm: string, data: string | Uint8Array, encoding: 'buffer' | 'hex' | 'base64') => string | Buffer;
const hashOnce = typeof crypto.hash === 'function' ? (crypto.hash as HashOnce) : null;

/** The digest of `data` (a string is hashed as UTF-8), in one call. */
export function digestOf(algorithm: HashName, data: string | Uint8Array): Buffer {
  return hashOnce ? (hashOnce(algorithm, data, 'buffer') as Buffer) : createHash(algorithm).update(data).digest();
}

/** The digest of `data` as hex (lower case) or base64, in one call. */
export function digestText(algorithm: HashName, data: string | Uint8Array, encoding: 'hex' | 'base64'): string {
  return hashOnce ? (hashOnce(algorithm, data, encoding) as string) : createHash(algorithm).update(data).digest(encoding);
}
