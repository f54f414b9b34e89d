// Look-ups across a repository's images: the tags of each image, and the indexes that name
// an image (which then cannot be deleted on its own).

import type { RegistryContext } from './registry-context.js';
import type { RepositoryKey } from './registry-records.js';

/** The tags of each image of a repository, by digest. */
export function tagsByDigest(ctx: RegistryContext, key: RepositoryKey): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { tag, digest } of ctx.store.listTags(key)) {
    const list = out.get(digest);
    if (list) list.push(tag);
    else out.set(digest, [tag]);
  }
  return out;
}

/** Digests of the image indexes in the repository that name `digest`. */
export function imageReferencedBy(ctx: RegistryContext, key: RepositoryKey, digest: string): string[] {
  return ctx.store.listImages(key).filter((i) => i.children.includes(digest)).map((i) => i.digest);
}
