// Objects: write (bytes first, durable, then one metadata transaction), read (with leases on
// the blobs), delete (versions and delete markers), copy, tags. A crash at any point leaves
// the previous object or the new one: metadata names only committed blobs.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/versioning-workflows.html

import { randomBytes } from 'node:crypto';
import type { Requester, SseChoice } from './data-keys.js';
import { isoNow, type ObjectContext } from './object-context.js';
import type { BucketRecord, ContentHeaders, ObjectVersionRecord, StoredChecksum, Tag } from './object-records.js';
import { openSealedBlob, readSegments } from './object-reader.js';
import { etagSourceFor, writeBlob, type WriteChecks } from './object-writer.js';
import { conditionalRequestConflict, invalidVersionId, keyTooLong, methodNotAllowed, noSuchBucket, noSuchKey, noSuchVersion, preconditionFailed } from './s3-errors.js';
import { getBucket, sameBucket } from './buckets.js';
import { storageClassMember, type StorageClass } from './storage-classes.js';

export interface PutParams {
  readonly bucket: BucketRecord;
  readonly key: string;
  readonly body: AsyncIterable<Uint8Array>;
  readonly content: ContentHeaders;
  readonly tags: Tag[];
  readonly sse: SseChoice;
  readonly checks: WriteChecks;
  /** Conditional writes: `*` refuses to overwrite; an ETag requires the current one. */
  readonly ifNoneMatch?: string;
  readonly ifMatch?: string;
  /** STANDARD when absent. */
  readonly storageClass?: StorageClass;
  /** Kept with the version and answered on GET and HEAD (S3 keeps it as system metadata). */
  readonly websiteRedirectLocation?: string | undefined;
}

/** The record member of a redirect location: absent when there is none, so records stay as they were. */
export function websiteRedirectMember(location: string | undefined): { websiteRedirectLocation?: string } {
  return location === undefined ? {} : { websiteRedirectLocation: location };
}

/**
 * 24 random bytes as 32 characters of AWS's version-id alphabet: letters, digits, `.` and `_`
 * (LocalStack's AWS-validated test_object_version_id_format). base64url's `-` becomes `.`: an id
 * starting with `-` read as an option by command-line parsers (`aws s3api ... --version-id -x...`).
 */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url').replaceAll('-', '.');
}

/** What newVersionId makes, always 32 characters; `-` for the ids Gantry issued before it used `.`. */
const ISSUED_VERSION_ID = /^[A-Za-z0-9._-]{32}$/;

/**
 * A version id the caller names must be one S3 could have issued, or `null` (the version of an
 * unversioned or suspended write); anything else is InvalidArgument, not NoSuchVersion, and
 * DeleteObject(s) must not report it deleted.
 */
export function checkVersionId(versionId: string | undefined): void {
  if (versionId !== undefined && !mayBeVersionId(versionId)) throw invalidVersionId(versionId);
}

/**
 * A bucket that was never versioned holds only `null` versions: any other id names nothing S3
 * could have issued for it, and is InvalidArgument like a malformed one (AWS, in LocalStack's
 * test_get_object_with_version_unversioned_bucket and test_delete_object snapshots), where a
 * versioned bucket answers NoSuchVersion for an id it does not hold.
 */
export function neverIssuedIn(bucket: BucketRecord, versionId: string | undefined): boolean {
  return versionId !== undefined && versionId !== 'null' && bucket.versioning === 'Unversioned';
}

/** Whether S3 could have issued `versionId` (or it is `null`). */
export function mayBeVersionId(versionId: string): boolean {
  return versionId === 'null' || ISSUED_VERSION_ID.test(versionId);
}

export function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > 1024) throw keyTooLong();
}

export async function putObject(ctx: ObjectContext, requester: Requester, p: PutParams): Promise<ObjectVersionRecord> {
  checkKey(p.key);
  const { dataKey, encryption } = ctx.keys.newKey(requester, p.sse, p.bucket, p.key);
  // Since December 2024 S3 gives an object written without a checksum a CRC64NVME of its bytes
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html). It is
  // computed only then: a write carrying its own checksum (the SDKs' default CRC32) pays nothing more.
  const checks: WriteChecks = p.checks.checksum ? p.checks : { ...p.checks, checksum: { algorithm: 'CRC64NVME', expected: () => undefined } };
  const written = await writeBlob(ctx.blobs, dataKey, p.body, checks, { etag: etagSourceFor(encryption.algorithm) });
  const algorithm = checks.checksum?.algorithm;
  const checksum: StoredChecksum | null = algorithm && written.checksum !== null ? { algorithm, value: written.checksum, type: 'FULL_OBJECT' } : null;
  return commitVersion(ctx, p.bucket.name, p.key, [written.blobId], (versionId) => ({
    bucket: p.bucket.name,
    key: p.key,
    versionId,
    deleteMarker: false,
    lastModified: isoNow(ctx),
    size: written.size,
    etag: `"${written.etag}"`,
    content: p.content,
    tags: p.tags,
    checksum,
    segments: [{ blobId: written.blobId, size: written.size }],
    encryption,
    partsCount: null,
    owner: p.bucket.owner,
    ...storageClassMember(p.storageClass),
    ...websiteRedirectMember(p.websiteRedirectLocation),
  }), { ifNoneMatch: p.ifNoneMatch, ifMatch: p.ifMatch, bucket: p.bucket });
}

/** The conditions of a write, checked against the key's latest version in the write's transaction. */
export interface WriteConditions {
  readonly ifNoneMatch?: string | undefined;
  readonly ifMatch?: string | undefined;
  /**
   * For a conditional CompleteMultipartUpload, when its upload was created: a condition that
   * holds is still 409 ConditionalRequestConflict if the key was written or deleted since (AWS,
   * LocalStack's test_multipart_if_match_with_put{,_identical}, _with_delete and
   * test_multipart_if_none_match_with_delete). Seen through the latest version (a delete marker
   * too); a delete in an unversioned bucket leaves nothing to see, and is not detected.
   */
  readonly unchangedSince?: string | undefined;
  /**
   * The bucket the write was allowed into, as read when it began. Bytes stream in before the
   * commit, and meanwhile the bucket may be deleted and one of the same name created, by another
   * account even: the write must not land there, so it is NoSuchBucket as if the bucket were
   * just gone ([INFER]: what AWS answers a PUT whose bucket was deleted mid-upload is not recorded).
   */
  readonly bucket?: BucketRecord | undefined;
}

/**
 * Makes a new version the latest in one transaction: a fresh version id when versioning is
 * on, else it replaces the `null` version, whose blobs are retired after the commit.
 */
export function commitVersion(
  ctx: ObjectContext,
  bucketName: string,
  key: string,
  blobIds: readonly string[],
  build: (versionId: string) => ObjectVersionRecord,
  conditions: WriteConditions = {},
  /** More work for the same transaction (completing an upload); returns blob ids it released. */
  also: () => string[] = () => [],
): ObjectVersionRecord {
  let retired: string[] = [];
  try {
    const record = ctx.store.transaction(() => {
      const bucket = getBucket(ctx, bucketName);
      if (conditions.bucket && !sameBucket(conditions.bucket, bucket)) throw noSuchBucket(bucketName);
      const current = ctx.store.getVersion(bucketName, key);
      const live = current && !current.deleteMarker ? current : null;
      if (conditions.ifNoneMatch !== undefined && live && (conditions.ifNoneMatch === '*' || etagMatches(conditions.ifNoneMatch, live.etag))) {
        throw preconditionFailed('If-None-Match');
      }
      if (conditions.ifMatch !== undefined) requireMatch(conditions.ifMatch, live, key);
      const condition = conditions.ifMatch !== undefined ? 'If-Match' : conditions.ifNoneMatch !== undefined ? 'If-None-Match' : null;
      if (condition !== null && conditions.unchangedSince !== undefined && current && current.lastModified > conditions.unchangedSince) {
        throw conditionalRequestConflict(condition, key);
      }
      const versionId = bucket.versioning === 'Enabled' ? newVersionId() : 'null';
      // The `null` version being replaced is usually the latest one, already at hand.
      const replaced = versionId !== 'null' ? null : current?.versionId === 'null' ? current : ctx.store.getVersion(bucketName, key, 'null');
      const next = build(versionId);
      ctx.store.putVersion(next);
      for (const id of blobIds) ctx.store.addBlob(id);
      retired = replaced ? replaced.segments.map((s) => s.blobId).filter((id) => !blobIds.includes(id)) : [];
      retired.push(...also());
      for (const id of retired) ctx.store.removeBlob(id);
      return next;
    });
    ctx.leases.retire(retired);
    return record;
  } catch (error) {
    ctx.leases.retire(blobIds.filter((id) => !ctx.store.hasBlob(id)));
    throw error;
  }
}

/** `"etag"`, a list of them, or `*`, against a stored (quoted) ETag. */
export function etagMatches(header: string, etag: string): boolean {
  return header.split(',').map((s) => s.trim()).some((h) => h === '*' || h === etag || `"${h}"` === etag || h.replace(/^W\//, '') === etag);
}

/**
 * The version a request names: the latest, or one by id. A delete marker is 405 MethodNotAllowed
 * naming `method`; as the latest version it is a missing key (404 NoSuchKey) when
 * `latestMarkerMissing`: so for a GET or HEAD, while a PUT or DELETE (PutObjectAcl, the tagging
 * writes) and GetObjectTagging are refused 405 as by version id (AWS, in LocalStack's
 * test_object_tagging_versioned and test_put_object_acl_on_delete_marker snapshots).
 */
export function findVersion(
  ctx: ObjectContext, bucket: string, key: string, versionId?: string, method = 'GET', latestMarkerMissing = method === 'GET' || method === 'HEAD',
): ObjectVersionRecord {
  checkVersionId(versionId);
  if (neverIssuedIn(getBucket(ctx, bucket), versionId)) throw invalidVersionId(versionId as string);
  const record = ctx.store.getVersion(bucket, key, versionId);
  if (!record) {
    if (versionId !== undefined) throw noSuchVersion(key, versionId);
    throw noSuchKey(key);
  }
  if (record.deleteMarker) {
    const error = versionId === undefined && latestMarkerMissing ? noSuchKey(key) : methodNotAllowed(method, 'DeleteMarker');
    Object.assign(error, { deleteMarker: true, versionId: record.versionId });
    throw error;
  }
  return record;
}

/**
 * Plaintext bytes [start, end] of a version, decrypted as the requester. The blobs stay alive
 * until the stream ends, or until `release` (for a stream that may never be read).
 */
export function objectStream(
  ctx: ObjectContext, requester: Requester, record: ObjectVersionRecord, start: number, end: number,
): { stream: AsyncGenerator<Buffer, void, undefined>; release: () => void } {
  const release = ctx.leases.acquire(record.segments.map((s) => s.blobId));
  try {
    const dataKey = ctx.keys.readKey(requester, encryptionOf(record), record.owner);
    return { stream: readSegments(ctx.blobs, dataKey, record.segments, start, end, release), release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Plaintext bytes [start, end] of a version for a GET: the bytes themselves when the version is
 * one blob the store holds in memory or in the database (a small object, inline), else a stream
 * (objectStream). The inline case is all synchronous, from the record lookup to the last byte,
 * so no write can retire the blob in between: it needs no lease. The data key is opened
 * first either way, so a KMS refusal wins over any trouble with the bytes.
 */
export function objectBody(
  ctx: ObjectContext, requester: Requester, record: ObjectVersionRecord, start: number, end: number,
): Buffer | AsyncGenerator<Buffer, void, undefined> {
  const [segment, ...others] = record.segments;
  if (segment === undefined || others.length > 0 || !ctx.blobs.readSealed) return objectStream(ctx, requester, record, start, end).stream;
  const dataKey = ctx.keys.readKey(requester, encryptionOf(record), record.owner);
  const sealed = ctx.blobs.readSealed(segment.blobId);
  if (sealed === null) return readSegments(ctx.blobs, dataKey, record.segments, start, end, ctx.leases.acquire([segment.blobId]));
  return openSealedBlob(dataKey, segment, sealed, start, end);
}

function encryptionOf(record: ObjectVersionRecord): NonNullable<ObjectVersionRecord['encryption']> {
  if (!record.encryption) throw new Error('object version has no encryption record');
  return record.encryption;
}

export interface DeleteResult {
  readonly deleteMarker: boolean;
  readonly versionId: string | null;
}

/** If-Match of a write or a delete: the key must have a live version (else NoSuchKey) whose ETag matches. */
function requireMatch(ifMatch: string, live: ObjectVersionRecord | null, key: string): void {
  if (!live) throw noSuchKey(key);
  if (!etagMatches(ifMatch, live.etag)) throw preconditionFailed('If-Match');
}

/**
 * A conditional delete's preconditions (DeleteObject's If-Match, x-amz-if-match-last-modified-time,
 * x-amz-if-match-size; DeleteObjects' ETag, LastModifiedTime, Size of each object).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html
 */
export interface DeleteConditions {
  /** An ETag (or a list of them), or `*` for any existing object. */
  readonly ifMatch?: string | undefined;
  readonly lastModified?: Date | undefined;
  readonly size?: number | undefined;
}

/**
 * Refuses a delete whose preconditions the version it applies to does not meet: the current
 * version without a version id ("Conditional delete evaluations only apply to the current
 * version of the object"), else the version named ([INFER]: the docs do not say what a version
 * id does to the condition; the version deleted is the one the caller can know the ETag of).
 * If-Match needs an object: none, or a delete marker (which has no ETag), is 404 NoSuchKey. The
 * time and size conditions do not: the API reference answers 204 for a missing object.
 */
function checkDeleteConditions(target: ObjectVersionRecord | null, key: string, conditions: DeleteConditions): void {
  const live = target && !target.deleteMarker ? target : null;
  if (conditions.ifMatch !== undefined) requireMatch(conditions.ifMatch, live, key);
  if (!live) return;
  // The header is an HTTP date, to the second; stored times keep milliseconds.
  if (conditions.lastModified !== undefined
    && Math.floor(new Date(live.lastModified).getTime() / 1000) !== Math.floor(conditions.lastModified.getTime() / 1000)) {
    // [INFER] The Condition AWS names for the time and size headers is not documented.
    throw preconditionFailed('x-amz-if-match-last-modified-time');
  }
  if (conditions.size !== undefined && live.size !== conditions.size) throw preconditionFailed('x-amz-if-match-size');
}

export function deleteObject(
  ctx: ObjectContext, bucketName: string, key: string, versionId?: string, conditions: DeleteConditions = {},
): DeleteResult {
  checkVersionId(versionId);
  const conditional = conditions.ifMatch !== undefined || conditions.lastModified !== undefined || conditions.size !== undefined;
  let retired: string[] = [];
  const result = ctx.store.transaction((): DeleteResult => {
    const outcome = deleteInTransaction();
    for (const id of retired) ctx.store.removeBlob(id);
    return outcome;
  });
  ctx.leases.retire(retired);
  return result;

  function deleteInTransaction(): DeleteResult {
    const bucket = getBucket(ctx, bucketName);
    if (neverIssuedIn(bucket, versionId)) throw invalidVersionId(versionId as string);
    // Checked in the transaction that deletes, so no write can slip in between.
    if (conditional) checkDeleteConditions(ctx.store.getVersion(bucketName, key, versionId), key, conditions);
    if (versionId !== undefined) {
      const target = ctx.store.getVersion(bucketName, key, versionId);
      if (!target) return { deleteMarker: false, versionId };
      ctx.store.deleteVersion(bucketName, key, versionId);
      retired = target.segments.map((s) => s.blobId);
      return { deleteMarker: target.deleteMarker, versionId };
    }
    if (bucket.versioning === 'Unversioned') {
      const target = ctx.store.getVersion(bucketName, key, 'null');
      if (target) {
        ctx.store.deleteVersion(bucketName, key, 'null');
        retired = target.segments.map((s) => s.blobId);
      }
      return { deleteMarker: false, versionId: null };
    }
    const markerId = bucket.versioning === 'Enabled' ? newVersionId() : 'null';
    const replaced = markerId === 'null' ? ctx.store.getVersion(bucketName, key, 'null') : null;
    retired = replaced ? replaced.segments.map((s) => s.blobId) : [];
    ctx.store.putVersion(deleteMarker(ctx, bucket, key, markerId));
    return { deleteMarker: true, versionId: markerId };
  }
}

function deleteMarker(ctx: ObjectContext, bucket: BucketRecord, key: string, versionId: string): ObjectVersionRecord {
  return {
    bucket: bucket.name,
    key,
    versionId,
    deleteMarker: true,
    lastModified: isoNow(ctx),
    size: 0,
    etag: '',
    content: { contentType: '', contentEncoding: null, contentDisposition: null, contentLanguage: null, cacheControl: null, expires: null, metadata: {} },
    tags: [],
    checksum: null,
    segments: [],
    encryption: null,
    partsCount: null,
    owner: bucket.owner,
  };
}

/** Replaces a version's tags: PutObjectTagging (`method` PUT), DeleteObjectTagging (DELETE, no tags). */
export function setObjectTags(
  ctx: ObjectContext, bucket: string, key: string, versionId: string | undefined, tags: Tag[], method: 'PUT' | 'DELETE',
): ObjectVersionRecord {
  return ctx.store.transaction(() => {
    const record: ObjectVersionRecord = { ...findVersion(ctx, bucket, key, versionId, method), tags };
    ctx.store.updateVersion(record);
    return record;
  });
}
