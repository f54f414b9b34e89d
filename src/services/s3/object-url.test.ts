import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketLocation, objectUrl, uriEncodePath } from './object-url.js';

test('objectUrl answers in the addressing style of the request: path style on a plain host, virtual-hosted on a bucket host', () => {
  assert.equal(objectUrl('127.0.0.1:4566', 'photos', 'a.txt'), 'http://127.0.0.1:4566/photos/a.txt');
  assert.equal(objectUrl('localhost:4566', 'photos', 'a.txt'), 'http://localhost:4566/photos/a.txt');
  assert.equal(objectUrl('photos.s3.localhost:4566', 'photos', 'a.txt'), 'http://photos.s3.localhost:4566/a.txt');
  assert.equal(objectUrl('photos.localhost:4566', 'photos', 'a.txt'), 'http://photos.localhost:4566/a.txt');
});

test('objectUrl URI-encodes the key as S3 does: spaces and UTF-8 as %XX, slashes kept', () => {
  assert.equal(objectUrl('localhost:1', 'b', 'dir/a b+c—d.txt'), 'http://localhost:1/b/dir/a%20b%2Bc%E2%80%94d.txt');
  assert.equal(uriEncodePath("it's (1)*!~._-"), 'it%27s%20%281%29%2A%21~._-');
});

test('objectUrl without a Host header answers the path alone (there is no host to name)', () => {
  assert.equal(objectUrl(undefined, 'b', 'k k'), '/b/k%20k');
});

test('bucketLocation: /BUCKET in us-east-1; elsewhere http://BUCKET.HOST/ on the host the request named', () => {
  assert.equal(bucketLocation('localhost:4566', 'photos', 'us-east-1'), '/photos');
  assert.equal(bucketLocation('localhost:4566', 'photos', 'eu-west-2'), 'http://photos.localhost:4566/');
  assert.equal(bucketLocation('127.0.0.1:4566', 'photos', 'eu-west-2'), 'http://photos.127.0.0.1:4566/');
  // Addressed by host name already: the host is the bucket's.
  assert.equal(bucketLocation('photos.s3.localhost:4566', 'photos', 'eu-west-2'), 'http://photos.s3.localhost:4566/');
  assert.equal(bucketLocation('photos.localhost:4566', 'photos', 'eu-west-2'), 'http://photos.localhost:4566/');
  assert.equal(bucketLocation(undefined, 'photos', 'eu-west-2'), '/photos');
});
