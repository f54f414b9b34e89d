// Multipart uploads: one data key per upload (GenerateDataKey at create, Decrypt for each
// part, as on AWS), each part its own blob; completing checks order, ETags and sizes and
// makes the parts the object's segments in one transaction, without copying bytes.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html

import { createHash, randomBytes } from 'node:crypto';
import { combinable, compositeChecksum, fullObjectChecksum } from './checksums.js';
import type { Requester, SseChoice } from './data-keys.js';
import { isoNow, type ObjectContext } from './object-context.js';
import type {
  BucketRecord, ChecksumAlgorithm, ChecksumType, ContentHeaders, ObjectVersionRecord, PartRecord, StoredChecksum, Tag, UploadRecord,
} from './object-records.js';
import { checkKey, commitVersion, websiteRedirectMember } from './objects.js';
import { etagSourceFor, writeBlob, type WriteChecks } from './object-writer.js';
import { unquoteEtag } from './etags.js';
import { storageClassMember, type StorageClass } from './storage-classes.js';
import {
  checksumMismatch, entityTooSmall, invalidPart, invalidPartOrder, invalidRequest, malformedXml, noSuchUpload,
} from './s3-errors.js';

/** Every part but the last must be at least 5 MiB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface CreateUploadParams {
  readonly bucket: BucketRecord;
  readonly key: string;
  readonly initiator: string;
  readonly content: ContentHeaders;
  readonly tags: Tag[];
  readonly sse: SseChoice;
  readonly checksumAlgorithm: ChecksumAlgorithm | null;
  /** x-amz-checksum-type as sent; absent = the algorithm's default. */
  readonly checksumType?: ChecksumType | undefined;
  /** STANDARD when absent. */
  readonly storageClass?: StorageClass;
  /** The completed object's x-amz-website-redirect-location. */
  readonly websiteRedirectLocation?: string | undefined;
}

/** An upload's checksum type: as recorded, COMPOSITE for records kept before the type was. */
export function uploadChecksumType(upload: UploadRecord): ChecksumType {
  return upload.checksumType ?? 'COMPOSITE';
}

/**
 * The checksum type an upload gets: CRC64NVME is FULL_OBJECT only, the others default to
 * COMPOSITE; only the CRCs can be FULL_OBJECT (their part CRCs combine), and SHA1/SHA256 only
 * COMPOSITE. https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
function checksumTypeFor(algorithm: ChecksumAlgorithm | null, requested: ChecksumType | undefined): ChecksumType | undefined {
  // [INFER] the texts of these three refusals; InvalidRequest is what S3 answers for them.
  if (algorithm === null) {
    if (requested !== undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return undefined;
  }
  const type = requested ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type === 'FULL_OBJECT' && !combinable(algorithm)) {
    throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  return type;
}

export function createUpload(ctx: ObjectContext, requester: Requester, p: CreateUploadParams): UploadRecord {
  checkKey(p.key);
  const checksumType = checksumTypeFor(p.checksumAlgorithm, p.checksumType);
  const { encryption } = ctx.keys.newKey(requester, p.sse, p.bucket, p.key);
  const record: UploadRecord = {
    uploadId: randomBytes(48).toString('base64url'),
    bucket: p.bucket.name,
    key: p.key,
    initiated: isoNow(ctx),
    owner: p.bucket.owner,
    initiator: p.initiator,
    content: p.content,
    tags: p.tags,
    encryption,
    checksumAlgorithm: p.checksumAlgorithm,
    ...(checksumType ? { checksumType } : {}),
    ...storageClassMember(p.storageClass),
    ...websiteRedirectMember(p.websiteRedirectLocation),
  };
  ctx.store.putUpload(record);
  return record;
}

export function findUpload(ctx: ObjectContext, bucket: string, key: string, uploadId: string): UploadRecord {
  const upload = ctx.store.getUpload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

/**
 * The checks a part is written with: a part of an upload with an algorithm carries a checksum in
 * that algorithm (S3 computes it when the request names none); another algorithm is refused. A
 * part of an upload without one gets a CRC64NVME besides what its request named (see partSum).
 */
function partChecks(upload: UploadRecord, checks: WriteChecks): WriteChecks {
  const expected = upload.checksumAlgorithm;
  const actual = checks.checksum?.algorithm;
  if (expected === null) return { ...checks, crc64nvme: true };
  if (actual === undefined) return { ...checks, checksum: { algorithm: expected, expected: () => undefined } };
  if (actual !== expected) {
    throw invalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${actual.toLowerCase()}`);
  }
  return checks;
}

/** Writes one part from a stream of bytes; `checksum` of the result is in the upload's algorithm when it has one. */
export async function uploadPart(
  ctx: ObjectContext, requester: Requester, upload: UploadRecord, partNumber: number, body: AsyncIterable<Uint8Array>, requestChecks: WriteChecks,
): Promise<PartRecord> {
  const checks = partChecks(upload, requestChecks);
  const dataKey = ctx.keys.openKey(requester, upload.encryption, upload.owner);
  const written = await writeBlob(ctx.blobs, dataKey, body, checks, { etag: etagSourceFor(upload.encryption.algorithm) });
  const part: PartRecord = {
    uploadId: upload.uploadId,
    partNumber,
    blobId: written.blobId,
    size: written.size,
    etag: `"${written.etag}"`,
    lastModified: isoNow(ctx),
    checksum: written.checksum,
    ...(written.crc64nvme !== null ? { crc64nvme: written.crc64nvme } : {}),
  };
  let retired: string[] = [];
  try {
    ctx.store.transaction(() => {
      if (!ctx.store.getUpload(upload.uploadId)) throw noSuchUpload(upload.uploadId);
      const previous = ctx.store.getPart(upload.uploadId, partNumber);
      ctx.store.putPart(part);
      ctx.store.addBlob(part.blobId);
      if (previous) {
        ctx.store.removeBlob(previous.blobId);
        retired = [previous.blobId];
      }
    });
  } catch (error) {
    ctx.leases.retire([part.blobId]);
    throw error;
  }
  ctx.leases.retire(retired);
  return part;
}

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
  /** The part's checksum in the upload's algorithm, as the request gave it. */
  readonly checksum?: string | undefined;
}

/** What the complete request says of the whole object's checksum (its x-amz-checksum-* headers). */
export interface CompletedChecksum {
  readonly type?: string | undefined;
  /** The value sent in the upload's algorithm. */
  readonly value?: string | undefined;
}

/**
 * The parts' checksums the complete request gives must be the stored ones (else InvalidPart, as
 * for a wrong ETag); a COMPOSITE upload's request must give each of them.
 * [INFER] a FULL_OBJECT upload's request may leave them out: the object's CRC is what S3 checks.
 */
function checkPartChecksums(upload: UploadRecord, requested: readonly CompletedPart[], stored: readonly PartRecord[]): void {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === null) return;
  requested.forEach((want, i) => {
    if (want.checksum === undefined) {
      if (uploadChecksumType(upload) === 'FULL_OBJECT') return;
      throw invalidRequest(`The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${want.partNumber} in the request.`);
    }
    const part = stored[i] as PartRecord;
    if (part.checksum !== null && want.checksum.trim() !== part.checksum) throw invalidPart(upload.uploadId, want.partNumber, want.etag);
  });
}

/**
 * A part's checksum in the algorithm of the object it completes: the upload's, or for an upload
 * created without one the CRC64NVME Gantry computed beside what the part's request named (none
 * for a part stored before Gantry computed it).
 */
function partSum(upload: UploadRecord, part: PartRecord): string | null {
  return upload.checksumAlgorithm === null ? part.crc64nvme ?? null : part.checksum;
}

/**
 * The object's checksum from its parts', checked against the whole-object checksum the request
 * gave. An upload created without an algorithm gets S3's default since December 2024, a
 * FULL_OBJECT CRC64NVME (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
 * None when a part was stored before Gantry kept its checksum: its bytes are not read again.
 */
function objectChecksum(upload: UploadRecord, stored: readonly PartRecord[], given: CompletedChecksum): StoredChecksum | null {
  const chosen = upload.checksumAlgorithm;
  const algorithm = chosen ?? 'CRC64NVME';
  const type = chosen === null ? 'FULL_OBJECT' : uploadChecksumType(upload);
  // [INFER] the text: a type other than the upload's is refused as a bad request.
  if (given.type !== undefined && (chosen === null || given.type !== type)) {
    throw invalidRequest(`The upload was created using the ${chosen === null ? 'no' : type} checksum mode. The complete request must use the same checksum mode.`);
  }
  const sums = stored.map((p) => partSum(upload, p));
  if (!sums.every((s): s is string => s !== null)) return null;
  const value = type === 'FULL_OBJECT'
    ? fullObjectChecksum(algorithm, stored.map((p, i) => ({ checksum: sums[i] as string, size: p.size })))
    : compositeChecksum(algorithm, sums);
  // [INFER] BadDigest, as for a PUT's wrong checksum; a composite value is accepted with or without its `-N`.
  // (An upload created without an algorithm has no member for the request to give a value in.)
  if (given.value !== undefined && given.value.trim() !== value && given.value.trim() !== value.replace(/-\d+$/, '')) {
    throw checksumMismatch(algorithm);
  }
  return { algorithm, value, type };
}

/**
 * Parts are listed in ascending order; with per-part checksums (an upload created with an
 * algorithm) they must also be 1, 2, 3...: "the PartNumber must start at 1 and the part numbers
 * must be consecutive. Otherwise, Amazon S3 generates an HTTP 400 Bad Request status code and an
 * InvalidPartOrder error code" (CompletedPart reference). An upload created without one may skip
 * numbers; its parts are then counted by position (object-parts.ts).
 */
function checkPartOrder(upload: UploadRecord, requested: readonly CompletedPart[]): void {
  const consecutive = upload.checksumAlgorithm !== null;
  requested.forEach((part, i) => {
    const previous = requested[i - 1];
    if (consecutive ? part.partNumber !== i + 1 : previous !== undefined && part.partNumber <= previous.partNumber) {
      throw invalidPartOrder(upload.uploadId);
    }
  });
}

export function completeUpload(
  ctx: ObjectContext, requester: Requester, upload: UploadRecord, requested: readonly CompletedPart[],
  conditions: { ifNoneMatch?: string | undefined; ifMatch?: string | undefined } = {}, givenChecksum: CompletedChecksum = {},
  expectedSize?: number,
): ObjectVersionRecord {
  if (requested.length === 0) throw malformedXml();
  checkPartOrder(upload, requested);
  const stored = requested.map((want) => {
    const part = ctx.store.getPart(upload.uploadId, want.partNumber);
    if (!part || unquoteEtag(part.etag) !== unquoteEtag(want.etag)) throw invalidPart(upload.uploadId, want.partNumber, want.etag);
    return part;
  });
  checkPartChecksums(upload, requested, stored);
  stored.forEach((part, i) => {
    if (i < stored.length - 1 && part.size < MIN_PART_SIZE) throw entityTooSmall(part, MIN_PART_SIZE);
  });
  // With additional checksums S3 reads the parts back, which needs kms:Decrypt (CompleteMultipartUpload API reference).
  if (upload.checksumAlgorithm !== null) ctx.keys.openKey(requester, upload.encryption, upload.owner);
  const md5 = createHash('md5');
  for (const part of stored) md5.update(Buffer.from(unquoteEtag(part.etag), 'hex'));
  const etag = `"${md5.digest('hex')}-${stored.length}"`;
  const checksum = objectChecksum(upload, stored, givenChecksum);
  const used = new Set(stored.map((p) => p.blobId));
  const size = stored.reduce((n, p) => n + p.size, 0);
  // x-amz-mp-object-size lets the client say what size it uploaded; a mismatch leaves the upload
  // open, as AWS does (LocalStack's test_multipart_size_validation, recorded from AWS).
  if (expectedSize !== undefined && expectedSize !== size) {
    throw invalidRequest(`The provided 'x-amz-mp-object-size' header value ${expectedSize} does not match what was computed: ${size}`);
  }
  return commitVersion(ctx, upload.bucket, upload.key, [...used], (versionId) => ({
    bucket: upload.bucket,
    key: upload.key,
    versionId,
    deleteMarker: false,
    lastModified: isoNow(ctx),
    size,
    etag,
    content: upload.content,
    tags: upload.tags,
    checksum,
    segments: stored.map((p) => ({ blobId: p.blobId, size: p.size })),
    encryption: upload.encryption,
    partsCount: stored.length,
    // GetObjectAttributes lists the parts' checksums of a COMPOSITE object only (their sizes are
    // the segments', their numbers their places), so no other object keeps them.
    ...(checksum?.type === 'COMPOSITE' ? { parts: stored.map((p) => ({ checksum: partSum(upload, p) })) } : {}),
    owner: upload.owner,
    ...storageClassMember(upload.storageClass),
    ...websiteRedirectMember(upload.websiteRedirectLocation),
  }), { ...conditions, unchangedSince: upload.initiated }, () => {
    if (!ctx.store.getUpload(upload.uploadId)) throw noSuchUpload(upload.uploadId);
    const unused = ctx.store.listParts(upload.uploadId).map((p) => p.blobId).filter((id) => !used.has(id));
    ctx.store.deleteParts(upload.uploadId);
    ctx.store.deleteUpload(upload.uploadId);
    return unused;
  });
}

export function abortUpload(ctx: ObjectContext, upload: UploadRecord): void {
  const retired = ctx.store.transaction(() => {
    const blobs = ctx.store.listParts(upload.uploadId).map((p) => p.blobId);
    for (const id of blobs) ctx.store.removeBlob(id);
    ctx.store.deleteParts(upload.uploadId);
    ctx.store.deleteUpload(upload.uploadId);
    return blobs;
  });
  ctx.leases.retire(retired);
}
