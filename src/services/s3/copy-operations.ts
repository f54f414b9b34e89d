// CopyObject: read the source as the caller (s3:GetObject, kms:Decrypt on its key), write
// the destination (s3:PutObject, kms:GenerateDataKey on its key), streamed, re-encrypted.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html

import { getBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { BucketRecord, ObjectVersionRecord } from '../../engines/objects/object-records.js';
import { objectStream, putObject } from '../../engines/objects/objects.js';
import { invalidCopySource, invalidObjectState, invalidRequest } from '../../engines/objects/s3-errors.js';
import { isArchived, requestedStorageClass, storageClassOf } from '../../engines/objects/storage-classes.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { checkConditions, checksumHeaders, encryptionContextHeader, sseHeaders, writeConditions } from './object-request.js';
import { authorizeOnObject, authorizeWrite, readableVersion } from './object-access.js';
import { requesterOf } from './s3-access.js';
import { contentHeaders, optStr, sseChoice, str } from './s3-input.js';
import { checksumAlgorithmOf } from '../../engines/objects/checksums.js';
import { websiteRedirectLocation } from './website-redirect.js';

export interface CopySource {
  readonly bucket: BucketRecord;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly record: ObjectVersionRecord;
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=`. */
export function copySource(objects: ObjectContext, ctx: RequestContext, input: Input): CopySource {
  const header = str(input, 'CopySource');
  const [pathPart = '', query = ''] = header.split('?', 2);
  const path = decodedCopySource(pathPart.replace(/^\//, ''));
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalidCopySource();
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  const bucket = getBucket(objects, path.slice(0, slash));
  const key = path.slice(slash + 1);
  const record = readableVersion(ctx, bucket, authorizeOnObject(objects, ctx, 's3:GetObject', bucket, key, versionId, 'GET'));
  // Copying reads the bytes, which an archived object does not offer until restored.
  if (isArchived(storageClassOf(record))) throw invalidObjectState(storageClassOf(record), true);
  checkConditions(input, record, 'CopySource');
  return { bucket, key, versionId, record };
}

/**
 * The copy source's bucket/key, percent-decoded. One that is not valid percent-encoding (`%zz`,
 * `%C3%28`, bytes that are no UTF-8) names no object S3 could hold: its "Invalid copy source
 * object key" ([INFER]: AWS's answer to a source it cannot decode is not recorded).
 */
function decodedCopySource(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw invalidCopySource();
  }
}

/**
 * A copy onto itself that names no encryption still changes it, and AWS allows it, when the
 * bucket's default rule was configured (PutBucketEncryption, even SSE-S3: copying in place is
 * how existing objects are re-encrypted under a new default) or the object is not under SSE-S3
 * (the copy falls back to the default, SSE-S3). Both as recorded from AWS (LocalStack's
 * test_copy_in_place_with_bucket_encryption and test_s3_copy_object_in_place_with_encryption).
 */
function reencryptsInPlace(bucket: BucketRecord, source: ObjectVersionRecord): boolean {
  // Rules stored before `configured` was kept: only PutBucketEncryption sets SSE-KMS.
  const configured = bucket.encryption.configured === true || bucket.encryption.algorithm === 'aws:kms';
  return configured || (source.encryption !== null && source.encryption.algorithm !== 'AES256');
}

export function copyOperations(objects: ObjectContext): Record<string, OperationHandler> {
  return {
    CopyObject: async (input, ctx) => {
      const source = copySource(objects, ctx, input);
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const key = str(input, 'Key');
      const replaceMetadata = optStr(input, 'MetadataDirective') === 'REPLACE';
      const replaceTags = optStr(input, 'TaggingDirective') === 'REPLACE';
      // s3:PutObjectTagging for the tags the request sets (x-amz-tagging with REPLACE). [INFER]
      // not for tags copied from the source (directive COPY): the reference asks it only of a copy
      // "with object tagging" and names no check for the source's own tags, which the copy keeps.
      const tags = authorizeWrite(objects, ctx, bucket, key, input, replaceTags) ?? source.record.tags;
      const sameObject = source.bucket.name === bucket.name && source.key === key && source.versionId === undefined;
      const changesEncryption = optStr(input, 'ServerSideEncryption') !== undefined || reencryptsInPlace(bucket, source.record);
      // A copy takes the class the request names, else STANDARD: classes are not copied.
      const storageClass = requestedStorageClass(optStr(input, 'StorageClass'));
      const changesClass = optStr(input, 'StorageClass') !== undefined;
      // The source's redirect location is never copied, whatever the metadata directive: the
      // copy has the one its request names, if any (CopyObject reference, x-amz-metadata-directive
      // and x-amz-website-redirect-location). Naming one lets an object be copied onto itself.
      const redirect = websiteRedirectLocation(input);
      if (sameObject && !replaceMetadata && !changesEncryption && !changesClass && redirect === undefined) {
        throw invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const requester = requesterOf(ctx);
      const record = source.record;
      const algorithm = checksumAlgorithmOf(optStr(input, 'ChecksumAlgorithm')) ?? record.checksum?.algorithm ?? null;
      // Everything that may refuse the request (a 501 conditional header, an SSE choice) before
      // the source is opened: its lease is released only by the write's `finally`.
      const write = {
        bucket,
        key,
        content: replaceMetadata ? contentHeaders(input) : record.content,
        tags,
        sse: sseChoice(input, bucket),
        checks: algorithm ? { checksum: { algorithm, expected: () => undefined } } : {},
        storageClass,
        websiteRedirectLocation: redirect,
        // The destination's conditional write, checked in the transaction that commits the copy.
        ...writeConditions(input),
      };
      const reading = record.size === 0 ? null : objectStream(objects, requester, record, 0, record.size - 1);
      const body = reading?.stream ?? (async function* () {})();
      const written = await putObject(objects, requester, { ...write, body }).finally(() => reading?.release());
      return {
        CopyObjectResult: { ETag: written.etag, LastModified: new Date(written.lastModified), ...checksumHeaders(written) },
        ...(source.bucket.versioning !== 'Unversioned' ? { CopySourceVersionId: record.versionId } : {}),
        // A version id means versioning was on when the copy committed, whatever it was when the
        // copy began (`bucket`); a null version is named as the bucket was then.
        ...(written.versionId !== 'null' || bucket.versioning === 'Suspended' ? { VersionId: written.versionId } : {}),
        ...sseHeaders(written),
        ...encryptionContextHeader(input, written),
      };
    },
  };
}
