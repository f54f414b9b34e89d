// Blobs are shared between repositories: one is removed from disk only when no repository
// of any registry still has it (after a repository is deleted).

import type { RegistryContext } from './registry-context.js';

export async function collectBlobs(ctx: RegistryContext, digests: readonly string[]): Promise<void> {
  for (const digest of new Set(digests)) {
    if (!ctx.store.blobReferenced(digest)) await ctx.blobs.delete(digest);
  }
}
