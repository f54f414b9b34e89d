// What every object operation needs: metadata and blob stores, time, the region, data keys,
// and the leases that keep a blob file alive while a reader streams it.

import type { Clock } from '../../core/clock.js';
import type { DataKeys } from './data-keys.js';
import type { BlobStore, ObjectStore } from './object-store.js';

export interface ObjectContext {
  readonly store: ObjectStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly region: string;
  readonly keys: DataKeys;
  readonly leases: BlobLeases;
}

export function isoNow(ctx: ObjectContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Blob files replaced or deleted while a GET still streams them are removed when the last
 * reader lets go, and never before the metadata change that dropped them is durable (with
 * batched writes it may not even be committed yet when `retire` is called). Files whose
 * removal a crash interrupted are collected at the next start.
 */
export class BlobLeases {
  private readonly readers = new Map<string, number>();
  private readonly doomed = new Set<string>();

  constructor(
    private readonly remove: (blobId: string) => Promise<void>,
    /** Resolves once the metadata written so far is on disk; rejects if it never will be. */
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Taken synchronously, right after the metadata was read. */
  acquire(blobIds: readonly string[]): () => void {
    for (const id of blobIds) this.readers.set(id, (this.readers.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of blobIds) {
        const left = (this.readers.get(id) ?? 1) - 1;
        if (left > 0) this.readers.set(id, left);
        else {
          this.readers.delete(id);
          if (this.doomed.delete(id)) void this.remove(id).catch(() => undefined);
        }
      }
    };
  }

  /** Whether a reader holds the blob: unreferenced or not, it must stay until the reader is done. */
  held(blobId: string): boolean {
    return this.readers.has(blobId);
  }

  /** Deletes blob files no longer referenced, once the metadata that stopped naming them is durable. */
  retire(blobIds: readonly string[]): void {
    if (blobIds.length === 0) return;
    this.durable().then(
      () => {
        for (const id of blobIds) {
          if (this.readers.has(id)) this.doomed.add(id);
          else void this.remove(id).catch(() => undefined);
        }
      },
      // The metadata did not reach the disk, so it may still name them: garbage collection decides at the next start.
      () => undefined,
    );
  }
}
