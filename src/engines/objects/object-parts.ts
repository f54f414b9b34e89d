// The parts a multipart object was completed from, as GetObjectAttributes lists them: each
// part's number, size and checksum. Sizes are the segments' (part i is segment i, multipart.ts);
// checksums are kept on the version record of a COMPOSITE object, the only one that lists them.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html

import type { ObjectVersionRecord } from './object-records.js';

export interface ObjectPartView {
  readonly partNumber: number;
  readonly size: number;
  /** base64 in the object's algorithm; null when the object keeps none (see ObjectVersionRecord.parts). */
  readonly checksum: string | null;
}

/**
 * A multipart object's parts in order, numbered by position from 1; null for an object written
 * whole (it has no parts to list). The number is the part's place in the object, not the one it
 * was uploaded under: GetObject's partNumber=N is the N-th part (part-ranges.ts), so the N here
 * names the same bytes. The two cannot differ for an object that lists its parts: with per-part
 * checksums "the PartNumber must start at 1 and the part numbers must be consecutive"
 * (CompletedPart reference, checked by completeUpload). A record completed before Gantry kept
 * `parts` has no checksums, which are not known.
 */
export function partsOf(record: ObjectVersionRecord): ObjectPartView[] | null {
  if (record.partsCount === null) return null;
  return record.segments.map((segment, i) => ({ partNumber: i + 1, size: segment.size, checksum: record.parts?.[i]?.checksum ?? null }));
}
