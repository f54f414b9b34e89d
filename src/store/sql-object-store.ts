// The object engine's metadata in SQLite: buckets, object versions (one row each, with the
// latest flagged for listing), multipart uploads and parts, the blob files referenced, small
// blobs' sealed bytes with their reference flag (sql-inline-blobs.ts) and the sealed S3 service
// key. Migration ids 500+.

import type { BucketRecord, ObjectVersionRecord, PartRecord, UploadRecord } from '../engines/objects/object-records.js';
import type { ListedVersion, ObjectStore, VersionBound } from '../engines/objects/object-store.js';
import { prefixEnd } from '../engines/objects/listing.js';
import { isInlineBlobId } from '../engines/objects/tiered-blob-store.js';
import type { Migration } from './migrate.js';
import type { SqlDatabase, SqlStatement } from './sql-database.js';
import { SqlInlineBlobs } from './sql-inline-blobs.js';

export const OBJECT_MIGRATIONS: readonly Migration[] = [
  {
    id: 500,
    name: 's3-objects',
    sql: `
      CREATE TABLE s3_buckets (name TEXT PRIMARY KEY, owner TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX s3_buckets_by_owner ON s3_buckets (owner, name);
      CREATE TABLE s3_versions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, bucket TEXT NOT NULL, key TEXT NOT NULL, version_id TEXT NOT NULL,
        latest INTEGER NOT NULL, delete_marker INTEGER NOT NULL, record TEXT NOT NULL, UNIQUE (bucket, key, version_id));
      CREATE INDEX s3_versions_latest ON s3_versions (bucket, latest, key);
      CREATE INDEX s3_versions_by_key ON s3_versions (bucket, key, seq);
      CREATE TABLE s3_uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX s3_uploads_by_bucket ON s3_uploads (bucket, key, upload_id);
      CREATE TABLE s3_parts (
        upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, record TEXT NOT NULL, PRIMARY KEY (upload_id, part_number));
      CREATE TABLE s3_blobs (blob_id TEXT PRIMARY KEY);
      CREATE TABLE s3_service_key (id INTEGER PRIMARY KEY CHECK (id = 1), sealed TEXT NOT NULL);
    `,
  },
  {
    id: 501,
    name: 's3-inline-blobs',
    // Keyed by the number in the blob id (the rowid itself): one B-tree, no second index. The
    // reference flag stands in for an s3_blobs row, and comes before the bytes, which overflow.
    sql: 'CREATE TABLE s3_inline_blobs (id INTEGER PRIMARY KEY, referenced INTEGER NOT NULL, bytes BLOB NOT NULL);',
  },
];

type Row = { record: string };

function one<T>(statement: SqlStatement, ...params: (string | number)[]): T | null {
  const row = statement.get(...params) as Row | undefined;
  return row ? (JSON.parse(row.record) as T) : null;
}

function all<T>(statement: SqlStatement, params: Record<string, string | number | null> | (string | number)[]): T[] {
  const rows = (Array.isArray(params) ? statement.all(...params) : statement.all(params)) as Row[];
  return rows.map((row) => JSON.parse(row.record) as T);
}

const BUCKET_CACHE_LIMIT = 10_000;
const LATEST_CACHE_LIMIT = 4096;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export class SqlObjectStore implements ObjectStore {
  private readonly s;
  private readonly buckets = new Map<string, BucketRecord>();
  private readonly latest = new Map<string, ObjectVersionRecord>();
  /** Inside a store transaction: the keys it wrote, with their new latest version when known. */
  private written: Map<string, ObjectVersionRecord | null> | null = null;
  private writtenComplete = true;
  /** Small blobs' bytes, for the TieredBlobStore; written by `addBlob`, in the caller's transaction. */
  readonly inlineBlobs: SqlInlineBlobs;

  constructor(private readonly db: SqlDatabase) {
    this.inlineBlobs = new SqlInlineBlobs(db);
    // Cached records may come from a batch of writes that did not commit.
    db.onBatchLost(() => {
      this.buckets.clear();
      this.latest.clear();
    });
    const range = 'bucket = @bucket AND latest = 1 AND delete_marker = 0 AND key >= @prefix AND (@hi IS NULL OR key < @hi)';
    const anyRange = 'bucket = @bucket AND key >= @prefix AND (@hi IS NULL OR key < @hi)';
    this.s = {
      getBucket: db.prepare('SELECT record FROM s3_buckets WHERE name = ?'),
      putBucket: db.prepare('INSERT OR REPLACE INTO s3_buckets (name, owner, record) VALUES (?, ?, ?)'),
      deleteBucket: db.prepare('DELETE FROM s3_buckets WHERE name = ?'),
      listBuckets: db.prepare('SELECT record FROM s3_buckets WHERE owner = ? ORDER BY name'),
      anyVersion: db.prepare('SELECT 1 AS one FROM s3_versions WHERE bucket = ? LIMIT 1'),
      latest: db.prepare('SELECT record FROM s3_versions WHERE bucket = ? AND key = ? AND latest = 1'),
      version: db.prepare('SELECT record FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      unflag: db.prepare('UPDATE s3_versions SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1'),
      updateVersion: db.prepare('UPDATE s3_versions SET record = ? WHERE bucket = ? AND key = ? AND version_id = ?'),
      replaceLatest: db.prepare(
        'UPDATE s3_versions SET delete_marker = ?, record = ? WHERE bucket = ? AND key = ? AND version_id = ? AND latest = 1',
      ),
      removeVersion: db.prepare('DELETE FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      insertVersion: db.prepare(
        'INSERT INTO s3_versions (bucket, key, version_id, latest, delete_marker, record) VALUES (?, ?, ?, 1, ?, ?)',
      ),
      newest: db.prepare('SELECT seq FROM s3_versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1'),
      flag: db.prepare('UPDATE s3_versions SET latest = 1 WHERE seq = ?'),
      listAfter: db.prepare(`SELECT record FROM s3_versions WHERE ${range} AND key > @bound ORDER BY key LIMIT @limit`),
      listFrom: db.prepare(`SELECT record FROM s3_versions WHERE ${range} AND key >= @bound ORDER BY key LIMIT @limit`),
      versionSeq: db.prepare('SELECT seq FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      // By (bucket, key, seq): keys in order, each key's versions sorted newest first on their own.
      versionsOlder: db.prepare(
        `SELECT record, latest FROM s3_versions WHERE ${anyRange} AND key = @bound AND seq < @seq ORDER BY seq DESC LIMIT @limit`,
      ),
      versionsAfter: db.prepare(`SELECT record, latest FROM s3_versions WHERE ${anyRange} AND key > @bound ORDER BY key, seq DESC LIMIT @limit`),
      versionsFrom: db.prepare(`SELECT record, latest FROM s3_versions WHERE ${anyRange} AND key >= @bound ORDER BY key, seq DESC LIMIT @limit`),
      putUpload: db.prepare('INSERT OR REPLACE INTO s3_uploads (upload_id, bucket, key, record) VALUES (?, ?, ?, ?)'),
      getUpload: db.prepare('SELECT record FROM s3_uploads WHERE upload_id = ?'),
      deleteUpload: db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?'),
      listUploads: db.prepare(
        'SELECT record FROM s3_uploads WHERE bucket = @bucket AND key >= @prefix AND (@hi IS NULL OR key < @hi) ORDER BY key, rowid',
      ),
      putPart: db.prepare('INSERT OR REPLACE INTO s3_parts (upload_id, part_number, record) VALUES (?, ?, ?)'),
      getPart: db.prepare('SELECT record FROM s3_parts WHERE upload_id = ? AND part_number = ?'),
      listParts: db.prepare('SELECT record FROM s3_parts WHERE upload_id = ? ORDER BY part_number'),
      deleteParts: db.prepare('DELETE FROM s3_parts WHERE upload_id = ?'),
      addBlob: db.prepare('INSERT OR IGNORE INTO s3_blobs (blob_id) VALUES (?)'),
      removeBlob: db.prepare('DELETE FROM s3_blobs WHERE blob_id = ?'),
      hasBlob: db.prepare('SELECT 1 AS one FROM s3_blobs WHERE blob_id = ?'),
      getServiceKey: db.prepare('SELECT sealed FROM s3_service_key WHERE id = 1'),
      putServiceKey: db.prepare('INSERT OR REPLACE INTO s3_service_key (id, sealed) VALUES (1, ?)'),
    };
  }

  transaction<T>(fn: () => T): T {
    const written = this.written;
    if (written) {
      try {
        return this.db.transaction(fn);
      } catch (error) {
        // A nested part rolled back: what it wrote must not be cached when the rest commits.
        this.writtenComplete = false;
        throw error;
      }
    }
    this.written = new Map();
    this.writtenComplete = true;
    try {
      const result = this.db.transaction(fn);
      // Committed: the latest versions this transaction wrote are now what every reader sees.
      if (this.writtenComplete) for (const [id, record] of this.written) if (record) this.cacheLatest(id, record);
      return result;
    } finally {
      this.written = null;
    }
  }

  /**
   * Buckets are read by every request and written rarely, so committed records are kept, frozen
   * (updateBucket changes a copy). Writes drop their entry; reads inside a transaction, which may
   * see uncommitted writes, are never kept. Absent buckets are not cached.
   */
  getBucket(name: string): BucketRecord | null {
    const hit = this.buckets.get(name);
    if (hit) return hit;
    const record = one<BucketRecord>(this.s.getBucket, name);
    if (record && !this.db.inTransaction) {
      if (this.buckets.size >= BUCKET_CACHE_LIMIT) this.buckets.clear();
      this.buckets.set(name, deepFreeze(record));
    }
    return record;
  }

  putBucket(record: BucketRecord): void {
    this.s.putBucket.run(record.name, record.owner, JSON.stringify(record));
    this.buckets.delete(record.name);
  }

  deleteBucket(name: string): void {
    this.s.deleteBucket.run(name);
    this.buckets.delete(name);
  }

  listBuckets(owner: string): BucketRecord[] {
    return all(this.s.listBuckets, [owner]);
  }

  bucketInUse(bucket: string): boolean {
    return this.s.anyVersion.get(bucket) !== undefined;
  }

  /**
   * The latest version of a key is cached like buckets (frozen, committed only): a write drops the
   * key's entry, and a store transaction that commits caches the latest versions it wrote.
   */
  getVersion(bucket: string, key: string, versionId?: string): ObjectVersionRecord | null {
    if (versionId !== undefined) return one(this.s.version, bucket, key, versionId);
    const id = `${bucket}\u0000${key}`;
    const hit = this.latest.get(id);
    if (hit) return hit;
    const record = one<ObjectVersionRecord>(this.s.latest, bucket, key);
    if (record && !this.db.inTransaction) this.cacheLatest(id, record);
    return record;
  }

  private cacheLatest(id: string, record: ObjectVersionRecord): void {
    if (this.latest.size >= LATEST_CACHE_LIMIT) this.latest.clear();
    this.latest.set(id, deepFreeze(record));
  }

  /** A write to a key: its cached latest version goes; `latest` is the new one when known. */
  private keyWritten(bucket: string, key: string, latest: ObjectVersionRecord | null): void {
    const id = `${bucket}\u0000${key}`;
    this.latest.delete(id);
    if (this.written) this.written.set(id, latest);
    else if (latest && !this.db.inTransaction) this.cacheLatest(id, latest);
  }

  /** Runs `fn` atomically: in the caller's transaction when there is one (no savepoint needed), else in its own. */
  private atomically(fn: () => void): void {
    if (this.db.inTransaction) fn();
    else this.db.transaction(fn);
  }

  /** Adds or replaces a version and makes it the latest; the record is frozen once cached. */
  putVersion(record: ObjectVersionRecord): void {
    const deleteMarker = record.deleteMarker ? 1 : 0;
    const json = JSON.stringify(record);
    // Replacing the latest version under its own id (an overwrite while versioning is off) is
    // a rewrite in place: it stays the newest, no index changes. (The latest is always the
    // newest version of its key: putVersion inserts the newest, deleteVersion flags the newest left.)
    if (this.s.replaceLatest.run(deleteMarker, json, record.bucket, record.key, record.versionId).changes !== 1) {
      this.atomically(() => {
        this.s.removeVersion.run(record.bucket, record.key, record.versionId);
        this.s.unflag.run(record.bucket, record.key);
        this.s.insertVersion.run(record.bucket, record.key, record.versionId, deleteMarker, json);
      });
    }
    this.keyWritten(record.bucket, record.key, record);
  }

  updateVersion(record: ObjectVersionRecord): void {
    this.s.updateVersion.run(JSON.stringify(record), record.bucket, record.key, record.versionId);
    this.keyWritten(record.bucket, record.key, null);
  }

  deleteVersion(bucket: string, key: string, versionId: string): void {
    this.keyWritten(bucket, key, null);
    this.atomically(() => {
      this.s.removeVersion.run(bucket, key, versionId);
      if (this.s.latest.get(bucket, key) !== undefined) return;
      const newest = this.s.newest.get(bucket, key) as { seq: number } | undefined;
      if (newest) this.s.flag.run(newest.seq);
    });
  }

  listLatest(bucket: string, prefix: string, bound: { key: string; inclusive: boolean } | null, limit: number): ObjectVersionRecord[] {
    const params = { bucket, prefix, hi: prefixEnd(prefix), bound: bound?.key ?? '', limit };
    return all(bound?.inclusive === false ? this.s.listAfter : this.s.listFrom, params);
  }

  listVersions(bucket: string, prefix: string, bound: VersionBound | null, limit: number): ListedVersion[] {
    const params = { bucket, prefix, hi: prefixEnd(prefix), bound: bound?.key ?? '', limit };
    const listed = (statement: SqlStatement, extra: Record<string, number> = {}): ListedVersion[] =>
      (statement.all({ ...params, ...extra }) as { record: string; latest: number }[])
        .map((row) => ({ record: JSON.parse(row.record) as ObjectVersionRecord, latest: row.latest === 1 }));
    if (bound === null || !('afterVersionId' in bound)) return listed(bound?.inclusive === false ? this.s.versionsAfter : this.s.versionsFrom);
    const at = this.s.versionSeq.get(bucket, bound.key, bound.afterVersionId) as { seq: number } | undefined;
    if (!at) return listed(this.s.versionsFrom);
    const older = listed(this.s.versionsOlder, { seq: at.seq });
    return older.length < limit ? [...older, ...listed(this.s.versionsAfter, { limit: limit - older.length })] : older;
  }

  putUpload(record: UploadRecord): void {
    this.s.putUpload.run(record.uploadId, record.bucket, record.key, JSON.stringify(record));
  }

  getUpload(uploadId: string): UploadRecord | null {
    return one(this.s.getUpload, uploadId);
  }

  deleteUpload(uploadId: string): void {
    this.s.deleteUpload.run(uploadId);
  }

  listUploads(bucket: string, prefix: string): UploadRecord[] {
    return all(this.s.listUploads, { bucket, prefix, hi: prefixEnd(prefix) });
  }

  putPart(record: PartRecord): void {
    this.s.putPart.run(record.uploadId, record.partNumber, JSON.stringify(record));
  }

  getPart(uploadId: string, partNumber: number): PartRecord | null {
    return one(this.s.getPart, uploadId, partNumber);
  }

  listParts(uploadId: string): PartRecord[] {
    return all(this.s.listParts, [uploadId]);
  }

  deleteParts(uploadId: string): void {
    this.s.deleteParts.run(uploadId);
  }

  /** Records the reference; a staged inline blob's bytes are stored with it, in the same transaction. */
  addBlob(blobId: string): void {
    if (isInlineBlobId(blobId)) this.inlineBlobs.reference(blobId);
    else this.s.addBlob.run(blobId);
  }

  removeBlob(blobId: string): void {
    if (isInlineBlobId(blobId)) this.inlineBlobs.unreference(blobId);
    else this.s.removeBlob.run(blobId);
  }

  hasBlob(blobId: string): boolean {
    if (isInlineBlobId(blobId)) return this.inlineBlobs.isReferenced(blobId);
    return this.s.hasBlob.get(blobId) !== undefined;
  }

  getServiceKey(): string | null {
    const row = this.s.getServiceKey.get() as { sealed: string } | undefined;
    return row?.sealed ?? null;
  }

  putServiceKey(sealed: string): void {
    this.s.putServiceKey.run(sealed);
  }
}
