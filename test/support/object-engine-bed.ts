// Test support for the objects engine: a real engine over SQLite and a file blob store in a
// temporary directory, KMS in memory, one bucket, and PUTs of whole bodies as the account root.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../src/core/clock.js';
import { secretBox } from '../../src/core/secret-box.js';
import { createBucket } from '../../src/engines/objects/buckets.js';
import type { Requester, SseChoice } from '../../src/engines/objects/data-keys.js';
import type { ObjectContext } from '../../src/engines/objects/object-context.js';
import { openObjectEngine } from '../../src/engines/objects/object-engine.js';
import type { BucketRecord, CompletedPartRecord, ContentHeaders, ObjectVersionRecord, Segment } from '../../src/engines/objects/object-records.js';
import { putObject } from '../../src/engines/objects/objects.js';
import { TieredBlobStore } from '../../src/engines/objects/tiered-blob-store.js';
import type { Kms } from '../../src/engines/kms/index.js';
import { FsBlobStore } from '../../src/store/fs-blob-store.js';
import { migrate, openDatabase, type SqlDatabase } from '../../src/store/index.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from '../../src/store/sql-object-store.js';
import { callAs, testKms } from './kms-fixture.js';

export const ACCOUNT = '111122223333';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const SSE_S3: SseChoice = { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false, context: {} };
/** Content headers for objects and uploads whose headers a test does not look at. */
export const CONTENT: ContentHeaders = {
  contentType: 'application/octet-stream', contentEncoding: null, contentDisposition: null, contentLanguage: null, cacheControl: null, expires: null, metadata: {},
};

/**
 * A version record of `segments` (the blobs of a multipart object's parts, or of an object
 * written whole when `partsCount` is null), with `parts` when given, for tests of code that reads
 * records without a store.
 */
export function segmentedVersion(segments: Segment[], partsCount: number | null, parts?: CompletedPartRecord[]): ObjectVersionRecord {
  return {
    bucket: 'b', key: 'k', versionId: 'null', deleteMarker: false, lastModified: '2026-01-01T00:00:00.000Z',
    size: segments.reduce((n, s) => n + s.size, 0), etag: '"e"', tags: [], checksum: null, encryption: null, owner: ACCOUNT,
    content: CONTENT, segments, partsCount, ...(parts ? { parts } : {}),
  };
}

export interface ObjectEngineBed {
  readonly ctx: ObjectContext;
  readonly db: SqlDatabase;
  readonly kms: Kms;
  /** The bucket as created (read it from the store for later changes). */
  readonly bucket: BucketRecord;
  readonly root: ReturnType<typeof callAs>;
  /** The account root as an S3 requester. */
  readonly requester: Requester;
  /** A PUT of `data` whole into the bucket as it is stored now (its versioning included). */
  put(key: string, data: Buffer, sse?: SseChoice, requester?: Requester): Promise<ObjectVersionRecord>;
  close(): void;
}

/** A fresh engine whose clock stands at `now`, with a bucket `bucketName`; `close` removes it all. */
export function objectEngineBed(bucketName: string, now = new Date('2026-01-01T00:00:00Z')): ObjectEngineBed {
  const dir = mkdtempSync(join(tmpdir(), `gantry-${bucketName}-`));
  const db = openDatabase(join(dir, 'gantry.db'));
  migrate(db, OBJECT_MIGRATIONS);
  const store = new SqlObjectStore(db);
  const { kms } = testKms();
  const ctx = openObjectEngine({
    store,
    blobs: new TieredBlobStore(new FsBlobStore(join(dir, 'objects')), store.inlineBlobs),
    clock: fixedClock(now),
    region: 'us-east-1',
    masterBox: secretBox(Buffer.alloc(32, 3)),
    kms: () => kms,
  });
  const bucket = createBucket(ctx, ACCOUNT, bucketName, undefined, 'us-east-1');
  const root = callAs(ROOT);
  const asRoot: Requester = { account: ACCOUNT, arn: ROOT, authorize: root.authorize };
  return {
    ctx, db, kms, bucket, root, requester: asRoot,
    put: (key, data, sse = SSE_S3, requester = asRoot) => putObject(ctx, requester, {
      bucket: store.getBucket(bucketName) ?? bucket, key, body: once(data), content: CONTENT, tags: [], sse, checks: {},
    }),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `data` as a one-piece body (none when empty). */
export async function* once(data: Buffer): AsyncGenerator<Buffer> {
  if (data.length > 0) yield data;
}
