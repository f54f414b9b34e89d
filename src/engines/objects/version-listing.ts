// Listing every version and delete marker of a bucket's objects (ListObjectVersions): by key,
// newest version first, with prefix, delimiter (CommonPrefixes), key-marker / version-id-marker
// and max-keys, which counts versions, delete markers and common prefixes alike.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html

import { commonPrefixOf, prefixEnd } from './listing.js';
import type { ListedVersion, ObjectStore, VersionBound } from './object-store.js';

export interface VersionListParams {
  readonly prefix: string;
  readonly delimiter: string | null;
  /** Start after this key (key-marker), or, with `versionIdMarker`, after that version of it. */
  readonly keyMarker: string | null;
  readonly versionIdMarker: string | null;
  readonly maxKeys: number;
}

export interface VersionListResult {
  /** Versions and delete markers in listing order. */
  readonly versions: ListedVersion[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** Where the next page starts (NextKeyMarker): the last key or common prefix returned. */
  readonly nextKeyMarker: string | null;
  /** NextVersionIdMarker: the last version returned; null when the page ended on a common prefix. */
  readonly nextVersionIdMarker: string | null;
}

const BATCH = 1000;

/** Where a listing starts: a key-marker inside a common prefix already returned skips the rest of that prefix. */
function startBound(p: VersionListParams): VersionBound | null | 'past-end' {
  if (p.keyMarker === null) return null;
  const startPrefix = commonPrefixOf(p.keyMarker, p.prefix, p.delimiter);
  if (startPrefix !== null) {
    const end = prefixEnd(startPrefix);
    return end === null ? 'past-end' : { key: end, inclusive: true };
  }
  if (p.versionIdMarker !== null) return { key: p.keyMarker, afterVersionId: p.versionIdMarker };
  return { key: p.keyMarker, inclusive: false };
}

export function listVersions(store: ObjectStore, bucket: string, p: VersionListParams): VersionListResult {
  const versions: ListedVersion[] = [];
  const commonPrefixes: string[] = [];
  let last: { key: string; versionId: string | null } | null = null;
  const done = (truncated: boolean): VersionListResult => ({
    versions, commonPrefixes, truncated, nextKeyMarker: last?.key ?? null, nextVersionIdMarker: last?.versionId ?? null,
  });
  // max-keys 0: an empty, untruncated page, as ListObjects answers it ([INFER] for versions).
  if (p.maxKeys === 0) return done(false);
  const start = startBound(p);
  if (start === 'past-end') return done(false);
  let bound = start;
  let count = 0;
  for (;;) {
    const batch = store.listVersions(bucket, p.prefix, bound, BATCH);
    if (batch.length === 0) break;
    let jumped = false;
    for (const listed of batch) {
      if (count >= p.maxKeys) return done(true);
      const { key, versionId } = listed.record;
      const common = commonPrefixOf(key, p.prefix, p.delimiter);
      if (common !== null) {
        commonPrefixes.push(common);
        count++;
        last = { key: common, versionId: null };
        const end = prefixEnd(common);
        if (end === null) return done(false);
        bound = { key: end, inclusive: true };
        jumped = true;
        break;
      }
      versions.push(listed);
      count++;
      last = { key, versionId };
      bound = { key, afterVersionId: versionId };
    }
    if (!jumped && batch.length < BATCH) break;
  }
  return done(false);
}
