// The object engine's metadata in SQLite: buckets, object versions (one row each, with the
// latest flagged for listing), multipart uploads and parts, the blob files referenced, and
// the sealed S3 service key. Migration ids 500+.

import type { BucketRecord, ObjectVersionRecord, PartRecord, UploadRecord } from '../engines/objects/object-records.js';
import type { ObjectStore } from '../engines/objects/object-store.js';
import { prefixEnd } from '../engines/objects/listing.js';
import type { Migration } from './migrate.js';
import type { SqlDatabase, SqlStatement } from './sql-database.js';

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

export class SqlObjectStore implements ObjectStore {
  private readonly s;

  constructor(private readonly db: SqlDatabase) {
    const range = 'bucket = @bucket AND latest = 1 AND delete_marker = 0 AND key >= @prefix AND (@hi IS NULL OR key < @hi)';
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
      removeVersion: db.prepare('DELETE FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      insertVersion: db.prepare(
        'INSERT INTO s3_versions (bucket, key, version_id, latest, delete_marker, record) VALUES (?, ?, ?, 1, ?, ?)',
      ),
      newest: db.prepare('SELECT seq FROM s3_versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1'),
      flag: db.prepare('UPDATE s3_versions SET latest = 1 WHERE seq = ?'),
      listAfter: db.prepare(`SELECT record FROM s3_versions WHERE ${range} AND key > @bound ORDER BY key LIMIT @limit`),
      listFrom: db.prepare(`SELECT record FROM s3_versions WHERE ${range} AND key >= @bound ORDER BY key LIMIT @limit`),
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
    return this.db.transaction(fn);
  }

  getBucket(name: string): BucketRecord | null {
    return one(this.s.getBucket, name);
  }

  putBucket(record: BucketRecord): void {
    this.s.putBucket.run(record.name, record.owner, JSON.stringify(record));
  }

  deleteBucket(name: string): void {
    this.s.deleteBucket.run(name);
  }

  listBuckets(owner: string): BucketRecord[] {
    return all(this.s.listBuckets, [owner]);
  }

  bucketInUse(bucket: string): boolean {
    return this.s.anyVersion.get(bucket) !== undefined;
  }

  getVersion(bucket: string, key: string, versionId?: string): ObjectVersionRecord | null {
    return versionId === undefined ? one(this.s.latest, bucket, key) : one(this.s.version, bucket, key, versionId);
  }

  putVersion(record: ObjectVersionRecord): void {
    this.db.transaction(() => {
      this.s.removeVersion.run(record.bucket, record.key, record.versionId);
      this.s.unflag.run(record.bucket, record.key);
      this.s.insertVersion.run(record.bucket, record.key, record.versionId, record.deleteMarker ? 1 : 0, JSON.stringify(record));
    });
  }

  updateVersion(record: ObjectVersionRecord): void {
    this.s.updateVersion.run(JSON.stringify(record), record.bucket, record.key, record.versionId);
  }

  deleteVersion(bucket: string, key: string, versionId: string): void {
    this.db.transaction(() => {
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

  addBlob(blobId: string): void {
    this.s.addBlob.run(blobId);
  }

  removeBlob(blobId: string): void {
    this.s.removeBlob.run(blobId);
  }

  hasBlob(blobId: string): boolean {
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
