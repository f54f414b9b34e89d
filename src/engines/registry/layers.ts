// Layers: availability checks, uploads (started, appended to in parts, completed with the
// digest verified), cross-repository mounts and downloads. The ECR API's layer calls and the
// registry's blob endpoints share these, each authorized with the action AWS checks.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_InitiateLayerUpload.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html

import { randomUUID } from 'node:crypto';
import { findRepository, repositoryFor, type EcrCall } from './access.js';
import { invalidLayerPart, layerNotFound, uploadNotFound } from './ecr-errors.js';
import { DIGEST } from './names.js';
import { isoNow, type RegistryContext } from './registry-context.js';
import type { LayerRecord, RepositoryKey, RepositoryRecord, UploadRecord } from './registry-records.js';

/** ECR's part size (InitiateLayerUpload partSize; UploadLayerPart takes at most 20 MiB). */
export const PART_SIZE = 20 * 1024 * 1024;

export interface LayerAvailability {
  readonly layers: { layerDigest: string; layerAvailability: string; layerSize?: number }[];
  readonly failures: { layerDigest: string; failureCode: string; failureReason: string }[];
}

export function checkLayerAvailability(ctx: RegistryContext, call: EcrCall, key: RepositoryKey, digests: readonly string[]): LayerAvailability {
  repositoryFor(call, ctx, 'BatchCheckLayerAvailability', key);
  const out: LayerAvailability = { layers: [], failures: [] };
  for (const digest of digests) {
    if (!DIGEST.test(digest)) {
      out.failures.push({ layerDigest: digest, failureCode: 'InvalidLayerDigest', failureReason: `Invalid layer digest: ${digest}` });
      continue;
    }
    const layer = ctx.store.getLayer(key, digest);
    if (layer) out.layers.push({ layerDigest: digest, layerAvailability: 'AVAILABLE', layerSize: layer.size });
    else out.failures.push({ layerDigest: digest, failureCode: 'MissingLayerDigest', failureReason: 'Requested layer not found' });
  }
  return out;
}

/** A layer of the repository after `action` is authorized on it, or null when the repository lacks it. */
export function layerFor(ctx: RegistryContext, call: EcrCall, key: RepositoryKey, digest: string, action: string): LayerRecord | null {
  repositoryFor(call, ctx, action, key);
  return ctx.store.getLayer(key, digest);
}

export async function initiateUpload(ctx: RegistryContext, call: EcrCall, key: RepositoryKey): Promise<UploadRecord> {
  repositoryFor(call, ctx, 'InitiateLayerUpload', key);
  const record: UploadRecord = { uploadId: randomUUID(), account: key.account, region: key.region, repository: key.name, createdAt: isoNow(ctx) };
  await ctx.blobs.startUpload(record.uploadId);
  ctx.store.putUpload(record);
  return record;
}

/** The upload, when it belongs to this repository. */
export function findUpload(ctx: RegistryContext, key: RepositoryKey, uploadId: string): UploadRecord | null {
  const upload = ctx.store.getUpload(uploadId);
  if (!upload || upload.account !== key.account || upload.region !== key.region || upload.repository !== key.name) return null;
  return upload;
}

function uploadOf(ctx: RegistryContext, key: RepositoryKey, uploadId: string): UploadRecord {
  const upload = findUpload(ctx, key, uploadId);
  if (!upload) throw uploadNotFound(uploadId, key.name, key.account);
  return upload;
}

/** Authorizes `action` and finds the upload (UploadNotFoundException). */
export function authorizeUpload(ctx: RegistryContext, call: EcrCall, key: RepositoryKey, uploadId: string, action: string): UploadRecord {
  repositoryFor(call, ctx, action, key);
  return uploadOf(ctx, key, uploadId);
}

/** Appends a part; `firstByte` (when given) must continue the bytes received so far. Returns the new size. */
export async function uploadPart(ctx: RegistryContext, upload: UploadRecord, firstByte: number | null, data: AsyncIterable<Uint8Array>): Promise<number> {
  const size = (await ctx.blobs.uploadSize(upload.uploadId)) ?? 0;
  if (firstByte !== null && firstByte !== size) throw invalidLayerPart(upload.uploadId, size - 1);
  return ctx.blobs.append(upload.uploadId, data);
}

export type Completion = { ok: true; digest: string; size: number; existed: boolean } | { ok: false; digest: string };

/** Verifies the digest and makes the bytes a layer of the repository. */
export async function completeUpload(ctx: RegistryContext, upload: UploadRecord, expected: string): Promise<Completion> {
  const key = { account: upload.account, region: upload.region, name: upload.repository };
  const finished = await ctx.blobs.finishUpload(upload.uploadId, expected);
  if (!finished.ok) {
    ctx.store.deleteUpload(upload.uploadId);
    return finished;
  }
  const existed = ctx.store.getLayer(key, finished.digest) !== null;
  ctx.store.transaction(() => {
    ctx.store.deleteUpload(upload.uploadId);
    if (!existed) ctx.store.putLayer({ ...key, repository: key.name, digest: finished.digest, size: finished.size });
  });
  return { ...finished, existed };
}

export async function cancelUpload(ctx: RegistryContext, upload: UploadRecord): Promise<void> {
  ctx.store.deleteUpload(upload.uploadId);
  await ctx.blobs.abortUpload(upload.uploadId);
}

/**
 * Cross-repository mount within one registry: needs InitiateLayerUpload on the target and
 * GetDownloadUrlForLayer on the source (blob-mounting.html). Returns the layer, or null
 * when the source lacks it (the client then uploads).
 */
export function mountLayer(ctx: RegistryContext, call: EcrCall, key: RepositoryKey, digest: string, from: string): LayerRecord | null {
  repositoryFor(call, ctx, 'InitiateLayerUpload', key);
  const sourceKey = { ...key, name: from };
  const source = ctx.store.getRepository(sourceKey);
  if (!source || !DIGEST.test(digest)) return null;
  repositoryFor(call, ctx, 'GetDownloadUrlForLayer', sourceKey);
  const layer = ctx.store.getLayer(sourceKey, digest);
  if (!layer) return null;
  const mounted: LayerRecord = { ...layer, repository: key.name };
  if (!ctx.store.getLayer(key, digest)) ctx.store.putLayer(mounted);
  return mounted;
}

/** GetDownloadUrlForLayer: the layer, or LayersNotFoundException. */
export function downloadableLayer(ctx: RegistryContext, call: EcrCall, key: RepositoryKey, digest: string): { repo: RepositoryRecord; layer: LayerRecord } {
  const repo = repositoryFor(call, ctx, 'GetDownloadUrlForLayer', key);
  const layer = ctx.store.getLayer(key, digest);
  if (!layer) throw layerNotFound(digest, key.name, key.account);
  return { repo, layer };
}

export { findRepository };
