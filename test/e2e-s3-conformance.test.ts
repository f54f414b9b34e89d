// S3 answers checked against AWS's recorded ones (LocalStack's AWS-validated snapshots
// test_s3_api, test_s3_list_operations and test_s3_preconditions): each test names the
// snapshot it follows. They cover details a client reads: error codes and fields, the version
// ids a response names, which conditions are honoured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketAclCommand, GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand, ListPartsCommand,
  PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { EncodingType } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { refusal, rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';
import { canonicalUserId } from '../src/services/s3/canonical-user.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket }));
});

const s3 = () => s3Client(gantry);
const Bucket = 'conform';

test('CopyObject and UploadPartCopy: a failed copy-source condition names its x-amz-copy-source- header; an If-Modified-Since in the future is ignored', async () => {
  // test_s3_copy_object_preconditions, test_upload_part_copy_with_copy_source_if_*.
  const { ETag } = await s3().send(new PutObjectCommand({ Bucket, Key: 'src', Body: 'data' }));
  const CopySource = `${Bucket}/src`;
  const yesterday = new Date(Date.now() - 86_400_000);
  const tomorrow = new Date(Date.now() + 86_400_000);
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: 'mpu' }));
  const copy = (conditions: object) => s3().send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource, ...conditions }));
  const partCopy = (conditions: object) => s3().send(new UploadPartCopyCommand({ Bucket, Key: 'mpu', UploadId, PartNumber: 1, CopySource, ...conditions }));
  for (const send of [copy, partCopy]) {
    const condition = async (conditions: object) => {
      const error = await refusal(send(conditions));
      return [error['name'], error['Condition']];
    };
    assert.deepEqual(await condition({ CopySourceIfMatch: '"etag123"', CopySourceIfUnmodifiedSince: yesterday }), ['PreconditionFailed', 'x-amz-copy-source-If-Match']);
    assert.deepEqual(await condition({ CopySourceIfUnmodifiedSince: yesterday }), ['PreconditionFailed', 'x-amz-copy-source-If-Unmodified-Since']);
    assert.deepEqual(await condition({ CopySourceIfNoneMatch: ETag }), ['PreconditionFailed', 'x-amz-copy-source-If-None-Match']);
    assert.deepEqual(await condition({ CopySourceIfModifiedSince: new Date() }), ['PreconditionFailed', 'x-amz-copy-source-If-Modified-Since']);
    // A date AWS cannot have seen the object modified after: not a condition at all.
    await send({ CopySourceIfModifiedSince: tomorrow });
  }
});

test('a version id other than null on a bucket never versioned: GetObject, HeadObject and DeleteObject answer 400 InvalidArgument, DeleteObjects its NoSuchVersion', async () => {
  // test_get_object_with_version_unversioned_bucket, test_delete_object, test_delete_objects.
  await s3().send(new PutObjectCommand({ Bucket, Key: 'plain', Body: 'test-version' }));
  const VersionId = 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD';
  for (const call of [new GetObjectCommand({ Bucket, Key: 'plain', VersionId }), new DeleteObjectCommand({ Bucket, Key: 'plain', VersionId })]) {
    const error = await refusal(s3().send(call));
    assert.deepEqual([error['name'], error['message'], error['ArgumentName'], error['ArgumentValue']],
      ['InvalidArgument', 'Invalid version id specified', 'versionId', VersionId]);
  }
  const head = await refusal(s3().send(new HeadObjectCommand({ Bucket, Key: 'plain', VersionId })));
  assert.equal((head['$metadata'] as { httpStatusCode: number }).httpStatusCode, 400);
  const batch = await s3().send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'plain', VersionId }] } }));
  assert.deepEqual([batch.Deleted, batch.Errors], [undefined, [{ Key: 'plain', VersionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' }]]);
  // The null version is the object itself.
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket, Key: 'plain', VersionId: 'null' }))).Body?.transformToString(), 'test-version');
});

test('a delete marker: GetObject by its id is 405 with Allow: DELETE; DeleteObjects removing it by id says DeleteMarker and names it as DeleteMarkerVersionId', async () => {
  // test_delete_objects_versioned: delete-objects-marker.
  await s3().send(new CreateBucketCommand({ Bucket: 'conform-versioned' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'conform-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3().send(new PutObjectCommand({ Bucket: 'conform-versioned', Key: 'k', Body: 'x' }));
  const first = await s3().send(new DeleteObjectsCommand({ Bucket: 'conform-versioned', Delete: { Objects: [{ Key: 'k' }] } }));
  const marker = first.Deleted?.[0]?.DeleteMarkerVersionId as string;
  assert.deepEqual(first.Deleted, [{ Key: 'k', DeleteMarker: true, DeleteMarkerVersionId: marker }]);
  // A GET of the marker by its id is 405 naming what it allows, as AWS answers (test_delete_object_versioned).
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'conform-versioned', Key: 'k', VersionId: marker })), 'MethodNotAllowed', undefined, 405,
    { allow: 'DELETE', 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker });
  const second = await s3().send(new DeleteObjectsCommand({ Bucket: 'conform-versioned', Delete: { Objects: [{ Key: 'k', VersionId: marker }] } }));
  assert.deepEqual(second.Deleted, [{ Key: 'k', VersionId: marker, DeleteMarker: true, DeleteMarkerVersionId: marker }]);
});

test('a conditional write takes If-None-Match only as *, If-Match not as *, and not both: else 501 NotImplemented naming the header', async () => {
  // test_put_object_if_none_match_validation, test_put_object_if_match_validation,
  // test_put_object_if_match_and_if_none_match_validation, test_copy_object_precondition_write_validation.
  const { ETag } = await s3().send(new PutObjectCommand({ Bucket, Key: 'cond-src', Body: 'source content' }));
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: 'cond-mpu' }));
  const writes = [
    (c: object) => s3().send(new PutObjectCommand({ Bucket, Key: 'cond-dst', Body: 'x', ...c })),
    (c: object) => s3().send(new CopyObjectCommand({ Bucket, Key: 'cond-dst', CopySource: `${Bucket}/cond-src`, ...c })),
    // [INFER] CompleteMultipartUpload takes the same two headers; its answer is not recorded.
    (c: object) => s3().send(new CompleteMultipartUploadCommand({ Bucket, Key: 'cond-mpu', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] }, ...c })),
  ];
  const refused = async (write: (c: object) => Promise<unknown>, conditions: object) => {
    const error = await refusal(write(conditions));
    return [error['name'], error['message'], (error['$metadata'] as { httpStatusCode: number }).httpStatusCode, error['Header'], error['additionalMessage']];
  };
  const notImplemented = 'A header you provided implies functionality that is not implemented';
  for (const write of writes) {
    assert.deepEqual(await refused(write, { IfNoneMatch: ETag }),
      ['NotImplemented', notImplemented, 501, 'If-None-Match', "We don't accept the provided value of If-None-Match header for this API"]);
    assert.deepEqual(await refused(write, { IfMatch: '*' }),
      ['NotImplemented', notImplemented, 501, 'If-Match', "We don't accept the provided value of If-Match header for this API"]);
    assert.deepEqual(await refused(write, { IfMatch: '*', IfNoneMatch: ETag }),
      ['NotImplemented', notImplemented, 501, 'If-Match,If-None-Match', 'Multiple conditional request headers present in the request']);
  }
  await rejects(s3().send(new HeadObjectCommand({ Bucket, Key: 'cond-dst' })), 'NotFound', undefined, 404);
});

test('ListMultipartUploads: a key-marker inside a common prefix skips the rest of that prefix', async () => {
  // test_list_multipart_uploads_marker_common_prefixes.
  await s3().send(new CreateBucketCommand({ Bucket: 'conform-mpu' }));
  const ids = new Map<string, string>();
  for (const Key of ['folder/aSubfolder/subFile1', 'folder/aSubfolder/subFile2', 'folder/file1', 'folder/file2']) {
    ids.set(Key, (await s3().send(new CreateMultipartUploadCommand({ Bucket: 'conform-mpu', Key }))).UploadId as string);
  }
  const page = (KeyMarker?: string) => s3().send(new ListMultipartUploadsCommand({ Bucket: 'conform-mpu', Prefix: 'folder/', Delimiter: '/', MaxUploads: 1, KeyMarker }));
  const start = await page();
  assert.deepEqual([start.CommonPrefixes, start.Uploads, start.IsTruncated], [[{ Prefix: 'folder/aSubfolder/' }], undefined, true]);
  for (const KeyMarker of ['folder/aSubfolder/', 'folder/aSubfolder/subFile1']) {
    const next = await page(KeyMarker);
    assert.deepEqual([next.CommonPrefixes, next.Uploads?.map((u) => u.Key), next.IsTruncated, next.NextKeyMarker, next.NextUploadIdMarker],
      [undefined, ['folder/file1'], true, 'folder/file1', ids.get('folder/file1')], KeyMarker);
  }
});

test('ListParts: a page without parts (none uploaded, or a marker past the last) says NextPartNumberMarker 0', async () => {
  // test_list_parts_pagination: list-parts-empty, list-parts-wrong-part.
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: 'parts' }));
  const empty = await s3().send(new ListPartsCommand({ Bucket, Key: 'parts', UploadId }));
  assert.deepEqual([empty.Parts, empty.PartNumberMarker, empty.NextPartNumberMarker, empty.IsTruncated], [undefined, '0', '0', false]);
  await s3().send(new UploadPartCommand({ Bucket, Key: 'parts', UploadId, PartNumber: 1, Body: 'test' }));
  const past = await s3().send(new ListPartsCommand({ Bucket, Key: 'parts', UploadId, MaxParts: 1, PartNumberMarker: '10' }));
  assert.deepEqual([past.Parts, past.PartNumberMarker, past.NextPartNumberMarker, past.IsTruncated], [undefined, '10', '0', false]);
});

test('ListObjectsV2 with a continuation token and a start-after: the token wins, and StartAfter is not echoed', async () => {
  // test_list_objects_v2_continuation_start_after: list-objects-start-after-token.
  await s3().send(new CreateBucketCommand({ Bucket: 'conform-list' }));
  for (let i = 0; i < 4; i++) await s3().send(new PutObjectCommand({ Bucket: 'conform-list', Key: `test_${i}`, Body: 'x' }));
  const first = await s3().send(new ListObjectsV2Command({ Bucket: 'conform-list', MaxKeys: 2 }));
  const alone = await s3().send(new ListObjectsV2Command({ Bucket: 'conform-list', StartAfter: 'test_2' }));
  assert.deepEqual([alone.StartAfter, alone.Contents?.map((c) => c.Key)], ['test_2', ['test_3']]);
  const both = await s3().send(new ListObjectsV2Command({ Bucket: 'conform-list', StartAfter: 'test_2', ContinuationToken: first.NextContinuationToken }));
  assert.deepEqual([both.StartAfter, both.ContinuationToken, both.Contents?.map((c) => c.Key)], [undefined, first.NextContinuationToken, ['test_2', 'test_3']]);
});

test('the four listings refuse an encoding-type other than url with AWS\'s text', async () => {
  // test_list_ops_encoding_type_validation[list_objects_v2, list_objects, list_object_versions, list_multipart_uploads].
  const EncodingType = 'value' as EncodingType;
  for (const call of [
    new ListObjectsV2Command({ Bucket, EncodingType }), new ListObjectsCommand({ Bucket, EncodingType }),
    new ListObjectVersionsCommand({ Bucket, EncodingType }), new ListMultipartUploadsCommand({ Bucket, EncodingType }),
  ]) {
    const error = await refusal(s3().send(call as never));
    assert.deepEqual([error['name'], error['message'], error['ArgumentName'], error['ArgumentValue']],
      ['InvalidArgument', 'Invalid Encoding Method specified in Request', 'encoding-type', 'value'], call.constructor.name);
  }
});

test('ListMultipartUploads with encoding-type=url encodes keys, prefixes and markers, and says so', async () => {
  // test_list_multiparts_with_prefix_and_delimiter (EncodingType url echoed).
  await s3().send(new CreateBucketCommand({ Bucket: 'conform-mpu-enc' }));
  for (const Key of ['sp ace/\u00fc', 'sp ace/\u00fc2', 'sp ace/dir/x']) await s3().send(new CreateMultipartUploadCommand({ Bucket: 'conform-mpu-enc', Key }));
  const page = await s3().send(new ListMultipartUploadsCommand({ Bucket: 'conform-mpu-enc', EncodingType: 'url', Prefix: 'sp ace/', Delimiter: '/', MaxUploads: 1 }));
  assert.deepEqual([page.EncodingType, page.Prefix, page.Delimiter, page.CommonPrefixes, page.Uploads, page.IsTruncated],
    ['url', 'sp%20ace/', '/', [{ Prefix: 'sp%20ace/dir/' }], undefined, true]);
  const next = await s3().send(new ListMultipartUploadsCommand({ Bucket: 'conform-mpu-enc', EncodingType: 'url', Prefix: 'sp ace/', KeyMarker: 'sp ace/dir/x' }));
  assert.deepEqual([next.KeyMarker, next.Uploads?.map((u) => u.Key), next.NextKeyMarker], ['sp%20ace/dir/x', ['sp%20ace/%C3%BC', 'sp%20ace/%C3%BC2'], 'sp%20ace/%C3%BC2']);
  const plain = await s3().send(new ListMultipartUploadsCommand({ Bucket: 'conform-mpu-enc', Prefix: 'sp ace/d' }));
  assert.deepEqual([plain.EncodingType, plain.Uploads?.map((u) => u.Key)], [undefined, ['sp ace/dir/x']]);
});

test('a conditional CompleteMultipartUpload whose key was written or deleted after the upload was created: 409 ConditionalRequestConflict, even when the condition holds', async () => {
  // test_multipart_if_match_with_put, test_multipart_if_none_match_with_delete.
  const upload = async (bucket: string, Key: string) => {
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
    const { ETag } = await s3().send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: 'part' }));
    return (conditions: object) => s3().send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] }, ...conditions,
    }));
  };
  const outcome = async (promise: Promise<unknown>) => {
    const error = await refusal(promise);
    return [error['name'], error['Condition'], error['Key'], (error['$metadata'] as { httpStatusCode: number }).httpStatusCode];
  };
  const before = (await s3().send(new PutObjectCommand({ Bucket, Key: 'mpu-cond', Body: 'test' }))).ETag;
  const complete = await upload(Bucket, 'mpu-cond');
  const during = (await s3().send(new PutObjectCommand({ Bucket, Key: 'mpu-cond', Body: 'test2' }))).ETag;
  assert.deepEqual(await outcome(complete({ IfMatch: before })), ['PreconditionFailed', 'If-Match', undefined, 412], 'a condition that fails is 412 first');
  assert.deepEqual(await outcome(complete({ IfMatch: during })), ['ConditionalRequestConflict', 'If-Match', 'mpu-cond', 409]);
  const restarted = await upload(Bucket, 'mpu-cond');
  await restarted({ IfMatch: during });

  await s3().send(new CreateBucketCommand({ Bucket: 'conform-mpu-cond' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'conform-mpu-cond', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3().send(new PutObjectCommand({ Bucket: 'conform-mpu-cond', Key: 'k', Body: '' }));
  const second = await upload('conform-mpu-cond', 'k');
  assert.deepEqual(await outcome(second({ IfNoneMatch: '*' })), ['PreconditionFailed', 'If-None-Match', undefined, 412]);
  await s3().send(new DeleteObjectCommand({ Bucket: 'conform-mpu-cond', Key: 'k' }));
  assert.deepEqual(await outcome(second({ IfNoneMatch: '*' })), ['ConditionalRequestConflict', 'If-None-Match', 'k', 409]);
  // Without a condition the same upload completes.
  await second({});
});

test('GetObject with checksum mode: a range that covers the whole object answers its checksum, as a GET without one; a part of it does not', async () => {
  // test_get_object_range: get--15, get-0-100 (with checksum), get-0-8 (without).
  const { ChecksumCRC32 } = await s3().send(new PutObjectCommand({ Bucket, Key: 'ranged', Body: '0123456789', ChecksumAlgorithm: 'CRC32' }));
  const get = (Range: string) => s3().send(new GetObjectCommand({ Bucket, Key: 'ranged', Range, ChecksumMode: 'ENABLED' }));
  for (const Range of ['bytes=-15', 'bytes=0-100', 'bytes=0-']) {
    const whole = await get(Range);
    assert.deepEqual([whole.ContentRange, whole.ChecksumCRC32, whole.ChecksumType], ['bytes 0-9/10', ChecksumCRC32, 'FULL_OBJECT'], Range);
  }
  const part = await get('bytes=0-8');
  assert.deepEqual([part.ContentRange, part.ChecksumCRC32, part.ChecksumType], ['bytes 0-8/10', undefined, undefined]);
});

test('version ids are 32 characters of letters, digits, . and _, as AWS issues them', async () => {
  // test_object_version_id_format. A leading `-` (base64url) read as an option on a command line.
  await s3().send(new CreateBucketCommand({ Bucket: 'conform-ids' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'conform-ids', VersioningConfiguration: { Status: 'Enabled' } }));
  const puts: string[] = [];
  const markers: string[] = [];
  for (let i = 0; i < 64; i++) {
    puts.push((await s3().send(new PutObjectCommand({ Bucket: 'conform-ids', Key: 'k', Body: `v${i}` }))).VersionId as string);
    markers.push((await s3().send(new DeleteObjectCommand({ Bucket: 'conform-ids', Key: 'k' }))).VersionId as string);
  }
  for (const id of [...puts, ...markers]) assert.match(id, /^[A-Za-z0-9._]{32}$/);
  // An id with a `.` names its version (one in 64 characters is one: some of 64 ids have one).
  const at = puts.findIndex((id) => id.includes('.'));
  const got = await s3().send(new GetObjectCommand({ Bucket: 'conform-ids', Key: 'k', VersionId: puts[at] }));
  assert.equal(await got.Body?.transformToString(), `v${at}`);
});

test('PutBucketVersioning without a Status is IllegalVersioningConfigurationException; an unknown one MalformedXML', async () => {
  // test_bucket_versioning_crud: put-versioning-empty, put-versioning-enabled-lowercase.
  await rejects(s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: {} })),
    'IllegalVersioningConfigurationException', 'The Versioning element must be specified', 400);
  await rejects(s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'enabled' as 'Enabled' } })), 'MalformedXML', undefined, 400);
});

test('owners and initiators are named by id alone: no DisplayName since S3 stopped answering it (November 2025); an upload\'s initiator is the account\'s canonical id or the IAM user\'s ARN', async () => {
  const Bucket = 'conform-owners';
  await s3().send(new CreateBucketCommand({ Bucket }));
  await s3().send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }));
  const ID = canonicalUserId('111122223333');
  const buckets = await s3().send(new ListBucketsCommand({}));
  assert.deepEqual(buckets.Owner, { ID });
  assert.deepEqual((await s3().send(new ListObjectsCommand({ Bucket }))).Contents?.[0]?.Owner, { ID });
  assert.deepEqual((await s3().send(new ListObjectsV2Command({ Bucket, FetchOwner: true }))).Contents?.[0]?.Owner, { ID });
  assert.deepEqual((await s3().send(new ListObjectVersionsCommand({ Bucket }))).Versions?.[0]?.Owner, { ID });
  const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
  assert.deepEqual(acl.Owner, { ID });
  assert.deepEqual(acl.Grants?.[0]?.Grantee, { ID, Type: 'CanonicalUser' });

  const user = await userWithPolicy(gantry, 'uploader', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  const byRoot = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: 'by-root' }));
  const byUser = await s3Client(gantry, user).send(new CreateMultipartUploadCommand({ Bucket, Key: 'by-user' }));
  const parts = async (Key: string, UploadId: string | undefined) => s3().send(new ListPartsCommand({ Bucket, Key, UploadId }));
  assert.deepEqual((await parts('by-root', byRoot.UploadId)).Initiator, { ID });
  const userParts = await parts('by-user', byUser.UploadId);
  assert.deepEqual([userParts.Initiator, userParts.Owner], [{ ID: 'arn:aws:iam::111122223333:user/uploader' }, { ID }]);
  const uploads = (await s3().send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? [];
  assert.deepEqual(uploads.map((u) => [u.Key, u.Initiator, u.Owner]), [
    ['by-root', { ID }, { ID }],
    ['by-user', { ID: 'arn:aws:iam::111122223333:user/uploader' }, { ID }],
  ]);
});
