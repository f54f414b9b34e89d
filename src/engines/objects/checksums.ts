// Checksums S3 computes over object bytes: MD5 for the ETag and Content-MD5, and the
// additional checksums CRC32, CRC32C, CRC64NVME, SHA1, SHA256 (base64 of the big-endian digest).
// CRC32 is zlib's (native), CRC64NVME is in crc64-nvme.ts; MD5 is computed only where it is needed (see the object writer).
// A body held whole (a small object) is hashed in one call each (`checksumOf`, `digestOf`).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { digestOf, type HashName } from '../../core/digests.js';
import { crc64nvme } from './crc64-nvme.js';
import { CRC32_SHAPE, CRC32C_SHAPE, CRC64_NVME_SHAPE, crcOfPieces, type CrcShape } from './crc-combine.js';
import { reflectedCrc } from './crc-kernel.js';
import type { ChecksumAlgorithm } from './object-records.js';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

export interface Checksum {
  update(chunk: Uint8Array): void;
  /** The raw digest. */
  digest(): Buffer;
}

// CRC32C (Castagnoli, reflected polynomial 0x82f63b78) has no native implementation in Node:
// it runs on the WebAssembly kernel of crc-kernel.ts (about twice the JavaScript slicing-by-8 it replaced).
const crc32cKernel = reflectedCrc(CRC32C_SHAPE.poly);

/** CRC32C of `chunk` continuing from `previous` (0 to start). */
export function crc32c(chunk: Uint8Array, previous: number): number {
  return ~Number(crc32cKernel(chunk, BigInt(~previous >>> 0))) >>> 0;
}

function crcChecksum(step: (chunk: Uint8Array, previous: number) => number): Checksum {
  let value = 0;
  return {
    update: (chunk) => {
      value = step(chunk, value);
    },
    digest: () => crcBytes(value),
  };
}

function crc64Checksum(): Checksum {
  let value = 0n;
  return {
    update: (chunk) => {
      value = crc64nvme(chunk, value);
    },
    digest: () => crc64Bytes(value),
  };
}

function hashChecksum(algorithm: HashName): Checksum {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
}

function crcBytes(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

function crc64Bytes(value: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value, 0);
  return out;
}

/** The raw checksum of bytes held whole: the same as createChecksum, updated once, without building it. */
export function checksumOf(algorithm: ChecksumAlgorithm | 'MD5', data: Uint8Array): Buffer {
  switch (algorithm) {
    case 'CRC32': return crcBytes(crc32(data, 0));
    case 'CRC32C': return crcBytes(crc32c(data, 0));
    case 'CRC64NVME': return crc64Bytes(crc64nvme(data, 0n));
    case 'SHA1': return digestOf('sha1', data);
    case 'SHA256': return digestOf('sha256', data);
    case 'MD5': return digestOf('md5', data);
  }
}

export function createChecksum(algorithm: ChecksumAlgorithm | 'MD5'): Checksum {
  switch (algorithm) {
    case 'CRC32': return crcChecksum((chunk, previous) => crc32(chunk, previous));
    case 'CRC32C': return crcChecksum(crc32c);
    case 'CRC64NVME': return crc64Checksum();
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

const CRC_SHAPES: Partial<Record<ChecksumAlgorithm, CrcShape>> = { CRC32: CRC32_SHAPE, CRC32C: CRC32C_SHAPE, CRC64NVME: CRC64_NVME_SHAPE };

/** Whether a multipart upload can have a FULL_OBJECT checksum in this algorithm: only the CRCs combine. */
export function combinable(algorithm: ChecksumAlgorithm): boolean {
  return CRC_SHAPES[algorithm] !== undefined;
}

/**
 * A multipart upload's FULL_OBJECT checksum: the CRC of the whole object, combined from the
 * parts' CRCs (base64) and sizes, as if the object had been read in one piece.
 */
export function fullObjectChecksum(algorithm: ChecksumAlgorithm, parts: readonly { checksum: string; size: number }[]): string {
  const shape = CRC_SHAPES[algorithm];
  if (!shape) throw new Error(`${algorithm} does not combine into a full-object checksum`);
  const bigEndian = (base64: string) => Buffer.from(base64, 'base64').reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const crc = crcOfPieces(shape, parts.map((p) => ({ crc: bigEndian(p.checksum), length: p.size })));
  const out = Buffer.alloc(shape.width / 8);
  for (let i = out.length - 1, v = crc; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out.toString('base64');
}
