// Small blobs as rows of the metadata database, larger ones as files: a writer buffers its
// (already encrypted) bytes in memory and spills them to the file store once they outgrow one
// sealed frame. An inline blob is stored in the same transaction as the metadata naming it,
// so a crash leaves the old object or the new one, and no file operation is on its path.
// See docs/decisions/0005-s3-objects.md ("Small objects inline").

import { FRAME_SIZE, HEADER_SIZE, TAG_SIZE } from './frame-cipher.js';
import type { BlobReader, BlobStore, BlobWriter } from './object-store.js';

/**
 * Largest inline blob: one sealed frame (header, 64 KiB of plaintext, tag), so every object of
 * up to 64 KiB is one row read by one primary-key lookup. Past that, files win: SQLite would
 * write each byte twice (WAL, then checkpoint) and a reader would hold the whole row in memory.
 */
export const INLINE_BLOB_LIMIT = HEADER_SIZE + FRAME_SIZE + TAG_SIZE;

/** Inline blob ids: `i` and 16 hex digits (the row's number). File blob ids never contain `i`. */
const INLINE_ID = /^i[0-9a-f]{16}$/;

export function isInlineBlobId(blobId: string): boolean {
  return INLINE_ID.test(blobId);
}

/**
 * Where inline blobs live (src/store/sql-inline-blobs.ts). A committed inline blob is staged in
 * memory; the metadata transaction that references it (ObjectStore.addBlob) writes it.
 */
export interface InlineBlobStore {
  /** A fresh inline blob id, never handed out before by this store (see isInlineBlobId). */
  newId(): string;
  /** Holds a committed blob's bytes until the transaction that references it stores them. */
  stage(blobId: string, bytes: Buffer): void;
  /** The bytes of a staged or stored blob, or null. */
  read(blobId: string): Buffer | null;
  /** Drops a staged blob, or removes a stored one (it is no longer referenced; a crash before the removal leaves garbage, not damage). */
  delete(blobId: string): void;
  /** Removes stored blobs that `isReferenced` does not claim; returns how many. Synchronous, so it runs before any request. */
  collectGarbage(isReferenced: (blobId: string) => boolean): number;
}

export class TieredBlobStore implements BlobStore {
  constructor(
    private readonly files: BlobStore,
    private readonly inline: InlineBlobStore,
    private readonly limit: number = INLINE_BLOB_LIMIT,
  ) {}

  async create(): Promise<BlobWriter> {
    return new TieredWriter(this.files, this.inline, this.limit);
  }

  async open(blobId: string): Promise<BlobReader> {
    if (!isInlineBlobId(blobId)) return this.files.open(blobId);
    const bytes = this.inlineBytes(blobId);
    return {
      read: async (position, length) => bytes.subarray(Math.min(position, bytes.length), Math.min(position + length, bytes.length)),
      close: async () => undefined,
    };
  }

  /** An inline blob's bytes, at once (a small GET skips the reader and its stream); null for a file. */
  readSealed(blobId: string): Buffer | null {
    return isInlineBlobId(blobId) ? this.inlineBytes(blobId) : null;
  }

  private inlineBytes(blobId: string): Buffer {
    const bytes = this.inline.read(blobId);
    if (!bytes) throw new Error(`object blob ${blobId} does not exist`);
    return bytes;
  }

  async delete(blobId: string): Promise<void> {
    if (isInlineBlobId(blobId)) this.inline.delete(blobId);
    else await this.files.delete(blobId);
  }

  async collectGarbage(isReferenced: (blobId: string) => boolean): Promise<number> {
    const rows = this.inline.collectGarbage(isReferenced);
    return rows + (await this.files.collectGarbage(isReferenced));
  }

  /** Inline blobs have no path: their bytes are a row of the database. */
  pathOf(blobId: string): string | null {
    return isInlineBlobId(blobId) ? null : this.files.pathOf(blobId);
  }
}

/** Buffers up to `limit` bytes; past that, everything goes to a file writer. */
class TieredWriter implements BlobWriter {
  private readonly inlineId: string;
  private chunks: Buffer[] = [];
  private size = 0;
  private file: BlobWriter | null = null;
  private closed = false;

  constructor(
    private readonly files: BlobStore,
    private readonly inline: InlineBlobStore,
    private readonly limit: number,
  ) {
    this.inlineId = inline.newId();
  }

  /** The id `commit` returns: the inline id until the bytes spill to a file. */
  get blobId(): string {
    return this.file?.blobId ?? this.inlineId;
  }

  async write(chunk: Uint8Array): Promise<void> {
    // A copy when kept: like a file write, the caller may reuse its buffer once this resolves.
    return this.append([chunk], true);
  }

  /** Gathered write; the caller never reuses these chunks, so they are kept without a copy. */
  async writev(chunks: readonly Uint8Array[]): Promise<void> {
    return this.append(chunks, false);
  }

  private async append(chunks: readonly Uint8Array[], copy: boolean): Promise<void> {
    if (this.closed) throw new Error('blob writer is closed');
    if (!this.file) {
      let added = 0;
      for (const chunk of chunks) added += chunk.byteLength;
      if (this.size + added <= this.limit) {
        for (const chunk of chunks) this.chunks.push(copy ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        this.size += added;
        return;
      }
      this.file = await this.files.create();
      const buffered = this.chunks;
      this.chunks = [];
      await writeAll(this.file, buffered);
    }
    await writeAll(this.file, chunks);
  }

  async commit(): Promise<string> {
    if (this.closed) throw new Error('blob writer is closed');
    this.closed = true;
    if (this.file) return this.file.commit();
    const bytes = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.inline.stage(this.inlineId, bytes);
    return this.inlineId;
  }

  async abort(): Promise<void> {
    this.closed = true;
    this.chunks = [];
    await this.file?.abort();
  }
}

async function writeAll(writer: BlobWriter, chunks: readonly Uint8Array[]): Promise<void> {
  if (chunks.length === 0) return;
  if (writer.writev) await writer.writev(chunks);
  else for (const chunk of chunks) await writer.write(chunk);
}
