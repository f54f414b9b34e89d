// The parts a multipart object was completed from, as GetObjectAttributes lists them: each
// part's number, size and checksum. Sizes are the segments' (part i is segment i, multipart.ts);
// numbers and checksums are kept on the version record since CompleteMultipartUpload kept them.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html

import type { ObjectVersionRecord } from './object-records.js';

export interface ObjectPartView {
  readonly partNumber: number;
  readonly size: number;
  /** base64 in the object's algorithm; null when the upload had none, or it is not known. */
  readonly checksum: string | null;
}

/**
 * A multipart object's parts in order; null for an object written whole (it has no parts to
 * list). A record completed before Gantry kept `parts` gives each part its position as its
 * number ([INFER] right whenever the upload numbered its parts 1..N, as the SDKs and the CLI
 * do) and no checksum, which is not known.
 */
export function partsOf(record: ObjectVersionRecord): ObjectPartView[] | null {
  if (record.partsCount === null) return null;
  return record.segments.map((segment, i) => {
    const kept = record.parts?.[i];
    return { partNumber: kept?.partNumber ?? i + 1, size: segment.size, checksum: kept?.checksum ?? null };
  });
}
