// UploadPartCopy's x-amz-copy-source-range, checked as AWS checks it (each answer recorded against
// AWS in localstack's tests/aws/services/s3/test_s3_api.snapshot.json, upload-part-copy-range-exc-*):
// only `bytes=first-last` with first <= last is well formed; a first byte past the source is
// InvalidRequest, a last byte past it InvalidArgument. None of these is GetObject's 416 InvalidRange.

import { invalidArgument, invalidRequest } from '../../engines/objects/s3-errors.js';

const HEADER = 'x-amz-copy-source-range';

/** The inclusive byte offsets `text` names within a source of `size` bytes. */
export function copySourceRange(text: string, size: number): { start: number; end: number } {
  const m = /^bytes=(\d+)-(\d+)$/.exec(text);
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || end < start) {
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      HEADER, text,
    );
  }
  if (start >= size) throw invalidRequest('The specified copy range is invalid for the source object size');
  if (end >= size) throw invalidArgument(`Range specified is not valid for source object of size: ${size}`, HEADER, text);
  return { start, end };
}
