// Multipart uploads: CreateMultipartUpload (kms:GenerateDataKey), UploadPart and
// UploadPartCopy (kms:Decrypt), CompleteMultipartUpload, AbortMultipartUpload, ListParts,
// ListMultipartUploads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html

import { getBucket } from '../../engines/objects/buckets.js';
import { checksumAlgorithmOf } from '../../engines/objects/checksums.js';
import { commonPrefixOf } from '../../engines/objects/listing.js';
import {
  abortUpload, completeUpload, createUpload, findUpload, uploadChecksumType, uploadPart, type CompletedPart,
} from '../../engines/objects/multipart.js';
import type { ChecksumType, UploadRecord } from '../../engines/objects/object-records.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import { objectStream } from '../../engines/objects/objects.js';
import type { WriteChecks } from '../../engines/objects/object-writer.js';
import { invalidArgument, invalidPartNumberArgument, S3Error } from '../../engines/objects/s3-errors.js';
import { requestedStorageClass, storageClassOf } from '../../engines/objects/storage-classes.js';
import type { ContextValue } from '../../iam/index.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { initiator, owner } from './canonical-user.js';
import { copySource } from './copy-operations.js';
import { copySourceRange } from './copy-source-range.js';
import { authorizeWrite, conditionalWriteContext } from './object-access.js';
import { encoder, encodingTypeMember } from './list-operations.js';
import { objectUrl } from './object-url.js';
import { partPage, partPageRequest } from './part-pages.js';
import { checksumHeaders, encryptionContextHeader, payloadOf, sseHeaders, writeChecks, writeConditions } from './object-request.js';
import { authorizeS3, requesterOf } from './s3-access.js';
import { contentHeaders, optNum, optPartNumber, optStr, sseChoice, str } from './s3-input.js';
import { websiteRedirectLocation } from './website-redirect.js';

/** UploadPart's (required) partNumber, with GetObject's rule and error (optPartNumber). */
function partNumber(input: Input): number {
  const n = optPartNumber(input);
  if (n === undefined) throw invalidPartNumberArgument(String(n));
  return n;
}

/** x-amz-checksum-type as sent; a value outside the enum is refused. [INFER] the text. */
function requestedChecksumType(input: Input): ChecksumType | undefined {
  const type = optStr(input, 'ChecksumType');
  if (type === undefined || type === 'COMPOSITE' || type === 'FULL_OBJECT') return type;
  throw invalidArgument('Value for x-amz-checksum-type header is invalid.', 'x-amz-checksum-type', type);
}

/** ChecksumAlgorithm and ChecksumType of an upload that has an algorithm. */
function uploadChecksumMembers(upload: UploadRecord): Record<string, string> {
  return upload.checksumAlgorithm ? { ChecksumAlgorithm: upload.checksumAlgorithm, ChecksumType: uploadChecksumType(upload) } : {};
}

export function multipartOperations(objects: ObjectContext): Record<string, OperationHandler> {
  const uploadFor = (input: Input, ctx: RequestContext, action: string, context: Record<string, ContextValue> = {}) => {
    const bucket = getBucket(objects, str(input, 'Bucket'));
    const key = str(input, 'Key');
    authorizeS3(ctx, action, bucket, key, context);
    return { bucket, key, upload: findUpload(objects, bucket.name, key, str(input, 'UploadId')) };
  };

  return {
    CreateMultipartUpload: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const key = str(input, 'Key');
      const sse = sseChoice(input, bucket);
      const storageClass = requestedStorageClass(optStr(input, 'StorageClass'));
      const redirect = websiteRedirectLocation(input);
      const tags = authorizeWrite(objects, ctx, bucket, key, input, true);
      const upload = createUpload(objects, requesterOf(ctx), {
        bucket, key, initiator: ctx.caller.arn, content: contentHeaders(input), tags, sse,
        checksumAlgorithm: checksumAlgorithmOf(optStr(input, 'ChecksumAlgorithm')), checksumType: requestedChecksumType(input), storageClass,
        websiteRedirectLocation: redirect,
      });
      return {
        Bucket: bucket.name,
        Key: key,
        UploadId: upload.uploadId,
        ...sseHeaders(upload),
        ...encryptionContextHeader(input, upload),
        ...uploadChecksumMembers(upload),
      };
    },

    UploadPart: async (input, ctx) => {
      const { upload } = uploadFor(input, ctx, 's3:PutObject');
      const payload = payloadOf(input);
      const checks: WriteChecks = { ...writeChecks(input, payload), md5Shown: 'base64' };
      const part = await uploadPart(objects, requesterOf(ctx), upload, partNumber(input), payload.stream, checks);
      const algorithm = upload.checksumAlgorithm ?? checks.checksum?.algorithm;
      return {
        ETag: part.etag,
        ...sseHeaders(upload),
        ...(algorithm && part.checksum ? { [`Checksum${algorithm}`]: part.checksum } : {}),
      };
    },

    UploadPartCopy: async (input, ctx) => {
      const source = copySource(objects, ctx, input);
      const { upload } = uploadFor(input, ctx, 's3:PutObject');
      const size = source.record.size;
      const rangeText = optStr(input, 'CopySourceRange');
      const { start, end } = rangeText === undefined ? { start: 0, end: size - 1 } : copySourceRange(rangeText, size);
      const requester = requesterOf(ctx);
      // A part number out of range refuses the request before the source is opened: its lease is
      // released only by the write's `finally`.
      const number = partNumber(input);
      const reading = end >= start ? objectStream(objects, requester, source.record, start, end) : null;
      const algorithm = upload.checksumAlgorithm;
      const part = await uploadPart(objects, requester, upload, number, reading?.stream ?? (async function* () {})(),
        algorithm ? { checksum: { algorithm, expected: () => undefined } } : {}).finally(() => reading?.release());
      return {
        CopyPartResult: { ETag: part.etag, LastModified: new Date(part.lastModified), ...(algorithm && part.checksum ? { [`Checksum${algorithm}`]: part.checksum } : {}) },
        ...(source.bucket.versioning !== 'Unversioned' ? { CopySourceVersionId: source.record.versionId } : {}),
        ...sseHeaders(upload),
      };
    },

    CompleteMultipartUpload: (input, ctx) => {
      // The conditional write happens here, so its condition keys are this decision's.
      const { bucket, key, upload } = uploadFor(input, ctx, 's3:PutObject', conditionalWriteContext(input));
      const member = upload.checksumAlgorithm ? `Checksum${upload.checksumAlgorithm}` : null;
      const parts = ((input['MultipartUpload'] as { Parts?: Record<string, unknown>[] } | undefined)?.Parts ?? [])
        .map((p): CompletedPart => ({
          partNumber: typeof p['PartNumber'] === 'number' ? p['PartNumber'] : 0,
          etag: typeof p['ETag'] === 'string' ? p['ETag'] : '',
          checksum: member && typeof p[member] === 'string' ? p[member] : undefined,
        }));
      const record = completeUpload(objects, requesterOf(ctx), upload, parts, writeConditions(input), { type: optStr(input, 'ChecksumType'), value: member ? optStr(input, member) : undefined }, optNum(input, 'MpuObjectSize'));
      return {
        Location: objectUrl(ctx.host, bucket.name, key),
        Bucket: bucket.name,
        Key: key,
        ETag: record.etag,
        ...(bucket.versioning !== 'Unversioned' ? { VersionId: record.versionId } : {}),
        ...sseHeaders(record),
        ...checksumHeaders(record),
      };
    },

    AbortMultipartUpload: (input, ctx) => {
      const { upload } = uploadFor(input, ctx, 's3:AbortMultipartUpload');
      abortUpload(objects, upload);
      return {};
    },

    ListParts: (input, ctx) => {
      const { bucket, key, upload } = uploadFor(input, ctx, 's3:ListMultipartUploadParts');
      const request = partPageRequest(input, { maxParts: 'max-parts', marker: 'part-number-marker' });
      const page = partPage(objects.store.listParts(upload.uploadId), request);
      const algorithm = upload.checksumAlgorithm;
      return {
        Bucket: bucket.name,
        Key: key,
        UploadId: upload.uploadId,
        ...page.members,
        Parts: page.parts.map((p) => ({
          PartNumber: p.partNumber, LastModified: new Date(p.lastModified), ETag: p.etag, Size: p.size,
          ...(algorithm && p.checksum ? { [`Checksum${algorithm}`]: p.checksum } : {}),
        })),
        Initiator: initiator(upload.initiator),
        Owner: owner(upload.owner),
        StorageClass: storageClassOf(upload),
        ...uploadChecksumMembers(upload),
      };
    },

    ListMultipartUploads: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:ListBucketMultipartUploads', bucket);
      const prefix = optStr(input, 'Prefix') ?? '';
      const delimiter = optStr(input, 'Delimiter') || null;
      const keyMarker = optStr(input, 'KeyMarker') ?? '';
      // Without a key-marker AWS ignores the upload-id-marker, and echoes it empty (recorded).
      const uploadIdMarker = keyMarker === '' ? undefined : optStr(input, 'UploadIdMarker');
      const max = Math.min(optNum(input, 'MaxUploads') ?? 1000, 1000);
      // The upload-id-marker must be an upload of the key-marker's key (recorded against AWS,
      // localstack test_s3_list_operations.snapshot.json); without a key-marker it is ignored.
      if (uploadIdMarker !== undefined) {
        try {
          findUpload(objects, bucket.name, keyMarker, uploadIdMarker);
        } catch (error) {
          if (error instanceof S3Error && error.code === 'NoSuchUpload') throw invalidArgument('Invalid uploadId marker', 'upload-id-marker', uploadIdMarker);
          throw error;
        }
      }
      // encoding-type=url encodes the keys, prefixes and key markers, and is echoed (recorded:
      // LocalStack's test_list_multiparts_with_prefix_and_delimiter).
      const encode = encoder(input);
      const uploads: Record<string, unknown>[] = [];
      const prefixes: string[] = [];
      let truncated = false;
      let pastMarker = uploadIdMarker === undefined;
      let last: { key: string; uploadId: string } | null = null;
      let lastUpload: { key: string; uploadId: string } | null = null;
      // A key-marker inside a common prefix skips the rest of it, as ListObjects does: the prefix
      // was the page's last entry (AWS, LocalStack's test_list_multipart_uploads_marker_common_prefixes).
      const markerPrefix = keyMarker === '' ? null : commonPrefixOf(keyMarker, prefix, delimiter);
      for (const upload of objects.store.listUploads(bucket.name, prefix)) {
        if (upload.key < keyMarker) continue;
        if (markerPrefix !== null && upload.key.startsWith(markerPrefix)) continue;
        if (upload.key === keyMarker && keyMarker !== '') {
          if (!pastMarker) {
            pastMarker = upload.uploadId === uploadIdMarker;
            continue;
          }
          if (uploadIdMarker === undefined) continue;
        }
        const common = commonPrefixOf(upload.key, prefix, delimiter);
        if (common !== null && prefixes.includes(common)) continue;
        if (uploads.length + prefixes.length >= max) {
          // max-uploads 0: an empty page that is not truncated, as ListObjects with max-keys 0 ([INFER]).
          truncated = max > 0;
          break;
        }
        if (common !== null) prefixes.push(common);
        else {
          uploads.push({
            UploadId: upload.uploadId, Key: encode(upload.key), Initiated: new Date(upload.initiated), StorageClass: storageClassOf(upload),
            Owner: owner(upload.owner), Initiator: initiator(upload.initiator),
            ...uploadChecksumMembers(upload),
          });
          lastUpload = { key: upload.key, uploadId: upload.uploadId };
        }
        last = { key: upload.key, uploadId: upload.uploadId };
      }
      return {
        Bucket: bucket.name,
        KeyMarker: encode(keyMarker),
        UploadIdMarker: uploadIdMarker ?? '',
        Prefix: encode(prefix),
        ...(delimiter !== null ? { Delimiter: encode(delimiter) } : {}),
        MaxUploads: max,
        IsTruncated: truncated,
        // AWS names the last upload listed even on a last page, empty when none (recorded). A
        // truncated page that ended on a common prefix resumes after it here; AWS answers empty
        // markers then, which would send a paginator back to the start.
        ...(truncated && last
          ? { NextKeyMarker: encode(last.key), NextUploadIdMarker: last.uploadId }
          : { NextKeyMarker: encode(lastUpload?.key ?? ''), NextUploadIdMarker: lastUpload?.uploadId ?? '' }),
        Uploads: uploads,
        CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
        ...encodingTypeMember(input),
      };
    },
  };
}

