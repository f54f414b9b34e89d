// Opens the object engine: the S3 service key (created once, kept sealed by the platform's
// master key), data keys, blob leases, and garbage collection of what a crash left behind.

import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { secretBox, type SecretBox } from '../../core/secret-box.js';
import { DataKeys, type KmsPort } from './data-keys.js';
import { BlobLeases, type ObjectContext } from './object-context.js';
import type { BlobStore, ObjectStore } from './object-store.js';

export interface ObjectEngineDeps {
  readonly store: ObjectStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly region: string;
  /** Seals the S3 service key under the platform's master key. */
  readonly masterBox: Pick<SecretBox, 'seal' | 'openBytes'>;
  /** KMS, once the platform has it. */
  readonly kms: () => KmsPort | null;
  /** Resolves once the metadata written so far is durable (blob files are removed only then). */
  readonly durable?: () => Promise<void>;
}

export function openObjectEngine(deps: ObjectEngineDeps): ObjectContext {
  let box: SecretBox | null = null;
  const serviceBox = (): SecretBox => {
    if (box) return box;
    const sealed = deps.store.transaction(() => {
      const existing = deps.store.getServiceKey();
      if (existing) return existing;
      const created = deps.masterBox.seal(randomBytes(32), 's3-service-key');
      deps.store.putServiceKey(created);
      return created;
    });
    box = secretBox(deps.masterBox.openBytes(sealed, 's3-service-key'));
    return box;
  };
  // Now, at start, not at the first SSE-S3 write: created there, it would share that request's
  // batch of writes, and a batch that failed to commit would leave a key in memory that no
  // stored record holds.
  serviceBox();
  return {
    store: deps.store,
    blobs: deps.blobs,
    clock: deps.clock,
    region: deps.region,
    keys: new DataKeys(serviceBox, deps.kms),
    leases: new BlobLeases((id) => deps.blobs.delete(id), deps.durable),
  };
}

/**
 * Removes temp files and unreferenced blobs left by a crash; safe while requests run. A blob a
 * GET still streams is spared though no metadata names it any more (an overwrite retired it
 * meanwhile): its lease removes it when the reader is done.
 */
export function collectGarbage(ctx: ObjectContext): Promise<number> {
  return ctx.blobs.collectGarbage((id) => ctx.store.hasBlob(id) || ctx.leases.held(id));
}
