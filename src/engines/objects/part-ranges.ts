// The bytes one part of an object spans, for GetObject/HeadObject `?partNumber=N`: "effectively
// a ranged GET for the part specified". A completed multipart upload keeps its parts as its
// segments, in part order (multipart.ts), so part N is segment N: the N-th part, whatever number
// it was uploaded under, as AWS answers (parts uploaded as 1 and 3 are parts 1 and 2, and 3 is
// 416: openstack/swift test/s3api/test_mpu.py, tests run against AWS); an object written whole
// is one part. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax

import type { ObjectVersionRecord } from './object-records.js';
import { invalidPartNumber } from './s3-errors.js';

export interface PartRange {
  /** First byte of the part in the object. */
  readonly start: number;
  /** Last byte (inclusive); start - 1 for an empty part. */
  readonly end: number;
  /** The object's part count (x-amz-mp-parts-count); null for an object not uploaded in parts. */
  readonly partsCount: number | null;
}

/** Part `partNumber` (1-based, already checked to be 1..10000) of a version, or 416 InvalidPartNumber. */
export function partRange(record: ObjectVersionRecord, partNumber: number): PartRange {
  if (record.partsCount === null) {
    // An object written whole is its own part 1, and has no other.
    if (partNumber !== 1) throw invalidPartNumber(partNumber, 1);
    return { start: 0, end: record.size - 1, partsCount: null };
  }
  const part = record.segments[partNumber - 1];
  if (part === undefined) throw invalidPartNumber(partNumber, record.partsCount);
  const start = record.segments.slice(0, partNumber - 1).reduce((n, s) => n + s.size, 0);
  return { start, end: start + part.size - 1, partsCount: record.partsCount };
}
