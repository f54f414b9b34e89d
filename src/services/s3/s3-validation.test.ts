// S3's answers for input its model refuses: InvalidArgument for header, query and URI values,
// MalformedXML for the request document; never ValidationException.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../protocols/index.js';
import { s3InputError } from './s3-validation.js';

const s3 = () => loadModel('s3');

test('a header or query value out of its model is InvalidArgument naming the argument', () => {
  const encoding = s3InputError(s3(), 'ListObjectsV2', { Bucket: 'b', EncodingType: 'foo' });
  assert.equal(encoding?.code, 'InvalidArgument');
  assert.deepEqual(encoding?.fields, { ArgumentName: 'encoding-type', ArgumentValue: 'foo' });
  // AWS's own text for the listings' encoding-type (recorded).
  assert.equal(encoding?.message, 'Invalid Encoding Method specified in Request');
  const checksum = s3InputError(s3(), 'PutObject', { Bucket: 'b', Key: 'k', ChecksumAlgorithm: 'MD4' });
  assert.equal(checksum?.code, 'InvalidArgument');
  assert.equal(checksum?.fields['ArgumentName'], 'x-amz-sdk-checksum-algorithm');
  assert.match(checksum?.message ?? '', /^Invalid value for x-amz-sdk-checksum-algorithm: Member must satisfy enum value set/);
});

test('a request document out of its schema is MalformedXML; valid input passes', () => {
  const versioning = s3InputError(s3(), 'PutBucketVersioning', { Bucket: 'b', VersioningConfiguration: { Status: 'Bogus' } });
  assert.equal(versioning?.code, 'MalformedXML');
  assert.equal(versioning?.status, 400);
  assert.equal(s3InputError(s3(), 'PutBucketVersioning', { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } }), null);
  assert.equal(s3InputError(s3(), 'PutObject', { Bucket: 'b', Key: 'k', ServerSideEncryption: 'ROT13' }), null, 'left to the handler, which has its own text');
  for (const LocationConstraint of ['mars-1', 'us-east-1']) {
    assert.equal(s3InputError(s3(), 'CreateBucket', { Bucket: 'b', CreateBucketConfiguration: { LocationConstraint } }), null,
      'left to the handler: InvalidLocationConstraint');
  }
});

test('x-amz-storage-class, x-amz-server-side-encryption and LocationConstraint are left to S3 (its own errors); other S3 enums are still checked', () => {
  const model = loadModel('s3');
  assert.equal(s3InputError(model, 'PutObject', { Bucket: 'b', Key: 'k', StorageClass: 'COLD' }), null);
  assert.equal(s3InputError(model, 'CreateMultipartUpload', { Bucket: 'b', Key: 'k', StorageClass: 'COLD' }), null);
  assert.equal(s3InputError(model, 'PutObject', { Bucket: 'b', Key: 'k', ServerSideEncryption: 'ROT13' }), null);
  assert.equal(s3InputError(model, 'CreateBucket', { Bucket: 'b', CreateBucketConfiguration: { LocationConstraint: 'mars-1' } }), null);
  assert.match(s3InputError(model, 'PutObject', { Bucket: 'b', Key: 'k', ChecksumAlgorithm: 'MD4' })?.message ?? '', /Member must satisfy enum value set/);
});
