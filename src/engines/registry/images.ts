// Images: PutImage (the registry's manifest PUT too), tag mutability, and the look-ups by tag
// or digest that BatchGetImage and manifest GET share.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html

import { keyOf, repositoryFor, type EcrCall } from './access.js';
import {
  imageAlreadyExists, imageDigestDoesNotMatch, imageTagAlreadyExists, invalidParameter, layersNotFound, referencedImagesNotFound,
} from './ecr-errors.js';
import { applyLifecycle } from './lifecycle-apply.js';
import { convertManifest } from './manifest-conversion.js';
import { parseManifest, sha256Digest } from './manifests.js';
import { isoNow, type RegistryContext } from './registry-context.js';
import type { ImageRecord, RepositoryKey, RepositoryRecord } from './registry-records.js';
import { tagMatches } from './tag-wildcard.js';

export interface PutImageInput {
  readonly key: RepositoryKey;
  readonly manifest: string;
  readonly mediaType: string | null;
  readonly tag: string | null;
  readonly digest: string | null;
  /** The registry's PUT: pushing the same manifest under the same tag again succeeds. */
  readonly repeatable?: boolean;
}

/** A manifest that is not one (the registry answers MANIFEST_INVALID). */
export class InvalidManifestError extends Error {}
/** Blobs or child manifests a manifest names that the repository lacks (MANIFEST_BLOB_UNKNOWN). */
export class MissingReferencesError extends Error {
  constructor(readonly digests: readonly string[], readonly api: Error) {
    super(api.message);
  }
}
/** A tag the repository's mutability forbids moving (TAG_INVALID on the registry). */
export class ImmutableTagError extends Error {
  constructor(readonly api: Error) {
    super(api.message);
  }
}

/** Whether a tag may move to another image (IMMUTABLE with exclusions: the excluded tags may). */
export function tagIsMutable(repo: RepositoryRecord, tag: string): boolean {
  const excluded = repo.imageTagMutabilityExclusionFilters.some((f) => tagMatches(f.filter, tag));
  switch (repo.imageTagMutability) {
    case 'IMMUTABLE':
      return false;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return excluded;
    case 'MUTABLE_WITH_EXCLUSION':
      return !excluded;
    default:
      return true;
  }
}

export function putImage(ctx: RegistryContext, call: EcrCall, input: PutImageInput): { image: ImageRecord; repo: RepositoryRecord } {
  const repo = repositoryFor(call, ctx, 'PutImage', input.key);
  const digest = sha256Digest(input.manifest);
  if (input.digest !== null && input.digest !== digest) throw imageDigestDoesNotMatch(input.digest, digest);
  const parsed = parseManifest(input.manifest, input.mediaType);
  if (typeof parsed === 'string') throw new InvalidManifestError(`Invalid parameter at 'ImageManifest' failed to satisfy constraint: '${parsed}'`);
  const { key } = input;
  const missingBlobs = parsed.blobs.filter((d) => ctx.store.getLayer(key, d) === null);
  if (missingBlobs.length > 0) throw new MissingReferencesError(missingBlobs, layersNotFound(missingBlobs, key.name, key.account));
  const missingChildren = parsed.children.filter((d) => ctx.store.getImage(key, d) === null);
  if (missingChildren.length > 0) throw new MissingReferencesError(missingChildren, referencedImagesNotFound(missingChildren, key.name, key.account));
  const image = ctx.store.transaction(() => {
    const existing = ctx.store.getImage(key, digest);
    if (input.tag !== null) {
      const current = ctx.store.getTag(key, input.tag);
      if (current === digest && !input.repeatable) throw imageAlreadyExists(digest, input.tag, key.name, key.account);
      if (current !== null && current !== digest && !tagIsMutable(repo, input.tag)) throw new ImmutableTagError(imageTagAlreadyExists(input.tag, key.name));
    }
    const record: ImageRecord = existing ?? {
      account: key.account,
      region: key.region,
      repository: key.name,
      digest,
      mediaType: parsed.mediaType,
      manifest: input.manifest,
      size: parsed.size,
      pushedAt: isoNow(ctx),
      artifactMediaType: parsed.artifactType,
      subject: parsed.subject,
      children: parsed.children,
      blobs: parsed.blobs,
      lastPulledAt: null,
    };
    if (!existing) ctx.store.putImage(record);
    if (input.tag !== null) ctx.store.putTag(key, input.tag, digest);
    return record;
  });
  if (repo.lifecyclePolicy !== null) applyLifecycle(ctx, repo);
  return { image, repo };
}

export interface ImageId {
  readonly imageDigest?: string;
  readonly imageTag?: string;
}

export type Lookup =
  | { ok: true; image: ImageRecord; tag: string | null }
  | { ok: false; failureCode: string; failureReason: string };

const DIGEST_SHAPE = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;

/** One image id (tag, digest or both) resolved in a repository, as BatchGetImage reports it. [EMU] texts */
export function lookupImage(ctx: RegistryContext, key: RepositoryKey, id: ImageId): Lookup {
  if (id.imageDigest === undefined && id.imageTag === undefined) {
    return { ok: false, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' };
  }
  if (id.imageDigest !== undefined && !DIGEST_SHAPE.test(id.imageDigest)) {
    return { ok: false, failureCode: 'InvalidImageDigest', failureReason: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'" };
  }
  const byTag = id.imageTag !== undefined ? ctx.store.getTag(key, id.imageTag) : null;
  if (id.imageTag !== undefined && byTag === null) return { ok: false, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
  if (id.imageDigest !== undefined && byTag !== null && byTag !== id.imageDigest) {
    return { ok: false, failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid request parameters: given tag does not map to the given digest' };
  }
  const image = ctx.store.getImage(key, (byTag ?? id.imageDigest) as string);
  if (!image) return { ok: false, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
  return { ok: true, image, tag: id.imageTag ?? null };
}

export function batchGetImage(ctx: RegistryContext, call: EcrCall, name: string, ids: readonly ImageId[], registryId?: string) {
  const key = keyOf(call, name, registryId);
  repositoryFor(call, ctx, 'BatchGetImage', key);
  const images: { image: ImageRecord; tag: string | null; byDigest: boolean }[] = [];
  const failures: { imageId: ImageId; failureCode: string; failureReason: string }[] = [];
  for (const id of ids) {
    const found = lookupImage(ctx, key, id);
    if (found.ok) images.push({ image: found.image, tag: found.tag, byDigest: id.imageDigest !== undefined });
    else failures.push({ imageId: id, failureCode: found.failureCode, failureReason: found.failureReason });
  }
  return { images, failures };
}

/**
 * The image in a format of `accepted`: as stored, or converted between Docker v2 schema 2 and
 * OCI when it was asked for by tag (manifest-conversion.ts); null when neither is possible. A
 * converted image keeps the stored image's digest ([INFER]: what AWS reports is not recorded).
 */
export function inAcceptedFormat(image: ImageRecord, accepted: readonly string[], byDigest: boolean): ImageRecord | null {
  if (accepted.includes(image.mediaType)) return image;
  if (byDigest) return null;
  for (const type of accepted) {
    const manifest = convertManifest(image.manifest, image.mediaType, type);
    if (manifest !== null) return { ...image, manifest, mediaType: type };
  }
  return null;
}

export function checkManifestSize(manifest: string, max: number): void {
  if (Buffer.byteLength(manifest) > max) throw invalidParameter(`Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Member must have length less than or equal to ${max}'`);
}
