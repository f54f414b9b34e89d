// Checksums S3 computes over object bytes: MD5 for the ETag and Content-MD5, and the
// additional checksums CRC32, CRC32C, SHA1, SHA256 (base64 of the big-endian digest).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumAlgorithm } from './object-records.js';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'];

export interface Checksum {
  update(chunk: Uint8Array): void;
  /** The raw digest. */
  digest(): Buffer;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(chunk: Uint8Array, previous: number): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < chunk.length; i++) crc = (CRC32C_TABLE[(crc ^ (chunk[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function crcChecksum(step: (chunk: Uint8Array, previous: number) => number): Checksum {
  let value = 0;
  return {
    update: (chunk) => {
      value = step(chunk, value);
    },
    digest: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0, 0);
      return out;
    },
  };
}

function hashChecksum(algorithm: 'md5' | 'sha1' | 'sha256'): Checksum {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
}

export function createChecksum(algorithm: ChecksumAlgorithm | 'MD5'): Checksum {
  switch (algorithm) {
    case 'CRC32': return crcChecksum((chunk, previous) => crc32(chunk, previous));
    case 'CRC32C': return crcChecksum(crc32c);
    case 'SHA1': return hashChecksum('sha1');
    case 'SHA256': return hashChecksum('sha256');
    case 'MD5': return hashChecksum('md5');
  }
}

/** The algorithm named in a header or parameter (`crc32`, `CRC32C`, ...), or null. */
export function checksumAlgorithmOf(name: string | undefined | null): ChecksumAlgorithm | null {
  const upper = name?.toUpperCase();
  return CHECKSUM_ALGORITHMS.find((a) => a === upper) ?? null;
}

/** A multipart upload's composite checksum: the checksum of the parts' raw checksums, `-N`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string {
  const sum = createChecksum(algorithm);
  for (const part of partChecksums) sum.update(Buffer.from(part, 'base64'));
  return `${sum.digest().toString('base64')}-${partChecksums.length}`;
}
