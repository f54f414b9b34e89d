// The ports through which the ECR engine keeps its metadata (src/store/sql-registry-store.ts)
// and its blobs (src/store/fs-registry-blobs.ts: content-addressed by sha256, written
// atomically, shared between repositories). The engine never sees SQL or paths.

import type { ImageRecord, LayerRecord, RepositoryKey, RepositoryRecord, UploadRecord } from './registry-records.js';

export interface RegistryStore {
  /** Runs `fn` atomically: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  getRepository(key: RepositoryKey): RepositoryRecord | null;
  putRepository(record: RepositoryRecord): void;
  /** Removes the repository with its images, tags, layers and uploads. */
  deleteRepository(key: RepositoryKey): void;
  /** Repositories of an account in a region, in creation order. */
  listRepositories(account: string, region: string): RepositoryRecord[];

  getImage(key: RepositoryKey, digest: string): ImageRecord | null;
  putImage(record: ImageRecord): void;
  /** Removes the image and every tag pointing at it. */
  deleteImage(key: RepositoryKey, digest: string): void;
  /** Images of a repository in push order. */
  listImages(key: RepositoryKey): ImageRecord[];

  getTag(key: RepositoryKey, tag: string): string | null;
  putTag(key: RepositoryKey, tag: string, digest: string): void;
  deleteTag(key: RepositoryKey, tag: string): void;
  /** Tags of a repository, ordered by tag. */
  listTags(key: RepositoryKey): { tag: string; digest: string }[];

  getLayer(key: RepositoryKey, digest: string): LayerRecord | null;
  putLayer(record: LayerRecord): void;
  listLayers(key: RepositoryKey): LayerRecord[];
  /** Whether any repository of any registry still has the blob. */
  blobReferenced(digest: string): boolean;

  getUpload(uploadId: string): UploadRecord | null;
  putUpload(record: UploadRecord): void;
  deleteUpload(uploadId: string): void;
  /** Upload ids of a repository (to remove their data with it). */
  listUploads(key: RepositoryKey): string[];
}

/** A byte range, both ends included. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface RegistryBlobs {
  /** The size of a stored blob, or null. */
  size(digest: string): Promise<number | null>;
  /** Reads a stored blob (or a range of it). */
  read(digest: string, range?: ByteRange): AsyncIterable<Buffer>;
  /** Starts an empty upload. */
  startUpload(uploadId: string): Promise<void>;
  /** Bytes received so far, or null for an unknown upload. */
  uploadSize(uploadId: string): Promise<number | null>;
  /** Appends to an upload; returns its new size. */
  append(uploadId: string, data: AsyncIterable<Uint8Array>): Promise<number>;
  /**
   * Hashes the upload; when the digest is `expected` (or no digest is expected) the bytes
   * become the blob of that digest (kept if already stored) and the upload is gone.
   */
  finishUpload(uploadId: string, expected: string | null): Promise<{ ok: true; digest: string; size: number } | { ok: false; digest: string }>;
  /** Stores a blob given whole (manifests through the API, small configs). */
  put(data: Buffer): Promise<{ digest: string; size: number }>;
  abortUpload(uploadId: string): Promise<void>;
  delete(digest: string): Promise<void>;
}
