// Inline blobs (small objects' sealed bytes, never plaintext) as rows of the object tables.
// Owned by SqlObjectStore: a staged blob is written by the transaction that records its
// reference (addBlob), so metadata and bytes land together. The row carries its own reference
// flag (no s3_blobs row: fewer pages per write); removeBlob clears it, and the bytes stay until
// the last reader is done (delete). Removals are batched into one transaction per turn of the
// event loop; one that a crash interrupts leaves an unreferenced row, which garbage collection
// removes at the next start. Recently read rows are kept in memory (sealed bytes, as stored;
// an id is never reused within a process, so an entry cannot go stale before its delete).

import { isInlineBlobId, type InlineBlobStore } from '../engines/objects/tiered-blob-store.js';
import type { SqlDatabase } from './sql-database.js';

/** The row number of an inline blob id (`i` + 16 hex digits). */
function rowOf(blobId: string): number {
  if (!isInlineBlobId(blobId)) throw new RangeError(`not an inline blob id: ${blobId}`);
  return Number.parseInt(blobId.slice(1), 16);
}

function idOf(row: number): string {
  return `i${row.toString(16).padStart(16, '0')}`;
}

/** Memory for recently read rows. */
const READ_CACHE_BYTES = 16 * 1024 * 1024;

export class SqlInlineBlobs implements InlineBlobStore {
  private readonly s;
  private readonly staged = new Map<string, Buffer>();
  /** Committed rows read outside transactions, oldest first. */
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;
  private doomed: number[] = [];
  private flushScheduled = false;
  /**
   * Ids count up from the largest row at start: never reused within a process, and a row
   * number freed before a restart is unreferenced (a lost commit loses its metadata too).
   */
  private next: number;

  constructor(private readonly db: SqlDatabase) {
    this.s = {
      insert: db.prepare('INSERT INTO s3_inline_blobs (id, referenced, bytes) VALUES (?, 1, ?)'),
      // 0 and 1 take no bytes in a SQLite record, so flipping the flag rewrites only the row's leaf page.
      reference: db.prepare('UPDATE s3_inline_blobs SET referenced = 1 WHERE id = ? AND referenced = 0'),
      unreference: db.prepare('UPDATE s3_inline_blobs SET referenced = 0 WHERE id = ? AND referenced = 1'),
      referenced: db.prepare('SELECT referenced FROM s3_inline_blobs WHERE id = ?'),
      get: db.prepare('SELECT bytes FROM s3_inline_blobs WHERE id = ?'),
      // Never a referenced row, whoever asks.
      remove: db.prepare('DELETE FROM s3_inline_blobs WHERE id = ? AND referenced = 0'),
      unreferenced: db.prepare('SELECT id FROM s3_inline_blobs WHERE referenced = 0'),
    };
    this.next = Number(db.prepare('SELECT max(id) AS last FROM s3_inline_blobs').get()?.['last'] ?? 0) + 1;
  }

  newId(): string {
    return idOf(this.next++);
  }

  stage(blobId: string, bytes: Buffer): void {
    rowOf(blobId);
    this.staged.set(blobId, bytes);
  }

  /** ObjectStore.addBlob: writes a staged blob, in the caller's transaction; marks a stored one referenced. */
  reference(blobId: string): void {
    const bytes = this.staged.get(blobId);
    if (bytes === undefined) {
      this.s.reference.run(rowOf(blobId));
      return;
    }
    this.s.insert.run(rowOf(blobId), bytes);
    this.staged.delete(blobId);
  }

  /** ObjectStore.removeBlob: no metadata names the blob any more; its bytes stay until `delete`. */
  unreference(blobId: string): void {
    this.s.unreference.run(rowOf(blobId));
  }

  /** ObjectStore.hasBlob. */
  isReferenced(blobId: string): boolean {
    return this.s.referenced.get(rowOf(blobId))?.['referenced'] === 1;
  }

  read(blobId: string): Buffer | null {
    const known = this.staged.get(blobId) ?? this.cache.get(blobId);
    if (known) return known;
    const row = this.s.get.get(rowOf(blobId));
    if (!row) return null;
    const bytes = row['bytes'] as Buffer;
    if (!this.db.inTransaction) this.remember(blobId, bytes);
    return bytes;
  }

  private remember(blobId: string, bytes: Buffer): void {
    this.cache.set(blobId, bytes);
    this.cachedBytes += bytes.length;
    for (const [id, old] of this.cache) {
      if (this.cachedBytes <= READ_CACHE_BYTES) break;
      this.forget(id, old);
    }
  }

  private forget(blobId: string, bytes = this.cache.get(blobId)): void {
    if (bytes === undefined || !this.cache.delete(blobId)) return;
    this.cachedBytes -= bytes.length;
  }

  delete(blobId: string): void {
    this.forget(blobId);
    if (this.staged.delete(blobId)) return;
    this.doomed.push(rowOf(blobId));
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushDeletes());
  }

  /** Removes the rows given to `delete` since the last flush, in one transaction. */
  flushDeletes(): void {
    this.flushScheduled = false;
    const rows = this.doomed;
    this.doomed = [];
    if (rows.length === 0 || !this.db.isOpen) return;
    try {
      this.db.transaction(() => {
        for (const row of rows) this.s.remove.run(row);
      });
    } catch {
      // Unreferenced rows that stay are removed by the next start's garbage collection.
    }
  }

  collectGarbage(isReferenced: (blobId: string) => boolean): number {
    const garbage = this.s.unreferenced.all().map((row) => row['id'] as number).filter((row) => !isReferenced(idOf(row)));
    if (garbage.length > 0) {
      for (const row of garbage) this.forget(idOf(row));
      this.db.transaction(() => {
        for (const row of garbage) this.s.remove.run(row);
      });
    }
    return garbage.length;
  }
}
