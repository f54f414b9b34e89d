// Registry blob endpoints: GET (ecr:GetDownloadUrlForLayer, Range served), HEAD
// (ecr:BatchCheckLayerAvailability), and uploads: POST (ecr:InitiateLayerUpload; monolithic
// with ?digest=, cross-repository mount with ?mount=&from=), PATCH (ecr:UploadLayerPart),
// PUT (ecr:CompleteLayerUpload, digest verified), GET status and DELETE; one at a time per upload.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs

import {
  authorizeUpload, cancelUpload, completeUpload, findUpload, initiateUpload, layerFor, mountLayer, uploadPart,
} from '../engines/registry/layers.js';
import { DIGEST } from '../engines/registry/names.js';
import { exclusiveUpload } from '../engines/registry/upload-lock.js';
import type { UploadRecord } from '../engines/registry/index.js';
import { blobUnknown, digestInvalid, RegistryError, uploadUnknown, type RegistryReply } from './registry-http.js';
import type { RegistryRoute } from './registry-route.js';

const EMPTY: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: async function* () {} };

function range(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : { start, end };
}

export function getBlob(route: RegistryRoute, digest: string): RegistryReply {
  const head = route.method === 'HEAD';
  const layer = layerFor(route.ctx, route.call, route.key, digest, head ? 'BatchCheckLayerAvailability' : 'GetDownloadUrlForLayer');
  if (!layer) throw blobUnknown(digest);
  const base = { 'Docker-Content-Digest': digest, 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes', ETag: `"${digest}"` };
  const wanted = head ? null : range(route.headers.range, layer.size);
  if (wanted === 'invalid') {
    throw new RegistryError(416, 'BLOB_UNKNOWN', 'requested range not satisfiable', { size: layer.size }, { 'Content-Range': `bytes */${layer.size}` });
  }
  if (wanted) {
    const headers = { ...base, 'Content-Length': String(wanted.end - wanted.start + 1), 'Content-Range': `bytes ${wanted.start}-${wanted.end}/${layer.size}` };
    return { status: 206, headers, stream: route.ctx.blobs.read(digest, wanted) };
  }
  const headers = { ...base, 'Content-Length': String(layer.size) };
  if (head || layer.size === 0) return { status: 200, headers, body: '' };
  return { status: 200, headers, stream: route.ctx.blobs.read(digest) };
}

function uploadHeaders(route: RegistryRoute, upload: UploadRecord, size: number): Record<string, string> {
  return {
    Location: `/v2/${route.key.name}/blobs/uploads/${upload.uploadId}`,
    'Docker-Upload-UUID': upload.uploadId,
    Range: `0-${Math.max(0, size - 1)}`,
    'Content-Length': '0',
  };
}

function created(route: RegistryRoute, digest: string): RegistryReply {
  return { status: 201, headers: { Location: `/v2/${route.key.name}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' } };
}

async function finish(route: RegistryRoute, upload: UploadRecord, digest: string | null): Promise<RegistryReply> {
  if (digest === null || !DIGEST.test(digest)) throw digestInvalid({ digest });
  const done = await completeUpload(route.ctx, upload, digest);
  if (!done.ok) throw digestInvalid({ expected: digest, actual: done.digest });
  return created(route, done.digest);
}

export async function startUpload(route: RegistryRoute, body: AsyncIterable<Uint8Array>): Promise<RegistryReply> {
  const mount = route.query.get('mount');
  const from = route.query.get('from');
  if (mount !== null && from !== null && mountLayer(route.ctx, route.call, route.key, mount, from)) return created(route, mount);
  const upload = await initiateUpload(route.ctx, route.call, route.key);
  const digest = route.query.get('digest');
  if (digest === null) return { status: 202, headers: uploadHeaders(route, upload, 0) };
  // Monolithic: the whole blob in the POST.
  authorizeUpload(route.ctx, route.call, route.key, upload.uploadId, 'UploadLayerPart');
  authorizeUpload(route.ctx, route.call, route.key, upload.uploadId, 'CompleteLayerUpload');
  await uploadPart(route.ctx, upload, null, body);
  return finish(route, upload, digest);
}

function contentRangeStart(header: string | undefined): number | null {
  const match = header ? /^(?:bytes )?(\d+)-(\d+)$/.exec(header.trim()) : null;
  return match ? Number(match[1]) : null;
}

export function patchUpload(route: RegistryRoute, uploadId: string, body: AsyncIterable<Uint8Array>): Promise<RegistryReply> {
  return exclusiveUpload(route.ctx, uploadId, async () => {
    const upload = authorizeUpload(route.ctx, route.call, route.key, uploadId, 'UploadLayerPart');
    const start = contentRangeStart(route.headers['content-range']);
    try {
      const size = await uploadPart(route.ctx, upload, start, body);
      return { status: 202, headers: uploadHeaders(route, upload, size) };
    } catch (error) {
      const size = (await route.ctx.blobs.uploadSize(uploadId)) ?? 0;
      if (error instanceof Error && error.name === 'InvalidLayerPartException') {
        throw new RegistryError(416, 'BLOB_UPLOAD_INVALID', error.message, null, uploadHeaders(route, upload, size));
      }
      throw error;
    }
  });
}

export function putUpload(route: RegistryRoute, uploadId: string, body: AsyncIterable<Uint8Array>): Promise<RegistryReply> {
  return exclusiveUpload(route.ctx, uploadId, async () => {
    const length = Number(route.headers['content-length'] ?? 0);
    if (length > 0 || route.headers['transfer-encoding'] !== undefined) authorizeUpload(route.ctx, route.call, route.key, uploadId, 'UploadLayerPart');
    const upload = authorizeUpload(route.ctx, route.call, route.key, uploadId, 'CompleteLayerUpload');
    await uploadPart(route.ctx, upload, null, body);
    return finish(route, upload, route.query.get('digest'));
  });
}

/** GET (status) and DELETE (cancel) of an upload, authorized as UploadLayerPart. [INFER] */
export function uploadStatus(route: RegistryRoute, uploadId: string): Promise<RegistryReply> {
  return exclusiveUpload(route.ctx, uploadId, async () => {
    const upload = authorizeUpload(route.ctx, route.call, route.key, uploadId, 'UploadLayerPart');
    if (route.method === 'DELETE') {
      await cancelUpload(route.ctx, upload);
      return { status: 204, headers: { 'Content-Length': '0' } };
    }
    const size = await route.ctx.blobs.uploadSize(uploadId);
    if (size === null || !findUpload(route.ctx, route.key, uploadId)) throw uploadUnknown();
    return { status: 204, headers: uploadHeaders(route, upload, size) };
  });
}

export { EMPTY };
