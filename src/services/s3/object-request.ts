// Pieces shared by the object operations: the write checks a request declares (Content-MD5,
// x-amz-checksum-*), conditional GET/HEAD headers, byte ranges and parts, and the response headers
// that describe a stored version.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
// https://www.rfc-editor.org/rfc/rfc9110#section-13.2.2 (order of precondition checks)

import { checksumAlgorithmOf, CHECKSUM_ALGORITHMS } from '../../engines/objects/checksums.js';
import { etagMatches } from '../../engines/objects/objects.js';
import type { BucketRecord, ChecksumAlgorithm, ObjectVersionRecord } from '../../engines/objects/object-records.js';
import type { WriteChecks } from '../../engines/objects/object-writer.js';
import { partRange } from '../../engines/objects/part-ranges.js';
import { storageClassOf } from '../../engines/objects/storage-classes.js';
import { headerNotImplemented, invalidDigest, invalidRange, invalidRequest, notModified, preconditionFailed } from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';
import { optDate, optStr } from './s3-input.js';
import { isS3Payload, type S3Payload } from './s3-payload.js';

const EMPTY: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: async function* () {} };

export function payloadOf(input: Input): S3Payload {
  const body = input['Body'];
  if (isS3Payload(body)) return body;
  const bytes = body instanceof Uint8Array ? Buffer.from(body) : null;
  const stream: AsyncIterable<Buffer> = bytes ? { [Symbol.asyncIterator]: async function* () { yield bytes; } } : EMPTY;
  return streamPayload(stream, bytes?.length ?? 0);
}

/** A payload of `stream`'s bytes, `length` long when known, that announced no trailer. */
export function streamPayload(stream: AsyncIterable<Buffer>, length: number | undefined): S3Payload {
  return { stream, length, trailer: () => undefined, declaredTrailer: undefined };
}

const memberOf = (algorithm: ChecksumAlgorithm) => `Checksum${algorithm}`;

/** Content-MD5 and the additional checksum (header value, or trailer named by x-amz-trailer). */
export function writeChecks(input: Input, payload: S3Payload, algorithmMember = 'ChecksumAlgorithm'): WriteChecks {
  const md5Text = optStr(input, 'ContentMD5');
  let md5: Buffer | undefined;
  if (md5Text !== undefined) {
    md5 = Buffer.from(md5Text, 'base64');
    if (md5.length !== 16 || md5.toString('base64') !== md5Text.trim()) throw invalidDigest(md5Text);
  }
  const fromHeader = CHECKSUM_ALGORITHMS.find((a) => optStr(input, memberOf(a)) !== undefined) ?? null;
  const fromTrailer = payload.declaredTrailer?.startsWith('x-amz-checksum-') ? checksumAlgorithmOf(payload.declaredTrailer.slice(15)) : null;
  const algorithm = fromHeader ?? fromTrailer ?? checksumAlgorithmOf(optStr(input, algorithmMember));
  return {
    ...(md5 ? { md5 } : {}),
    ...(payload.length !== undefined ? { length: payload.length } : {}),
    ...(algorithm
      ? {
        checksum: {
          algorithm,
          expected: () => optStr(input, memberOf(algorithm)) ?? payload.trailer(`x-amz-checksum-${algorithm.toLowerCase()}`),
        },
      }
      : {}),
  };
}

function seconds(date: Date | string): number {
  return Math.floor(new Date(date).getTime() / 1000);
}

/** If-Match / If-Unmodified-Since (412), then If-None-Match / If-Modified-Since (304). */
export function checkConditions(input: Input, record: ObjectVersionRecord, prefix = ''): void {
  const ifMatch = optStr(input, `${prefix}IfMatch`);
  const ifNoneMatch = optStr(input, `${prefix}IfNoneMatch`);
  const ifModifiedSince = optDate(input, `${prefix}IfModifiedSince`);
  const ifUnmodifiedSince = optDate(input, `${prefix}IfUnmodifiedSince`);
  // Most requests carry none: then there is no date to parse.
  if (ifMatch === undefined && ifNoneMatch === undefined && !ifModifiedSince && !ifUnmodifiedSince) return;
  const modified = seconds(record.lastModified);
  const copy = prefix !== '';
  // A copy's failed condition names the x-amz-copy-source- header it came in (LocalStack's
  // AWS-recorded test_s3_copy_object_preconditions: Condition x-amz-copy-source-If-Match).
  const named = (header: string) => (copy ? `x-amz-copy-source-${header}` : header);
  if (ifMatch !== undefined && !etagMatches(ifMatch, record.etag)) throw preconditionFailed(named('If-Match'));
  if (ifMatch === undefined && ifUnmodifiedSince && modified > seconds(ifUnmodifiedSince)) throw preconditionFailed(named('If-Unmodified-Since'));
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, record.etag)) throw copy ? preconditionFailed(named('If-None-Match')) : notModified(record.etag, record.lastModified);
  // A copy ignores an If-Modified-Since later than now, as an invalid date (RFC 9110 13.1.3);
  // recorded for CopyObject (copy-ignore-future-modified-since) and UploadPartCopy.
  if (ifNoneMatch === undefined && ifModifiedSince && modified <= seconds(ifModifiedSince) && !(copy && ifModifiedSince.getTime() > Date.now())) {
    throw copy ? preconditionFailed(named('If-Modified-Since')) : notModified(record.etag, record.lastModified);
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; null for no (or an ignorable) range. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) throw invalidRange(header, size);
  return { start, end };
}

/** The bytes a GET/HEAD asks for; partsCount only when a partNumber named them in a multipart object. */
export interface ReadSpan {
  readonly start: number;
  /** Inclusive; start - 1 when the span is empty (part 1 of an empty object). */
  readonly end: number;
  readonly partsCount: number | null;
}

/**
 * The span a GET/HEAD reads: part `partNumber` of the version, else its Range header, else null
 * (the whole version). A partNumber is a range of its own, so the two together are refused.
 */
export function readSpan(input: Input, record: ObjectVersionRecord, partNumber: number | undefined): ReadSpan | null {
  const rangeHeader = optStr(input, 'Range');
  if (partNumber === undefined) {
    const range = byteRange(rangeHeader, record.size);
    return range && { ...range, partsCount: null };
  }
  // [INFER] text: not in AWS's reference; the message other S3 implementations report S3 answering.
  if (rangeHeader !== undefined) throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
  return partRange(record, partNumber);
}

/**
 * The headers GET and HEAD answer with for a version, as a new object the caller may add to.
 * Built member by member rather than from spreads: this runs on every GET and HEAD.
 */
export function versionHeaders(record: ObjectVersionRecord, bucket: BucketRecord, checksumMode: boolean): Record<string, unknown> {
  const c = record.content;
  const e = record.encryption;
  const out: Record<string, unknown> = { ETag: record.etag, LastModified: new Date(record.lastModified), ContentType: c.contentType };
  if (c.contentEncoding !== null) out['ContentEncoding'] = c.contentEncoding;
  if (c.contentDisposition !== null) out['ContentDisposition'] = c.contentDisposition;
  if (c.contentLanguage !== null) out['ContentLanguage'] = c.contentLanguage;
  if (c.cacheControl !== null) out['CacheControl'] = c.cacheControl;
  // S3 answers Expires as it was sent (the model's shape is a string: AWS keeps even text that is
  // no date). It is stored as sent; a Date here was printed as `Tue Jan 01 2030 ... GMT+0000 (...)`.
  if (c.expires !== null) out['Expires'] = c.expires;
  if (Object.keys(c.metadata).length > 0) out['Metadata'] = c.metadata;
  if (bucket.versioning !== 'Unversioned') out['VersionId'] = record.versionId;
  if (e) out['ServerSideEncryption'] = e.algorithm;
  if (e?.kmsKeyArn) out['SSEKMSKeyId'] = e.kmsKeyArn;
  if (e?.bucketKeyEnabled) out['BucketKeyEnabled'] = true;
  if (record.tags.length > 0) out['TagCount'] = record.tags.length;
  // S3 names the class only when it is not STANDARD.
  const storageClass = storageClassOf(record);
  if (storageClass !== 'STANDARD') out['StorageClass'] = storageClass;
  if (record.websiteRedirectLocation !== undefined) out['WebsiteRedirectLocation'] = record.websiteRedirectLocation;
  if (checksumMode && record.checksum) {
    out[memberOf(record.checksum.algorithm)] = record.checksum.value;
    out['ChecksumType'] = record.checksum.type;
  }
  out['AcceptRanges'] = 'bytes';
  return out;
}

/** The SSE headers a write answers with. */
export function sseHeaders(record: { encryption: ObjectVersionRecord['encryption'] }): Record<string, unknown> {
  const e = record.encryption;
  if (!e) return {};
  return {
    ServerSideEncryption: e.algorithm,
    ...(e.kmsKeyArn ? { SSEKMSKeyId: e.kmsKeyArn } : {}),
    ...(e.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
  };
}

/** A conditional write's If-None-Match / If-Match (PutObject, CopyObject, CompleteMultipartUpload), as the objects engine takes them. */
export function writeConditions(input: Input): { ifNoneMatch?: string; ifMatch?: string } {
  const ifNoneMatch = optStr(input, 'IfNoneMatch');
  const ifMatch = optStr(input, 'IfMatch');
  // A write takes one condition: If-None-Match only as `*` (no such key), If-Match only as ETags.
  if (ifNoneMatch !== undefined && ifMatch !== undefined) throw headerNotImplemented('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw headerNotImplemented('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
  if (ifMatch?.trim() === '*') throw headerNotImplemented('If-Match', "We don't accept the provided value of If-Match header for this API");
  return { ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}), ...(ifMatch !== undefined ? { ifMatch } : {}) };
}

/**
 * x-amz-server-side-encryption-context: the SSE-KMS encryption context, base64 JSON, echoed by
 * PutObject, CopyObject and CreateMultipartUpload when the request named one (as AWS does).
 */
export function encryptionContextHeader(input: Input, record: { encryption: ObjectVersionRecord['encryption'] }): Record<string, unknown> {
  const context = record.encryption?.context;
  if (optStr(input, 'SSEKMSEncryptionContext') === undefined || !context) return {};
  return { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(context)).toString('base64') };
}

export function checksumHeaders(record: ObjectVersionRecord): Record<string, unknown> {
  return record.checksum ? { [memberOf(record.checksum.algorithm)]: record.checksum.value, ChecksumType: record.checksum.type } : {};
}
