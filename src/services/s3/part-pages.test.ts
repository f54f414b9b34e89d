// partPageRequest and partPage, the paging ListParts and GetObjectAttributes share: defaults,
// the 1000 cap, negative arguments refused under each operation's wire name, truncation, the
// next marker, part numbers with gaps, a marker past the end and max-parts 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../../engines/objects/s3-errors.js';
import { partPage, partPageRequest } from './part-pages.js';

const LIST_PARTS = { maxParts: 'max-parts', marker: 'part-number-marker' };
const parts = (...numbers: number[]) => numbers.map((partNumber) => ({ partNumber }));
const numbers = (page: { parts: readonly { partNumber: number }[] }) => page.parts.map((p) => p.partNumber);

test('the request: 1000 parts after 0 when not sent; max-parts capped at 1000; a negative value refused by its wire name', () => {
  assert.deepEqual(partPageRequest({}, LIST_PARTS), { maxParts: 1000, marker: 0 });
  assert.deepEqual(partPageRequest({ MaxParts: 5000, PartNumberMarker: 12 }, LIST_PARTS), { maxParts: 1000, marker: 12 });
  assert.throws(() => partPageRequest({ MaxParts: -1 }, LIST_PARTS),
    (e: S3Error) => e.code === 'InvalidArgument' && e.message === 'Argument max-parts must be an integer between 0 and 2147483647');
  assert.throws(() => partPageRequest({ PartNumberMarker: -1 }, { maxParts: 'x-amz-max-parts', marker: 'x-amz-part-number-marker' }),
    (e: S3Error) => e.code === 'InvalidArgument' && e.message === 'Argument x-amz-part-number-marker must be an integer between 0 and 2147483647');
});

test('a page: the parts numbered above the marker, at most max-parts, truncated when more follow, resumed from the last', () => {
  const all = parts(1, 3, 7, 8);
  const first = partPage(all, { marker: 0, maxParts: 2 });
  assert.deepEqual(numbers(first), [1, 3]);
  assert.deepEqual(first.members, { PartNumberMarker: 0, MaxParts: 2, IsTruncated: true, NextPartNumberMarker: 3 });
  // A marker between two numbers starts at the next one above it.
  const rest = partPage(all, { marker: 2, maxParts: 2 });
  assert.deepEqual(numbers(rest), [3, 7]);
  assert.deepEqual(rest.members, { PartNumberMarker: 2, MaxParts: 2, IsTruncated: true, NextPartNumberMarker: 7 });
  const last = partPage(all, { marker: 7, maxParts: 2 });
  assert.deepEqual(numbers(last), [8]);
  assert.deepEqual(last.members, { PartNumberMarker: 7, MaxParts: 2, IsTruncated: false, NextPartNumberMarker: 8 });
});

test('an empty page has NextPartNumberMarker 0; max-parts 0 is an empty page that is not truncated', () => {
  const all = parts(1, 2);
  assert.deepEqual(partPage(all, { marker: 2, maxParts: 1000 }), { parts: [], members: { PartNumberMarker: 2, MaxParts: 1000, IsTruncated: false, NextPartNumberMarker: 0 } });
  assert.deepEqual(partPage(all, { marker: 0, maxParts: 0 }), { parts: [], members: { PartNumberMarker: 0, MaxParts: 0, IsTruncated: false, NextPartNumberMarker: 0 } });
  assert.deepEqual(partPage([], { marker: 0, maxParts: 1000 }), { parts: [], members: { PartNumberMarker: 0, MaxParts: 1000, IsTruncated: false, NextPartNumberMarker: 0 } });
});
