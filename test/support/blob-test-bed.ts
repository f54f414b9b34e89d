// Test support for blob writers and readers: a file blob store in a temporary directory (removed
// after the calling test file), a data key, bodies in pieces, and reading a blob back whole.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { readSegments } from '../../src/engines/objects/object-reader.js';
import { FsBlobStore } from '../../src/store/fs-blob-store.js';

export interface BlobTestBed {
  readonly dir: string;
  readonly blobs: FsBlobStore;
  readonly dataKey: Buffer;
  /** How many files and directories the store's directory holds. */
  files(): number;
  /** Plaintext bytes [start, end] of a one-blob object of `size` bytes. */
  readAll(blobId: string, size: number, start?: number, end?: number): Promise<Buffer>;
}

export function blobTestBed(name: string): BlobTestBed {
  const dir = mkdtempSync(join(tmpdir(), `gantry-${name}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const blobs = new FsBlobStore(dir);
  const dataKey = randomBytes(32);
  return {
    dir, blobs, dataKey,
    files: () => readdirSync(dir, { recursive: true }).length,
    readAll: async (blobId, size, start = 0, end = size - 1) => {
      const parts: Buffer[] = [];
      for await (const part of readSegments(blobs, dataKey, [{ blobId, size }], start, end)) parts.push(part);
      return Buffer.concat(parts);
    },
  };
}

/** `data` as an async body of `size`-byte pieces. */
export async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
