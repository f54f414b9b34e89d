// Conditional deletes and conditional copies through the SDK: a condition that fails is
// 412 PreconditionFailed (404 NoSuchKey for If-Match on a missing key) and leaves the object as
// it was; a condition that holds deletes or overwrites. DeleteObjects reports a failed
// condition as that object's Error and deletes it not. On a versioned bucket the condition is
// the current version's, and a failed one adds no delete marker. A policy can require
// If-Match (s3:if-match), and an If-Match naming an ETag needs s3:GetObject as well; likewise
// conditional writes (s3:if-none-match, s3:if-match) for PutObject, CopyObject and
// CompleteMultipartUpload.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { refusal, rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'cond' }));
});

const s3 = () => s3Client(gantry);
const Bucket = 'cond';

async function put(key: string, body: string, bucket = Bucket): Promise<string> {
  return (await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).ETag as string;
}

async function text(key: string): Promise<string> {
  return (await s3().send(new GetObjectCommand({ Bucket, Key: key }))).Body!.transformToString();
}

test('DeleteObject with If-Match: a wrong ETag is 412 and the object stays; the right one or * deletes; a missing key is 404', async () => {
  const etag = await put('d1', 'one');
  await rejects(s3().send(new DeleteObjectCommand({ Bucket, Key: 'd1', IfMatch: '"nope"' })), 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
  assert.equal(await text('d1'), 'one');
  const deleted = await s3().send(new DeleteObjectCommand({ Bucket, Key: 'd1', IfMatch: etag }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'd1' })), 'NotFound', undefined, 404);

  await put('d2', 'two');
  assert.equal((await s3().send(new DeleteObjectCommand({ Bucket, Key: 'd2', IfMatch: '*' }))).$metadata.httpStatusCode, 204);
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'd2' })), 'NotFound', undefined, 404);

  await rejects(s3().send(new DeleteObjectCommand({ Bucket, Key: 'missing', IfMatch: '*' })), 'NoSuchKey', 'The specified key does not exist.', 404);
  await rejects(s3().send(new DeleteObjectCommand({ Bucket, Key: 'missing', IfMatch: etag })), 'NoSuchKey', undefined, 404);
});

test('DeleteObject with x-amz-if-match-size or x-amz-if-match-last-modified-time: 501 NotImplemented, as on an AWS general purpose bucket, and the object stays', async () => {
  // Directory buckets only (LocalStack's AWS-recorded test_delete_object_if_match_*_non_express).
  await put('d3', 'three');
  const head = await s3().send(new HeadObjectCommand({ Bucket, Key: 'd3' }));
  const message = 'A header you provided implies functionality that is not implemented';
  await rejects(s3().send(new DeleteObjectCommand({ Bucket, Key: 'd3', IfMatchSize: 5 })), 'NotImplemented', message, 501);
  await rejects(s3().send(new DeleteObjectCommand({ Bucket, Key: 'd3', IfMatchLastModifiedTime: head.LastModified! })), 'NotImplemented', message, 501);
  const both = await refusal(s3().send(new DeleteObjectCommand({ Bucket, Key: 'd3', IfMatch: '"bad"', IfMatchSize: 5, IfMatchLastModifiedTime: head.LastModified! })));
  assert.equal(both['Header'], 'x-amz-if-match-last-modified-time');
  assert.equal(await text('d3'), 'three');
});

test('DeleteObjects: an object whose ETag, size or time does not match is an Error and stays; the others are deleted', async () => {
  const etag = await put('m1', 'keep');
  await put('m2', 'keep too');
  const goneEtag = await put('m3', 'go');
  await put('m4', 'keep three');
  const result = await s3().send(new DeleteObjectsCommand({
    Bucket,
    Delete: {
      Objects: [
        { Key: 'm1', ETag: '"wrong"' }, { Key: 'm2', Size: 1 }, { Key: 'm3', ETag: goneEtag },
        { Key: 'm4', LastModifiedTime: new Date('2001-01-01T00:00:00Z') }, { Key: 'absent', ETag: etag },
      ],
    },
  }));
  assert.deepEqual(result.Deleted?.map((d) => d.Key), ['m3']);
  assert.deepEqual(result.Errors?.map((e) => [e.Key, e.Code]), [
    ['m1', 'PreconditionFailed'], ['m2', 'PreconditionFailed'], ['m4', 'PreconditionFailed'], ['absent', 'NoSuchKey'],
  ]);
  assert.deepEqual([await text('m1'), await text('m2'), await text('m4')], ['keep', 'keep too', 'keep three']);
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'm3' })), 'NotFound', undefined, 404);
});

test('versioned bucket: a failed condition adds no delete marker; If-Match applies to the current version; a delete marker is no object', async () => {
  const bucket = 'cond-versions';
  await s3().send(new CreateBucketCommand({ Bucket: bucket }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const first = await put('v', 'first', bucket);
  const second = await put('v', 'second', bucket);
  // The ETag of an older version is not the current one's.
  await rejects(s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: 'v', IfMatch: first })), 'PreconditionFailed', undefined, 412);
  const before = await s3().send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.equal(before.DeleteMarkers, undefined, 'no delete marker after a failed condition');
  assert.equal(before.Versions?.length, 2);
  const deleted = await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: 'v', IfMatch: second }));
  assert.equal(deleted.DeleteMarker, true);
  // The current version is now a delete marker: nothing for If-Match to match.
  await rejects(s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: 'v', IfMatch: '*' })), 'NoSuchKey', undefined, 404);
  const after = await s3().send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.equal(after.DeleteMarkers?.length, 1);
});

test('CopyObject with If-None-Match or If-Match on the destination: a failed condition is 412 (404 if missing) and leaves it as it was', async () => {
  await put('src', 'source bytes');
  const dstEtag = await put('dst', 'destination bytes');
  const CopySource = `${Bucket}/src`;
  await rejects(s3().send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource, IfNoneMatch: '*' })), 'PreconditionFailed', undefined, 412);
  await rejects(s3().send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource, IfMatch: '"wrong"' })), 'PreconditionFailed', undefined, 412);
  assert.equal(await text('dst'), 'destination bytes');
  await rejects(s3().send(new CopyObjectCommand({ Bucket, Key: 'new-dst', CopySource, IfMatch: '"wrong"' })), 'NoSuchKey', undefined, 404);
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'new-dst' })), 'NotFound', undefined, 404);

  // Conditions that hold: the copy is written.
  await s3().send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource, IfMatch: dstEtag }));
  assert.equal(await text('dst'), 'source bytes');
  await s3().send(new CopyObjectCommand({ Bucket, Key: 'new-dst', CopySource, IfNoneMatch: '*' }));
  assert.equal(await text('new-dst'), 'source bytes');
});

test('policies: s3:if-match lets a policy insist on conditional deletes; an If-Match with an ETag needs s3:GetObject too', async () => {
  const onlyConditional = {
    Effect: 'Allow', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${Bucket}/*`, Condition: { Null: { 's3:if-match': 'false' } },
  };
  const deleter = s3Client(gantry, await userWithPolicy(gantry, 'conditional-deleter', [onlyConditional]));
  const reader = s3Client(gantry, await userWithPolicy(gantry, 'conditional-reader', [
    onlyConditional, { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` },
  ]));
  const etag = await put('p1', 'guarded');
  await rejects(deleter.send(new DeleteObjectCommand({ Bucket, Key: 'p1' })), 'AccessDenied', undefined, 403);
  await rejects(deleter.send(new DeleteObjectCommand({ Bucket, Key: 'p1', IfMatch: etag })), 'AccessDenied', undefined, 403);
  const batch = await deleter.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'p1' }, { Key: 'p1', ETag: etag }] } }));
  assert.deepEqual(batch.Errors?.map((e) => e.Code), ['AccessDenied', 'AccessDenied']);
  assert.equal(await text('p1'), 'guarded');
  await reader.send(new DeleteObjectCommand({ Bucket, Key: 'p1', IfMatch: etag }));
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'p1' })), 'NotFound', undefined, 404);
  await put('p2', 'any');
  await deleter.send(new DeleteObjectCommand({ Bucket, Key: 'p2', IfMatch: '*' }));
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'p2' })), 'NotFound', undefined, 404);
});

test('policies: s3:if-none-match lets a policy insist on conditional PutObject, CopyObject and CompleteMultipartUpload', async () => {
  const writer = s3Client(gantry, await userWithPolicy(gantry, 'conditional-writer', [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${Bucket}/*`, Condition: { Null: { 's3:if-none-match': 'false' } } },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` },
  ]));
  await rejects(writer.send(new PutObjectCommand({ Bucket, Key: 'w1', Body: 'x' })), 'AccessDenied', undefined, 403);
  await writer.send(new PutObjectCommand({ Bucket, Key: 'w1', Body: 'x', IfNoneMatch: '*' }));
  await rejects(writer.send(new CopyObjectCommand({ Bucket, Key: 'w2', CopySource: `${Bucket}/w1` })), 'AccessDenied', undefined, 403);
  await writer.send(new CopyObjectCommand({ Bucket, Key: 'w2', CopySource: `${Bucket}/w1`, IfNoneMatch: '*' }));
  assert.equal(await text('w2'), 'x');
  // CreateMultipartUpload and UploadPart carry no condition: the root starts the upload.
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: 'w3' }));
  const { ETag } = await s3().send(new UploadPartCommand({ Bucket, Key: 'w3', UploadId, PartNumber: 1, Body: 'part' }));
  const MultipartUpload = { Parts: [{ PartNumber: 1, ETag }] };
  await rejects(writer.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'w3', UploadId, MultipartUpload })), 'AccessDenied', undefined, 403);
  await writer.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'w3', UploadId, MultipartUpload, IfNoneMatch: '*' }));
  assert.equal(await text('w3'), 'part');
});
