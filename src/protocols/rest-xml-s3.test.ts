// The real S3 model over restXml: routing, header/query/label bindings, documents and S3's bare <Error>.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../core/aws-error.js';
import { decodeRequest, encodeError, encodeResponse, loadModel } from './index.js';

const s3 = () => loadModel('s3');

test('GetObject: bucket and greedy key from the path, Range header', () => {
  const { operation, input } = decodeRequest(s3(), { method: 'GET', url: '/my-bucket/a/b%20c.txt', headers: { range: 'bytes=0-9' }, body: '' });
  assert.equal(operation, 'GetObject');
  assert.deepEqual(input, { Bucket: 'my-bucket', Key: 'a/b c.txt', Range: 'bytes=0-9' });
});

test('PutObject: SSE-KMS headers, user metadata and the raw body', () => {
  const { operation, input } = decodeRequest(s3(), {
    method: 'PUT', url: '/b/k',
    headers: { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'alias/k', 'x-amz-meta-owner': 'me', 'content-length': '5' },
    body: Buffer.from('hello'),
  });
  assert.equal(operation, 'PutObject');
  assert.deepEqual(input, {
    Bucket: 'b', Key: 'k', ContentLength: 5, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/k',
    Metadata: { owner: 'me' }, Body: Buffer.from('hello'),
  });
});

test('query literals pick the operation: ListObjectsV2, CreateMultipartUpload, ListObjects', () => {
  const route = (method: string, url: string) => decodeRequest(s3(), { method, url, headers: {}, body: '' });
  assert.deepEqual(route('GET', '/b?list-type=2&prefix=logs%2F&max-keys=10'), {
    operation: 'ListObjectsV2', input: { Bucket: 'b', Prefix: 'logs/', MaxKeys: 10 },
  });
  assert.equal(route('POST', '/b/k?uploads').operation, 'CreateMultipartUpload');
  assert.equal(route('GET', '/b').operation, 'ListObjects');
  assert.equal(route('GET', '/').operation, 'ListBuckets');
  assert.equal(route('PUT', '/b').operation, 'CreateBucket');
});

test('a binding two operations share goes to the current one, not the deprecated: ?lifecycle and ?notification', () => {
  const route = (method: string, url: string) => decodeRequest(s3(), { method, url, headers: {}, body: '' }).operation;
  assert.equal(route('GET', '/b?lifecycle'), 'GetBucketLifecycleConfiguration');
  assert.equal(route('GET', '/b?notification'), 'GetBucketNotificationConfiguration');
  // The AWS CLI's document: a Filter, no Prefix of its own (the deprecated operation's Rule requires one).
  const lifecycle = '<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ID>r1</ID><Status>Enabled</Status>'
    + '<Filter><Prefix>logs/</Prefix></Filter><Expiration><Days>30</Days></Expiration></Rule></LifecycleConfiguration>';
  const { operation, input } = decodeRequest(s3(), { method: 'PUT', url: '/b?lifecycle', headers: {}, body: Buffer.from(lifecycle) });
  assert.equal(operation, 'PutBucketLifecycleConfiguration');
  assert.deepEqual(input, {
    Bucket: 'b', LifecycleConfiguration: { Rules: [{ ID: 'r1', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } }] },
  });
  assert.equal(route('PUT', '/b?notification'), 'PutBucketNotificationConfiguration');
});

test('ListObjectsV2 document is ListBucketResult in the S3 namespace', () => {
  const res = encodeResponse(s3(), 'ListObjectsV2', {
    Name: 'b', KeyCount: 1, IsTruncated: false,
    Contents: [{ Key: 'k', Size: 5, LastModified: new Date('2024-01-02T03:04:05Z'), ETag: '"abc"' }],
  }, 'rid');
  assert.equal(res.status, 200);
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    + '<IsTruncated>false</IsTruncated><Contents><Key>k</Key><LastModified>2024-01-02T03:04:05Z</LastModified>'
    + '<ETag>"abc"</ETag><Size>5</Size></Contents><Name>b</Name><KeyCount>1</KeyCount></ListBucketResult>');
});

test('GetObject output: headers and streaming payload', () => {
  const res = encodeResponse(s3(), 'GetObject', {
    Body: Buffer.from('hi'), ContentLength: 2, ServerSideEncryption: 'aws:kms', LastModified: new Date('2024-01-02T03:04:05Z'),
    Metadata: { owner: 'me' },
  }, 'rid');
  assert.equal(Buffer.from(res.body).toString(), 'hi');
  assert.equal(res.headers['Content-Length'], '2');
  assert.equal(res.headers['x-amz-server-side-encryption'], 'aws:kms');
  assert.equal(res.headers['Last-Modified'], 'Tue, 02 Jan 2024 03:04:05 GMT');
  assert.equal(res.headers['x-amz-meta-owner'], 'me');
});

test('GetBucketLocation root text is the region', () => {
  const res = encodeResponse(s3(), 'GetBucketLocation', { LocationConstraint: 'eu-west-1' }, 'rid');
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>');
});

test('S3 errors are a bare <Error> with RequestId and extra fields', () => {
  const res = encodeError(s3(), { code: 'NoSuchKey', message: 'The specified key does not exist.', fields: { Key: 'k' } }, 'rid');
  assert.equal(res.status, 404);
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>'
    + '<Message>The specified key does not exist.</Message><Key>k</Key><RequestId>rid</RequestId></Error>');
  const denied = encodeError(s3(), new AwsError('AccessDenied', 'Access Denied', 403), 'rid');
  assert.equal(denied.status, 403);
});

test('CompleteMultipartUpload reads its XML payload', () => {
  const body = '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    + '<Part><ETag>"e1"</ETag><PartNumber>1</PartNumber></Part><Part><ETag>"e2"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>';
  const { operation, input } = decodeRequest(s3(), { method: 'POST', url: '/b/k?uploadId=u1', headers: {}, body });
  assert.equal(operation, 'CompleteMultipartUpload');
  assert.deepEqual(input, {
    Bucket: 'b', Key: 'k', UploadId: 'u1',
    MultipartUpload: { Parts: [{ ETag: '"e1"', PartNumber: 1 }, { ETag: '"e2"', PartNumber: 2 }] },
  });
});

test('boolean headers and query values in any letter case (aws-cli 2.9 sends True/False); bodies stay strict', () => {
  const put = (value: string) => decodeRequest(s3(), {
    method: 'PUT', url: '/b/k',
    headers: { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-bucket-key-enabled': value },
    body: '',
  }).input['BucketKeyEnabled'];
  assert.deepEqual(['True', 'FALSE', 'true', 'false'].map(put), [true, false, true, false]);
  const list = decodeRequest(s3(), { method: 'GET', url: '/b?list-type=2&fetch-owner=True', headers: {}, body: '' });
  assert.equal(list.input['FetchOwner'], true);
  assert.throws(() => put('yes'), (error: AwsError) => {
    assert.equal(error.message, "Invalid value 'yes' for x-amz-server-side-encryption-bucket-key-enabled: expected true or false");
    return true;
  });
  const lock = (enabled: string) => decodeRequest(s3(), {
    method: 'PUT', url: '/b?publicAccessBlock', headers: {},
    body: `<PublicAccessBlockConfiguration><BlockPublicAcls>${enabled}</BlockPublicAcls></PublicAccessBlockConfiguration>`,
  }).input;
  assert.deepEqual(lock('true'), { Bucket: 'b', PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
  assert.throws(() => lock('True'), /expected true or false/);
});

test('an S3 document with nothing in it is its empty root element in the S3 namespace, as AWS sends it', () => {
  const empty = (operation: string) => String(encodeResponse(s3(), operation, {}, 'rid').body);
  const ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  assert.match(empty('GetBucketLogging'), new RegExp(`<BucketLoggingStatus ${ns}(/>|></BucketLoggingStatus>)$`));
  assert.match(empty('GetBucketNotificationConfiguration'), new RegExp(`<NotificationConfiguration ${ns}(/>|></NotificationConfiguration>)$`));
  assert.match(empty('GetBucketVersioning'), new RegExp(`<VersioningConfiguration ${ns}(/>|></VersioningConfiguration>)$`));
  // Outputs that are headers only keep an empty body.
  assert.equal(encodeResponse(s3(), 'PutObject', { ETag: '"abc"' }, 'rid').body, '');
});
