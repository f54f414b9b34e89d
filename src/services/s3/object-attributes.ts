// GetObjectAttributes: what HeadObject and ListParts tell of one object version, in one
// document, limited to the attributes the request names. It reads no object data, so an SSE-KMS
// object needs no kms:Decrypt (the reference asks KMS permissions of directory buckets only).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html

import { getBucket } from '../../engines/objects/buckets.js';
import { unquoteEtag } from '../../engines/objects/etags.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import { partsOf } from '../../engines/objects/object-parts.js';
import type { ObjectVersionRecord } from '../../engines/objects/object-records.js';
import { storageClassOf } from '../../engines/objects/storage-classes.js';
import type { OperationHandler } from '../service-types.js';
import { authorizeOnObject, existingObjectContext, readableVersion, versionAction } from './object-access.js';
import { authorizeS3 } from './s3-access.js';
import { partPage, partPageRequest, type PartPageRequest } from './part-pages.js';
import { optStr, str } from './s3-input.js';

/** The names x-amz-object-attributes may hold (the model's ObjectAttributes enum). */
export const OBJECT_ATTRIBUTES: readonly string[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];

export function objectAttributesOperations(objects: ObjectContext): Record<string, OperationHandler> {
  return {
    GetObjectAttributes: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      // The names were checked against the enum with the rest of the input (s3-validation.ts).
      const wanted = new Set(input['ObjectAttributes'] as string[] | undefined);
      const pageRequest = partPageRequest(input, { maxParts: 'x-amz-max-parts', marker: 'x-amz-part-number-marker' });
      // "If you pass a version ID in your request, you need both the s3:GetObjectVersion and
      // s3:GetObjectVersionAttributes permissions"; without one, s3:GetObject and s3:GetObjectAttributes.
      // [INFER] the order the two are checked in, and that the object's tag keys apply to both.
      const found = authorizeOnObject(objects, ctx, 's3:GetObject', bucket, key, versionId, 'GET');
      authorizeS3(ctx, versionAction(versionId, 's3:GetObjectAttributes'), bucket, key, existingObjectContext(found, versionId));
      // A delete marker is 404 NoSuchKey (or 405 when named by version id) with x-amz-delete-marker, as for GetObject.
      const record = readableVersion(ctx, bucket, found);
      const output: Record<string, unknown> = { LastModified: new Date(record.lastModified) };
      if (bucket.versioning !== 'Unversioned') output['VersionId'] = record.versionId;
      // Unquoted here, unlike every other ETag S3 answers.
      if (wanted.has('ETag')) output['ETag'] = unquoteEtag(record.etag);
      if (wanted.has('Checksum') && record.checksum) output['Checksum'] = checksumMember(record.checksum);
      const parts = wanted.has('ObjectParts') ? objectPartsMember(record, pageRequest) : null;
      if (parts !== null) output['ObjectParts'] = parts;
      if (wanted.has('StorageClass')) output['StorageClass'] = storageClassOf(record);
      if (wanted.has('ObjectSize')) output['ObjectSize'] = record.size;
      return output;
    },
  };
}

/** The object's checksum; a COMPOSITE one without the `-N` that GetObject and HeadObject append. */
function checksumMember(checksum: NonNullable<ObjectVersionRecord['checksum']>): Record<string, string> {
  return { [`Checksum${checksum.algorithm}`]: checksum.value.replace(/-\d+$/, ''), ChecksumType: checksum.type };
}

/**
 * ObjectParts: none for an object written whole; only TotalPartsCount for a multipart object
 * without a COMPOSITE checksum (no checksum, or a FULL_OBJECT one), as AWS answers them; a page
 * of the parts (number, size, checksum) after `marker` for a COMPOSITE one, which ListParts
 * would have given before the upload completed.
 */
function objectPartsMember(record: ObjectVersionRecord, request: PartPageRequest): Record<string, unknown> | null {
  const parts = partsOf(record);
  if (parts === null) return null;
  const checksum = record.checksum;
  if (checksum?.type !== 'COMPOSITE') return { TotalPartsCount: parts.length };
  const page = partPage(parts, request);
  return {
    TotalPartsCount: parts.length,
    ...page.members,
    Parts: page.parts.map((p) => ({
      PartNumber: p.partNumber,
      Size: p.size,
      ...(p.checksum !== null ? { [`Checksum${checksum.algorithm}`]: p.checksum } : {}),
    })),
  };
}
