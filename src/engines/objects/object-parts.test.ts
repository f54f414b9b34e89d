// GetObjectAttributes' parts of a version: a multipart object's parts numbered by position (as
// GetObject's partNumber counts them), with their kept checksums and their segments' sizes; a
// record completed before checksums were kept has none; an object written whole has no parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentedVersion as version } from '../../../test/support/object-engine-bed.js';
import type { Segment } from './object-records.js';
import { partsOf } from './object-parts.js';

const SEGMENTS: Segment[] = [{ blobId: 'a', size: 5 }, { blobId: 'b', size: 7 }];

test('a multipart object lists its parts by position, with their checksums and sizes; an older record\'s upload numbers are ignored', () => {
  const listed = [{ partNumber: 1, size: 5, checksum: 'AAAAAA==' }, { partNumber: 2, size: 7, checksum: 'BBBBBB==' }];
  assert.deepEqual(partsOf(version(SEGMENTS, 2, [{ checksum: 'AAAAAA==' }, { checksum: 'BBBBBB==' }])), listed);
  // Records written before parts were counted by position kept the numbers they were uploaded under.
  assert.deepEqual(partsOf(version(SEGMENTS, 2, [{ partNumber: 2, checksum: 'AAAAAA==' }, { partNumber: 9, checksum: 'BBBBBB==' }])), listed);
});

test('a multipart record kept before parts were: checksums unknown', () => {
  assert.deepEqual(partsOf(version(SEGMENTS, 2)), [{ partNumber: 1, size: 5, checksum: null }, { partNumber: 2, size: 7, checksum: null }]);
});

test('an object written whole has no parts to list', () => {
  assert.equal(partsOf(version([{ blobId: 'a', size: 5 }], null)), null);
});
