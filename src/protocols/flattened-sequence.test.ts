// Interleaved flattened lists on the real S3 model: ListObjectVersions' <Version> and
// <DeleteMarker> elements in the order the handler gives, not one list after the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeResponse, loadModel, withFlattenedSequence } from './index.js';

const s3 = () => loadModel('s3');

/** The names and keys of the <Version> / <DeleteMarker> elements, in document order. */
function listingOrder(body: string): string[] {
  return [...body.matchAll(/<(Version|DeleteMarker)><Key>([^<]*)<\/Key><VersionId>([^<]*)</g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
}

const entry = (key: string, id: string) => ({ Key: key, VersionId: id, IsLatest: false });

test('a flattened sequence writes sibling flattened lists interleaved, in the given order, where the first of them stands', () => {
  const output = withFlattenedSequence({ Name: 'b', IsTruncated: false, NextVersionIdMarker: 'v3' }, ['Versions', 'DeleteMarkers'], [
    { member: 'DeleteMarkers', value: entry('a', 'v3') },
    { member: 'Versions', value: entry('a', 'v2') },
    { member: 'Versions', value: entry('b', 'v1') },
    { member: 'DeleteMarkers', value: entry('c', 'v0') },
  ]);
  const body = String(encodeResponse(s3(), 'ListObjectVersions', output, 'req').body);
  assert.deepEqual(listingOrder(body), ['DeleteMarker:a:v3', 'Version:a:v2', 'Version:b:v1', 'DeleteMarker:c:v0']);
  // Model order around it: the markers before, Name after.
  assert.ok(body.indexOf('<NextVersionIdMarker>') < body.indexOf('<DeleteMarker>'));
  assert.ok(body.lastIndexOf('</DeleteMarker>') < body.indexOf('<Name>'));
});

test('the sequence stands for its members: an empty one writes none of them, even if the value also has them', () => {
  const output = withFlattenedSequence({ Name: 'b', Versions: [entry('x', 'v9')] }, ['Versions', 'DeleteMarkers'], []);
  const body = String(encodeResponse(s3(), 'ListObjectVersions', output, 'req').body);
  assert.deepEqual(listingOrder(body), []);
  assert.match(body, /<Name>b<\/Name>/);
});

test('an item of a member that is no flattened list is a programming error, not a silently different document', () => {
  const output = withFlattenedSequence({ Name: 'b' }, ['Name'], [{ member: 'Name', value: 'x' }]);
  assert.throws(() => encodeResponse(s3(), 'ListObjectVersions', output, 'req'), /Name is no flattened list member/);
});
