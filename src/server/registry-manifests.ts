// Registry manifest and tag endpoints: GET/HEAD (ecr:BatchGetImage), PUT (ecr:PutImage, tag
// immutability enforced), DELETE (ecr:BatchDeleteImage), and GET tags/list (ecr:ListImages).
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests

import { batchDeleteImage } from '../engines/registry/image-listing.js';
import { batchGetImage, putImage } from '../engines/registry/images.js';
import { listImages } from '../engines/registry/image-listing.js';
import { MAX_MANIFEST_BYTES } from '../engines/registry/manifests.js';
import { DIGEST, IMAGE_TAG } from '../engines/registry/names.js';
import type { RegistryRoute } from './registry-route.js';
import { manifestUnknown, RegistryError, type RegistryReply } from './registry-http.js';

function imageIdOf(reference: string): { imageDigest: string } | { imageTag: string } | null {
  if (DIGEST.test(reference)) return { imageDigest: reference };
  return IMAGE_TAG.test(reference) ? { imageTag: reference } : null;
}

export function getManifest(route: RegistryRoute, reference: string): RegistryReply {
  const id = imageIdOf(reference);
  const found = batchGetImage(route.ctx, route.call, route.key.name, id ? [id] : [], route.key.account);
  const hit = found.images[0];
  if (!id || !hit) throw manifestUnknown();
  const { image } = hit;
  const headers = {
    'Content-Type': image.mediaType,
    'Docker-Content-Digest': image.digest,
    'Content-Length': String(Buffer.byteLength(image.manifest)),
    ETag: `"${image.digest}"`,
  };
  return { status: 200, headers, body: route.method === 'HEAD' ? '' : image.manifest };
}

async function readManifest(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_MANIFEST_BYTES) throw new RegistryError(413, 'SIZE_INVALID', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  // A manifest is JSON, so UTF-8. Bytes that are not were replaced by U+FFFD when read as text,
  // and the image was kept under the digest of other bytes than those pushed; they are refused.
  // A BOM is kept (JSON.parse then refuses it), so the digest is always that of the bytes.
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    // [INFER] ECR's text for a manifest that is not UTF-8 is not recorded.
    throw new RegistryError(400, 'MANIFEST_INVALID', 'manifest invalid', { reason: "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'the manifest is not UTF-8'" });
  }
}

export async function putManifest(route: RegistryRoute, reference: string, body: AsyncIterable<Uint8Array>): Promise<RegistryReply> {
  const id = imageIdOf(reference);
  if (!id) throw new RegistryError(400, 'TAG_INVALID', 'manifest tag did not match URI');
  const manifest = await readManifest(body);
  const contentType = route.headers['content-type'];
  const mediaType = typeof contentType === 'string' && contentType !== '' && !contentType.startsWith('application/json') ? contentType.split(';')[0]?.trim() ?? null : null;
  const { image } = putImage(route.ctx, route.call, {
    key: route.key,
    manifest,
    mediaType,
    tag: 'imageTag' in id ? id.imageTag : null,
    digest: 'imageDigest' in id ? id.imageDigest : null,
    repeatable: true,
  });
  const headers: Record<string, string> = {
    Location: `/v2/${route.key.name}/manifests/${image.digest}`,
    'Docker-Content-Digest': image.digest,
    'Content-Length': '0',
  };
  if (image.subject !== null) headers['OCI-Subject'] = image.subject;
  return { status: 201, headers };
}

export function deleteManifest(route: RegistryRoute, reference: string): RegistryReply {
  const id = imageIdOf(reference);
  const result = batchDeleteImage(route.ctx, route.call, route.key.name, id ? [id] : [], route.key.account);
  const failure = result.failures[0];
  if (!id || (failure && failure.failureCode === 'ImageNotFound')) throw manifestUnknown();
  if (failure) throw new RegistryError(400, 'UNSUPPORTED', failure.failureReason);
  return { status: 202, headers: { 'Content-Length': '0' } };
}

/** GET tags/list, with `n` and `last` paging and a Link header to the next page. */
export function listTags(route: RegistryRoute): RegistryReply {
  const ids = listImages(route.ctx, route.call, route.key.name, 'TAGGED', route.key.account);
  let tags = [...new Set(ids.map((i) => i.imageTag).filter((t): t is string => t !== undefined))].sort();
  const last = route.query.get('last');
  if (last !== null) tags = tags.filter((t) => t > last);
  const n = Number(route.query.get('n') ?? NaN);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (Number.isInteger(n) && n >= 0 && tags.length > n) {
    tags = tags.slice(0, n);
    headers['Link'] = `</v2/${route.key.name}/tags/list?n=${n}&last=${encodeURIComponent(tags[tags.length - 1] ?? '')}>; rel="next"`;
  }
  return { status: 200, headers, body: JSON.stringify({ name: route.key.name, tags }) };
}
