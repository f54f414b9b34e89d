// Objects: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject and
// object tagging. S3 authorizes first, then KMS (as the caller), then the key's state.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html

import { getBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { Tag } from '../../engines/objects/object-records.js';
import { deleteObject, mayBeVersionId, neverIssuedIn, objectBody, setObjectTags } from '../../engines/objects/objects.js';
import { headerNotImplemented, invalidObjectState, malformedXml, noSuchVersion, S3Error } from '../../engines/objects/s3-errors.js';
import { isArchived, storageClassOf } from '../../engines/objects/storage-classes.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { copyOperations } from './copy-operations.js';
import { checkConditions, readSpan, versionHeaders } from './object-request.js';
import { authorizeDelete, authorizeOnObject, readableVersion, requestTagContext } from './object-access.js';
import { requesterOf } from './s3-access.js';
import { optDate, optNum, optPartNumber, optStr, str, tagSet } from './s3-input.js';
import { StreamingBody } from './s3-transport.js';
import { headerValueRefusal } from './header-values.js';
import { writeObject } from './object-write.js';

/** GetObject's response-* parameters, the headers they replace and the parameters' names. */
const RESPONSE_OVERRIDES = [['ResponseContentType', 'ContentType', 'response-content-type'],
  ['ResponseContentLanguage', 'ContentLanguage', 'response-content-language'], ['ResponseCacheControl', 'CacheControl', 'response-cache-control'],
  ['ResponseContentDisposition', 'ContentDisposition', 'response-content-disposition'],
  ['ResponseContentEncoding', 'ContentEncoding', 'response-content-encoding'], ['ResponseExpires', 'Expires', 'response-expires']] as const;

export function objectOperations(objects: ObjectContext): Record<string, OperationHandler> {
  const bucketOf = (input: Input) => getBucket(objects, str(input, 'Bucket'));

  const getOrHead = (method: 'GET' | 'HEAD') => (input: Input, ctx: RequestContext) => {
    const bucket = bucketOf(input);
    const key = str(input, 'Key');
    const versionId = optStr(input, 'VersionId');
    const found = authorizeOnObject(objects, ctx, 's3:GetObject', bucket, key, versionId, method);
    // A partNumber outside 1..10000 is a bad request whatever the object ([INFER]: checked before a missing object is answered).
    const partNumber = optPartNumber(input);
    const record = readableVersion(ctx, bucket, found);
    // An archived object's bytes need a restore first (HEAD still describes it). [INFER] Whether
    // AWS checks this before or after the conditional headers is not documented.
    if (method === 'GET' && isArchived(storageClassOf(record))) throw invalidObjectState(storageClassOf(record));
    checkConditions(input, record);
    const span = readSpan(input, record, partNumber);
    // The version's headers, then the overrides the request asked for, the length and range
    // (built in place: this runs on every GET and HEAD).
    // The checksum is the whole object's: sent when the span is all of it, a range too (AWS,
    // LocalStack's test_get_object_range: bytes=-15 and bytes=0-100 of 10 bytes).
    const whole = span === null || (span.partsCount === null && span.start === 0 && span.end === record.size - 1);
    const output = versionHeaders(record, bucket, optStr(input, 'ChecksumMode') === 'ENABLED' && whole);
    for (const [param, member, argument] of RESPONSE_OVERRIDES) {
      const value = input[param];
      if (value === undefined) continue;
      // response-expires is decoded as a timestamp; the Expires header it replaces is an HTTP date.
      if (value instanceof Date) {
        output[member] = value.toUTCString();
        continue;
      }
      const refusal = headerValueRefusal(argument, value as string);
      if (refusal) throw refusal;
      output[member] = value;
    }
    const start = span?.start ?? 0;
    const end = span?.end ?? record.size - 1;
    const length = Math.max(0, end - start + 1);
    output['ContentLength'] = length;
    // An empty span (part 1 of an empty object) has no byte to name: a plain 200 ([INFER]).
    const partial = span !== null && length > 0;
    if (partial) output['ContentRange'] = `bytes ${start}-${end}/${record.size}`;
    if (span !== null && span.partsCount !== null) output['PartsCount'] = span.partsCount;
    if (method === 'HEAD') {
      // A HEAD naming a range or a part answers 206 as the GET would ([INFER] for a Range: the
      // HeadObject reference says only ContentLength changes). A StreamingBody is how a handler
      // sets the status; the (empty) body goes nowhere, as finishS3Response sends none for HEAD.
      if (partial) output['Body'] = new StreamingBody(EMPTY, 206);
      return output;
    }
    // Decrypting needs the data key now: KMS refusals surface before any byte is sent.
    const body = length === 0 ? EMPTY : objectBody(objects, requesterOf(ctx), record, start, end);
    output['Body'] = new StreamingBody(body, partial ? 206 : 200);
    return output;
  };

  return {
    PutObject: (input, ctx) => writeObject(objects, ctx, bucketOf(input), input),

    GetObject: getOrHead('GET'),
    HeadObject: getOrHead('HEAD'),

    DeleteObject: (input, ctx) => {
      const bucket = bucketOf(input);
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      // The time and size conditions are for directory buckets only: a general purpose bucket
      // (all Gantry has) refuses them 501, the time first (AWS, LocalStack's
      // test_delete_object_if_match_{modified,size,all}_non_express).
      if (optDate(input, 'IfMatchLastModifiedTime') !== undefined) throw headerNotImplemented('x-amz-if-match-last-modified-time');
      if (optNum(input, 'IfMatchSize') !== undefined) throw headerNotImplemented('x-amz-if-match-size');
      authorizeDelete(ctx, bucket, key, versionId, optStr(input, 'IfMatch'));
      const result = deleteObject(objects, bucket.name, key, versionId, { ifMatch: optStr(input, 'IfMatch') });
      return {
        ...(result.deleteMarker ? { DeleteMarker: true } : {}),
        ...(result.versionId !== null ? { VersionId: result.versionId } : {}),
      };
    },

    DeleteObjects: (input, ctx) => {
      const bucket = bucketOf(input);
      const request = input['Delete'] as { Objects?: DeleteObjectsItem[]; Quiet?: boolean } | undefined;
      const list = request?.Objects ?? [];
      if (list.length === 0 || list.length > 1000) throw malformedXml();
      const deleted: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      for (const item of list) {
        const key = item.Key ?? '';
        try {
          authorizeDelete(ctx, bucket, key, item.VersionId, item.ETag);
          // Where DeleteObject answers InvalidArgument, DeleteObjects reports the object's
          // NoSuchVersion (AWS, LocalStack's test_delete_objects: delete-object-wrong-version-id).
          if (neverIssuedIn(bucket, item.VersionId) && mayBeVersionId(item.VersionId as string)) throw noSuchVersion(key, item.VersionId as string);
          // Each object's own conditions; one that fails is that object's Error, and it stays.
          const result = deleteObject(objects, bucket.name, key, item.VersionId, {
            ifMatch: item.ETag, lastModified: item.LastModifiedTime instanceof Date ? item.LastModifiedTime : undefined, size: item.Size,
          });
          if (request?.Quiet === true) continue;
          deleted.push({
            Key: key,
            ...(item.VersionId !== undefined ? { VersionId: item.VersionId } : {}),
            ...(result.deleteMarker ? { DeleteMarker: true } : {}),
            // Also when the object deleted is a delete marker named by its id (AWS, LocalStack's
            // test_delete_objects_versioned: delete-objects-marker).
            ...(result.deleteMarker && result.versionId ? { DeleteMarkerVersionId: result.versionId } : {}),
          });
        } catch (error) {
          if (!(error instanceof S3Error)) throw error;
          errors.push({ Key: key, ...(item.VersionId !== undefined ? { VersionId: item.VersionId } : {}), Code: error.code, Message: error.message });
        }
      }
      return { Deleted: deleted, Errors: errors };
    },

    ...copyOperations(objects),

    GetObjectTagging: (input, ctx) => {
      const bucket = bucketOf(input);
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      // A latest delete marker is 405 here, not the 404 of a GetObject (AWS: test_object_tagging_versioned).
      const found = authorizeOnObject(objects, ctx, 's3:GetObjectTagging', bucket, key, versionId, 'GET', { latestMarkerMissing: false });
      const record = readableVersion(ctx, bucket, found);
      return { TagSet: record.tags, ...(bucket.versioning !== 'Unversioned' ? { VersionId: record.versionId } : {}) };
    },
    PutObjectTagging: (input, ctx) => {
      const bucket = bucketOf(input);
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      // The tags it sets are condition keys too; a tag set S3 refuses is answered once the caller was allowed.
      let tags: Tag[] | null = null;
      let refused: unknown = null;
      try {
        tags = tagSet((input['Tagging'] as { TagSet?: unknown } | undefined)?.TagSet, 'object');
      } catch (error) {
        refused = error;
      }
      authorizeOnObject(objects, ctx, 's3:PutObjectTagging', bucket, key, versionId, 'PUT', { context: requestTagContext(tags ?? []) });
      if (tags === null) throw refused;
      // Looked up again in the update's transaction; a missing key stays 404 NoSuchKey without the
      // reads' s3:ListBucket rule, as AWS answers its owner (LocalStack test_object_tagging_exc) and
      // the reference states that rule for reads only: unknown for other callers, so left as it was.
      const record = setObjectTags(objects, bucket.name, key, versionId, tags, 'PUT');
      return bucket.versioning !== 'Unversioned' ? { VersionId: record.versionId } : {};
    },
    DeleteObjectTagging: (input, ctx) => {
      const bucket = bucketOf(input);
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      authorizeOnObject(objects, ctx, 's3:DeleteObjectTagging', bucket, key, versionId, 'DELETE');
      // As PutObjectTagging: the lookup that counts is the update's, a missing key 404 for everyone.
      const record = setObjectTags(objects, bucket.name, key, versionId, [], 'DELETE');
      return bucket.versioning !== 'Unversioned' ? { VersionId: record.versionId } : {};
    },
  };
}

/** One object of a DeleteObjects request (ObjectIdentifier), as decoded. */
interface DeleteObjectsItem {
  readonly Key?: string;
  readonly VersionId?: string;
  readonly ETag?: string;
  readonly LastModifiedTime?: Date;
  readonly Size?: number;
}

/** An empty object's body. */
const EMPTY = Buffer.alloc(0);
