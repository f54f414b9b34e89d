// Image manifests as the registry and PutImage accept them: Docker v2 schema 2 and its
// manifest list, OCI image manifests and indexes. The digest is the sha256 of the bytes as
// pushed; the blobs and child manifests a manifest names must already be in the repository.
// https://github.com/opencontainers/image-spec/blob/main/manifest.md
// https://distribution.github.io/distribution/spec/manifest-v2-2/

import { createHash } from 'node:crypto';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const INDEXES = new Set([DOCKER_MANIFEST_LIST, OCI_INDEX]);
const MANIFESTS = new Set([DOCKER_MANIFEST, OCI_MANIFEST]);
/** ECR's limit on a manifest. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface ParsedManifest {
  readonly mediaType: string;
  /** Config and layers (image manifests). */
  readonly blobs: readonly string[];
  /** Manifests named by an index. */
  readonly children: readonly string[];
  /** Config plus layers, as the manifest declares them. */
  readonly size: number;
  readonly artifactType: string | null;
  readonly subject: string | null;
}

export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

interface Descriptor {
  digest?: unknown;
  size?: unknown;
  mediaType?: unknown;
  artifactType?: unknown;
}

function descriptor(value: unknown): { digest: string; size: number } | null {
  if (value === null || typeof value !== 'object') return null;
  const d = value as Descriptor;
  // A size is an int64 (OCI descriptor); 1.5 or 1e400 (Infinity once parsed) made an image whose
  // imageSizeInBytes was a fraction or went missing from DescribeImages.
  if (typeof d.digest !== 'string' || !DIGEST.test(d.digest) || typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) return null;
  return { digest: d.digest, size: d.size };
}

/** The manifest read and checked; a string says why it is not a manifest. */
export function parseManifest(text: string, declared: string | null): ParsedManifest | string {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'the manifest is not a JSON object';
    doc = parsed as Record<string, unknown>;
  } catch {
    return 'Invalid JSON syntax';
  }
  const inner = typeof doc['mediaType'] === 'string' ? doc['mediaType'] : null;
  if (declared !== null && inner !== null && declared !== inner) return `the media type ${declared} does not match the manifest's ${inner}`;
  const mediaType = declared ?? inner ?? (Array.isArray(doc['manifests']) ? OCI_INDEX : OCI_MANIFEST);
  if (doc['schemaVersion'] !== 2) return 'only schemaVersion 2 manifests are supported';
  const subject = descriptor(doc['subject'])?.digest ?? null;
  const artifactType = typeof doc['artifactType'] === 'string' ? doc['artifactType'] : null;
  if (INDEXES.has(mediaType)) {
    const manifests = Array.isArray(doc['manifests']) ? doc['manifests'].map(descriptor) : null;
    if (!manifests || manifests.some((m) => m === null)) return 'the index must list manifests by digest and size';
    const list = manifests as { digest: string; size: number }[];
    return { mediaType, blobs: [], children: list.map((m) => m.digest), size: Buffer.byteLength(text), artifactType, subject };
  }
  if (!MANIFESTS.has(mediaType)) return `unsupported manifest media type ${mediaType}`;
  const config = descriptor(doc['config']);
  const layers = Array.isArray(doc['layers']) ? doc['layers'].map(descriptor) : null;
  if (!config || !layers || layers.some((l) => l === null)) return 'the manifest must name its config and layers by digest and size';
  const all = [config, ...(layers as { digest: string; size: number }[])];
  const size = all.reduce((sum, b) => sum + b.size, 0);
  // [INFER] ECR's text; the image's size must stay an exact integer.
  if (!Number.isSafeInteger(size)) return 'the sizes of the config and layers add up to more than 9007199254740991 bytes';
  const configType = (doc['config'] as Descriptor).mediaType;
  return {
    mediaType,
    blobs: all.map((b) => b.digest),
    children: [],
    size,
    artifactType: artifactType ?? (typeof configType === 'string' ? configType : null),
    subject,
  };
}
