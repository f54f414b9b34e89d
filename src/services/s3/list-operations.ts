// ListObjects (marker), ListObjectsV2 (continuation token, start-after) and ListObjectVersions
// (key-marker, version-id-marker), with prefix, delimiter / CommonPrefixes, max-keys and
// encoding-type=url.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html

import { getBucket } from '../../engines/objects/buckets.js';
import { listObjects } from '../../engines/objects/listing.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { ObjectVersionRecord } from '../../engines/objects/object-records.js';
import { mayBeVersionId } from '../../engines/objects/objects.js';
import type { ListedVersion } from '../../engines/objects/object-store.js';
import { invalidArgument } from '../../engines/objects/s3-errors.js';
import { storageClassOf } from '../../engines/objects/storage-classes.js';
import { listVersions } from '../../engines/objects/version-listing.js';
import type { ContextValue } from '../../iam/index.js';
import { withFlattenedSequence, type SequencedItem } from '../../protocols/index.js';
import type { Input, OperationHandler } from '../service-types.js';
import { owner } from './canonical-user.js';
import { uriEncodePath } from './object-url.js';
import { authorizeS3 } from './s3-access.js';
import { optNum, optStr, str } from './s3-input.js';

const MAX_KEYS = 1000;

function maxKeys(input: Input): number {
  const n = optNum(input, 'MaxKeys');
  if (n !== undefined && (n < 0 || !Number.isInteger(n))) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(n));
  return Math.min(n ?? MAX_KEYS, MAX_KEYS);
}

/** How a listing writes keys and prefixes: URL-encoded when the request asks encoding-type=url. */
export function encoder(input: Input): (text: string) => string {
  if (optStr(input, 'EncodingType') !== 'url') return (text) => text;
  return uriEncodePath;
}

/** A listing answers EncodingType url when it encoded its keys (encoder). */
export function encodingTypeMember(input: Input): { EncodingType?: 'url' } {
  return optStr(input, 'EncodingType') === 'url' ? { EncodingType: 'url' } : {};
}

/**
 * Condition keys of a listing. s3:max-keys is the request's max-keys parameter, so it is absent
 * when the request sends none (a policy's NumericLessThanEquals then does not match, as on AWS;
 * amazon-s3-policy-keys.html); [INFER] a value over 1000 is given as sent, not as the 1000 keys
 * a page then holds.
 */
function listContext(input: Input): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  const sent = optNum(input, 'MaxKeys');
  if (sent !== undefined) context['s3:max-keys'] = String(sent);
  const prefix = optStr(input, 'Prefix');
  const delimiter = optStr(input, 'Delimiter');
  if (prefix !== undefined) context['s3:prefix'] = prefix;
  if (delimiter !== undefined) context['s3:delimiter'] = delimiter;
  return context;
}

function entry(record: ObjectVersionRecord, encode: (t: string) => string, withOwner: boolean): Record<string, unknown> {
  return {
    Key: encode(record.key),
    LastModified: new Date(record.lastModified),
    ETag: record.etag,
    Size: record.size,
    StorageClass: storageClassOf(record),
    ...(record.checksum ? { ChecksumAlgorithm: [record.checksum.algorithm], ChecksumType: record.checksum.type } : {}),
    ...(withOwner ? { Owner: owner(record.owner) } : {}),
  };
}

/** A Version or DeleteMarker entry of ListObjectVersions; every entry names its owner. */
function versionEntry({ record, latest }: ListedVersion, encode: (t: string) => string): Record<string, unknown> {
  const common = { Key: encode(record.key), VersionId: record.versionId, IsLatest: latest, LastModified: new Date(record.lastModified) };
  if (record.deleteMarker) return { ...common, Owner: owner(record.owner) };
  return { ...entry(record, encode, true), ...common };
}

export function listOperations(objects: ObjectContext): Record<string, OperationHandler> {
  return {
    ListObjects: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const max = maxKeys(input);
      authorizeS3(ctx, 's3:ListBucket', bucket, undefined, listContext(input));
      const prefix = optStr(input, 'Prefix') ?? '';
      const delimiter = optStr(input, 'Delimiter') || null;
      const marker = optStr(input, 'Marker');
      const encode = encoder(input);
      const result = listObjects(objects.store, bucket.name, { prefix, delimiter, after: marker || null, maxKeys: max });
      return {
        Name: bucket.name,
        Prefix: encode(prefix),
        Marker: encode(marker ?? ''),
        MaxKeys: max,
        IsTruncated: result.truncated,
        ...(delimiter !== null ? { Delimiter: encode(delimiter) } : {}),
        ...(result.truncated && delimiter !== null && result.last !== null ? { NextMarker: encode(result.last) } : {}),
        Contents: result.contents.map((r) => entry(r, encode, true)),
        CommonPrefixes: result.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
        ...encodingTypeMember(input),
      };
    },

    ListObjectsV2: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const max = maxKeys(input);
      authorizeS3(ctx, 's3:ListBucket', bucket, undefined, listContext(input));
      const prefix = optStr(input, 'Prefix') ?? '';
      const delimiter = optStr(input, 'Delimiter') || null;
      const token = optStr(input, 'ContinuationToken');
      const startAfter = optStr(input, 'StartAfter');
      let after = startAfter || null;
      if (token !== undefined) {
        const decoded = Buffer.from(token, 'base64url').toString('utf8');
        if (!decoded.startsWith('gantry:')) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
        after = decoded.slice(7);
      }
      const encode = encoder(input);
      const result = listObjects(objects.store, bucket.name, { prefix, delimiter, after, maxKeys: max });
      return {
        Name: bucket.name,
        Prefix: encode(prefix),
        MaxKeys: max,
        KeyCount: result.contents.length + result.commonPrefixes.length,
        IsTruncated: result.truncated,
        ...(delimiter !== null ? { Delimiter: encode(delimiter) } : {}),
        ...(token !== undefined ? { ContinuationToken: token } : {}),
        // A continuation token overrides start-after, and AWS then does not echo it (LocalStack's
        // AWS-recorded test_list_objects_v2_continuation_start_after, list-objects-start-after-token).
        ...(startAfter !== undefined && token === undefined ? { StartAfter: encode(startAfter) } : {}),
        ...(result.truncated && result.last !== null
          ? { NextContinuationToken: Buffer.from(`gantry:${result.last}`).toString('base64url') }
          : {}),
        Contents: result.contents.map((r) => entry(r, encode, input['FetchOwner'] === true)),
        CommonPrefixes: result.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
        ...encodingTypeMember(input),
      };
    },

    ListObjectVersions: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const max = maxKeys(input);
      authorizeS3(ctx, 's3:ListBucketVersions', bucket, undefined, listContext(input));
      const prefix = optStr(input, 'Prefix') ?? '';
      const delimiter = optStr(input, 'Delimiter') || null;
      const keyMarker = optStr(input, 'KeyMarker') ?? '';
      const versionIdMarker = optStr(input, 'VersionIdMarker') ?? '';
      if (versionIdMarker !== '' && keyMarker === '') {
        // [INFER] AWS's text for this case; the argument name and value as S3 reports other bad markers.
        throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionIdMarker);
      }
      // As a version id anywhere else ([INFER] the argument name).
      if (versionIdMarker !== '' && !mayBeVersionId(versionIdMarker)) throw invalidArgument('Invalid version id specified', 'version-id-marker', versionIdMarker);
      const encode = encoder(input);
      const result = listVersions(objects.store, bucket.name, {
        prefix, delimiter, keyMarker: keyMarker || null, versionIdMarker: versionIdMarker || null, maxKeys: max,
      });
      // <Version> and <DeleteMarker> elements come in one sequence, in listing order (by key, newest
      // first), as on AWS; the SDK still parses them into Versions and DeleteMarkers.
      const listed = result.versions.map((v): SequencedItem => ({ member: v.record.deleteMarker ? 'DeleteMarkers' : 'Versions', value: versionEntry(v, encode) }));
      return withFlattenedSequence({
        IsTruncated: result.truncated,
        KeyMarker: encode(keyMarker),
        VersionIdMarker: versionIdMarker,
        ...(result.truncated && result.nextKeyMarker !== null ? { NextKeyMarker: encode(result.nextKeyMarker) } : {}),
        ...(result.truncated && result.nextVersionIdMarker !== null ? { NextVersionIdMarker: result.nextVersionIdMarker } : {}),
        Name: bucket.name,
        Prefix: encode(prefix),
        ...(delimiter !== null ? { Delimiter: encode(delimiter) } : {}),
        MaxKeys: max,
        CommonPrefixes: result.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
        ...encodingTypeMember(input),
      }, ['Versions', 'DeleteMarkers'], listed);
    },
  };
}
