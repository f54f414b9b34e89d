// Listing the latest versions of a bucket's objects by key, with prefix, delimiter
// (CommonPrefixes), a start point (marker, continuation token, start-after) and max-keys.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-prefixes.html

import type { ObjectVersionRecord } from './object-records.js';
import type { ObjectStore } from './object-store.js';

export interface ListParams {
  readonly prefix: string;
  readonly delimiter: string | null;
  /** Return only keys after this one (marker, start-after, or the key a continuation token holds). */
  readonly after: string | null;
  readonly maxKeys: number;
}

export interface ListResult {
  readonly contents: ObjectVersionRecord[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix returned (NextMarker, and what a continuation token encodes). */
  readonly last: string | null;
}

const BATCH = 1000;

/** The smallest string greater than every string that starts with `prefix` (UTF-8 byte order), or null. */
export function prefixEnd(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) return points.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

/** The common prefix `key` rolls up into, or null. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string | null): string | null {
  if (!delimiter || !key.startsWith(prefix)) return null;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? null : key.slice(0, at + delimiter.length);
}

export function listObjects(store: ObjectStore, bucket: string, p: ListParams): ListResult {
  const contents: ObjectVersionRecord[] = [];
  const commonPrefixes: string[] = [];
  let last: string | null = null;
  // max-keys 0 asks for nothing, and S3 says nothing was left out (IsTruncated false; Ceph
  // s3-tests test_bucket_list_maxkeys_zero / test_bucket_listv2_maxkeys_zero, run against AWS).
  if (p.maxKeys === 0) return { contents, commonPrefixes, truncated: false, last };
  let bound: { key: string; inclusive: boolean } | null = p.after === null ? null : { key: p.after, inclusive: false };
  // A start point inside a common prefix already returned skips the rest of that prefix.
  const startPrefix = p.after === null ? null : commonPrefixOf(p.after, p.prefix, p.delimiter);
  if (startPrefix !== null) {
    const end = prefixEnd(startPrefix);
    if (end === null) return { contents, commonPrefixes, truncated: false, last };
    bound = { key: end, inclusive: true };
  }
  let count = 0;
  for (;;) {
    const batch = store.listLatest(bucket, p.prefix, bound, BATCH);
    if (batch.length === 0) break;
    let jumped = false;
    for (const record of batch) {
      if (count >= p.maxKeys) return { contents, commonPrefixes, truncated: true, last };
      const common = commonPrefixOf(record.key, p.prefix, p.delimiter);
      if (common !== null) {
        commonPrefixes.push(common);
        count++;
        last = common;
        const end = prefixEnd(common);
        if (end === null) return { contents, commonPrefixes, truncated: false, last };
        bound = { key: end, inclusive: true };
        jumped = true;
        break;
      }
      contents.push(record);
      count++;
      last = record.key;
      bound = { key: record.key, inclusive: false };
    }
    if (!jumped && batch.length < BATCH) break;
  }
  return { contents, commonPrefixes, truncated: false, last };
}
