import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copySourceRange } from './copy-source-range.js';
import type { S3Error } from '../../engines/objects/s3-errors.js';

const FORMAT = 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

/** The refusal of `text` for a 10-byte source, as code, message and fields. */
function refusal(text: string): [string, string, Readonly<Record<string, string>>] {
  try {
    copySourceRange(text, 10);
  } catch (error) {
    const e = error as S3Error;
    return [e.code, e.message, e.fields];
  }
  return assert.fail(`${text} was accepted`);
}

test('a well-formed range within the source is its inclusive offsets', () => {
  assert.deepEqual(copySourceRange('bytes=0-9', 10), { start: 0, end: 9 });
  assert.deepEqual(copySourceRange('bytes=3-3', 10), { start: 3, end: 3 });
});

test('ill-formed ranges, a reversed one included, are InvalidArgument naming the header (AWS recorded)', () => {
  for (const text of ['0-8', 'bytes=1-0', 'bytes=-1-', 'bytes=0--1', 'bytes=0-1,3-4,7-9', 'bytes=-', 'bytes=-0', 'bytes=1-', 'bytes=-2', 'bytes=-15']) {
    assert.deepEqual(refusal(text), ['InvalidArgument', FORMAT, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: text }], text);
  }
});

test('a range starting past the source is InvalidRequest; one ending past it InvalidArgument with the size (AWS recorded)', () => {
  assert.deepEqual(refusal('bytes=100-200'), ['InvalidRequest', 'The specified copy range is invalid for the source object size', {}]);
  assert.deepEqual(refusal('bytes=0-100'),
    ['InvalidArgument', 'Range specified is not valid for source object of size: 10', { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: 'bytes=0-100' }]);
});
