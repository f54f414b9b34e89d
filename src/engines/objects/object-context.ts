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
 * reader lets go. Files whose removal a crash interrupted are collected at the next start.
 */
export class BlobLeases {
  private readonly readers = new Map<string, number>();
  private readonly doomed = new Set<string>();

  constructor(private readonly remove: (blobId: string) => Promise<void>) {}

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

  /** Deletes blob files no longer referenced (their metadata rows are already gone). */
  retire(blobIds: readonly string[]): void {
    for (const id of blobIds) {
      if (this.readers.has(id)) this.doomed.add(id);
      else void this.remove(id).catch(() => undefined);
    }
  }
}
