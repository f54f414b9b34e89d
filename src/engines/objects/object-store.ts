// The ports through which the object engine keeps metadata (ObjectStore, SQL in
// src/store/sql-object-store.ts) and bytes (BlobStore, files in src/store/fs-blob-store.ts).

import type { BucketRecord, ObjectVersionRecord, PartRecord, UploadRecord } from './object-records.js';

/** A version (or delete marker) in a listing of every version, with whether it is its key's latest. */
export interface ListedVersion {
  readonly record: ObjectVersionRecord;
  readonly latest: boolean;
}

/**
 * Where a listing of versions resumes: at or after a key, or after one version of a key (its
 * older versions come next, then the following keys).
 */
export type VersionBound =
  | { readonly key: string; readonly inclusive: boolean }
  | { readonly key: string; readonly afterVersionId: string };

export interface ObjectStore {
  /** Runs `fn` atomically and durably: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  getBucket(name: string): BucketRecord | null;
  putBucket(record: BucketRecord): void;
  deleteBucket(name: string): void;
  /** Buckets ordered by name, of one owner. */
  listBuckets(owner: string): BucketRecord[];
  /** True when the bucket holds any version, delete marker or multipart upload. */
  bucketInUse(bucket: string): boolean;

  /** The latest version (possibly a delete marker), or one version by id. */
  getVersion(bucket: string, key: string, versionId?: string): ObjectVersionRecord | null;
  /** Adds or replaces (same version id) a version and makes it the latest. */
  putVersion(record: ObjectVersionRecord): void;
  /** Rewrites a version's record in place (tags), keeping its place among the versions. */
  updateVersion(record: ObjectVersionRecord): void;
  /** Removes one version; the newest remaining one becomes the latest. */
  deleteVersion(bucket: string, key: string, versionId: string): void;
  /** Latest versions that are not delete markers, with keys starting `prefix`, from `bound` on, by key (UTF-8 order). */
  listLatest(bucket: string, prefix: string, bound: { key: string; inclusive: boolean } | null, limit: number): ObjectVersionRecord[];
  /**
   * Every version and delete marker with keys starting `prefix`, from `bound` on, by key (UTF-8
   * order) then newest first. A bound after a version that is gone resumes at its key's newest
   * remaining version: the key's place is known but not the version's.
   */
  listVersions(bucket: string, prefix: string, bound: VersionBound | null, limit: number): ListedVersion[];

  putUpload(record: UploadRecord): void;
  getUpload(uploadId: string): UploadRecord | null;
  deleteUpload(uploadId: string): void;
  /** Uploads of a bucket ordered by key then initiation. */
  listUploads(bucket: string, prefix: string): UploadRecord[];
  putPart(record: PartRecord): void;
  getPart(uploadId: string, partNumber: number): PartRecord | null;
  listParts(uploadId: string): PartRecord[];
  deleteParts(uploadId: string): void;

  /** Blob files referenced by metadata; the rest are garbage. */
  addBlob(blobId: string): void;
  removeBlob(blobId: string): void;
  hasBlob(blobId: string): boolean;

  /** The S3 service key, sealed under the platform's master key. */
  getServiceKey(): string | null;
  putServiceKey(sealed: string): void;
}

/** A blob being written: a temp file until commit makes it durable under its id. */
export interface BlobWriter {
  readonly blobId: string;
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Optional: appends `chunks` in order with one call (a gathered write), so a caller with many
   * pieces (frame ciphertexts and tags) needs neither a copy nor a call per piece. Callers
   * fall back to `write` when it is absent. Callers never reuse a chunk they passed in.
   */
  writev?(chunks: readonly Uint8Array[]): Promise<void>;
  /** fsync, rename to the final name, fsync the directory; returns the blob id. */
  commit(): Promise<string>;
  /** Removes the temp file. */
  abort(): Promise<void>;
}

export interface BlobReader {
  /** Reads `length` bytes at `position`; fewer only at the end of the file. */
  read(position: number, length: number): Promise<Buffer>;
  /**
   * Optional: reads into `target` (all of it, fewer bytes only at the end of the file) from
   * `position`; returns how many bytes were read. Lets a reader reuse one buffer for every
   * batch; callers fall back to `read` when it is absent.
   */
  readInto?(target: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
}

export interface BlobStore {
  create(): Promise<BlobWriter>;
  open(blobId: string): Promise<BlobReader>;
  /**
   * Optional: the whole sealed bytes of a blob the store holds in memory or in the database
   * (an inline blob), read synchronously; null for a blob that must be opened (a file), or
   * when the store has no such blobs. Throws, as `open` does, for an inline blob that is gone.
   * Callers never change the bytes (they may be the store's cached copy).
   */
  readSealed?(blobId: string): Buffer | null;
  delete(blobId: string): Promise<void>;
  /**
   * Removes temp files and blobs that `isReferenced` does not claim, except those this
   * process created (they may be about to be referenced). Returns how many were removed.
   * Meant for start-up (once per store): a store stops remembering what it created after its
   * first collection, so that memory does not grow with every blob written.
   */
  collectGarbage(isReferenced: (blobId: string) => boolean): Promise<number>;
  /** A path for tests that check what is on disk; null when not on a file system. */
  pathOf(blobId: string): string | null;
}
