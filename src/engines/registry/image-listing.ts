// ListImages, DescribeImages and BatchDeleteImage: images with their tags, filtered by tag
// status; deleting by digest removes the image, by tag removes the tag (and the image once it
// has no tag left); an image an index names cannot be deleted on its own.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html

import { keyOf, repositoryFor, type EcrCall } from './access.js';
import { imageNotFound } from './ecr-errors.js';
import { imageReferencedBy, tagsByDigest } from './image-index.js';
import { lookupImage, type ImageId } from './images.js';
import type { RegistryContext } from './registry-context.js';
import type { ImageRecord, RepositoryKey } from './registry-records.js';

export interface ImageWithTags {
  readonly image: ImageRecord;
  readonly tags: readonly string[];
}

function withTags(ctx: RegistryContext, key: RepositoryKey, tagStatus: string | undefined): ImageWithTags[] {
  const tags = tagsByDigest(ctx, key);
  return ctx.store
    .listImages(key)
    .map((image) => ({ image, tags: tags.get(image.digest) ?? [] }))
    .filter(({ tags: t }) => (tagStatus === 'TAGGED' ? t.length > 0 : tagStatus === 'UNTAGGED' ? t.length === 0 : true));
}

/** One image id per tag, and one for each untagged image. */
export function listImages(ctx: RegistryContext, call: EcrCall, name: string, tagStatus?: string, registryId?: string): ImageId[] {
  const key = keyOf(call, name, registryId);
  repositoryFor(call, ctx, 'ListImages', key);
  return withTags(ctx, key, tagStatus).flatMap(({ image, tags }) =>
    tags.length === 0 ? [{ imageDigest: image.digest }] : tags.map((imageTag) => ({ imageDigest: image.digest, imageTag })),
  );
}

export function describeImages(ctx: RegistryContext, call: EcrCall, name: string, ids: readonly ImageId[] | undefined, tagStatus?: string, registryId?: string): ImageWithTags[] {
  const key = keyOf(call, name, registryId);
  repositoryFor(call, ctx, 'DescribeImages', key);
  if (ids === undefined || ids.length === 0) return withTags(ctx, key, tagStatus);
  const tags = tagsByDigest(ctx, key);
  const out = new Map<string, ImageWithTags>();
  for (const id of ids) {
    const found = lookupImage(ctx, key, id);
    if (!found.ok) throw imageNotFound(id, key.name, key.account);
    out.set(found.image.digest, { image: found.image, tags: tags.get(found.image.digest) ?? [] });
  }
  return [...out.values()];
}

export function batchDeleteImage(ctx: RegistryContext, call: EcrCall, name: string, ids: readonly ImageId[], registryId?: string) {
  const key = keyOf(call, name, registryId);
  repositoryFor(call, ctx, 'BatchDeleteImage', key);
  const imageIds: ImageId[] = [];
  const failures: { imageId: ImageId; failureCode: string; failureReason: string }[] = [];
  ctx.store.transaction(() => {
    for (const id of ids) {
      const found = lookupImage(ctx, key, id);
      if (!found.ok) {
        failures.push({ imageId: id, failureCode: found.failureCode, failureReason: found.failureReason });
        continue;
      }
      const { digest } = found.image;
      const tags = tagsByDigest(ctx, key).get(digest) ?? [];
      if (id.imageDigest === undefined && id.imageTag !== undefined && tags.length > 1) {
        ctx.store.deleteTag(key, id.imageTag);
        imageIds.push({ imageDigest: digest, imageTag: id.imageTag });
        continue;
      }
      const parents = imageReferencedBy(ctx, key, digest);
      if (parents.length > 0) {
        failures.push({ imageId: id, failureCode: 'ImageReferencedByManifestList', failureReason: `Requested image referenced by manifest list: [${parents.join(', ')}]` });
        continue;
      }
      ctx.store.deleteImage(key, digest);
      if (tags.length === 0) imageIds.push({ imageDigest: digest });
      for (const imageTag of tags) imageIds.push({ imageDigest: digest, imageTag });
    }
  });
  return { imageIds, failures };
}
