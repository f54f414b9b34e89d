// GetObjectAttributes through the SDK: only the attributes asked for; the ETag unquoted; the
// checksum (a COMPOSITE one without its -N; S3's default CRC64NVME for an object or multipart
// upload written without one); ObjectParts absent for an object written whole,
// TotalPartsCount alone for a multipart object without a COMPOSITE checksum, and a page of the
// parts with their checksums for a COMPOSITE one (MaxParts / PartNumberMarker, an empty page); a version by id;
// a delete marker; s3:GetObjectAttributes needed beside s3:GetObject; no kms:Decrypt needed.
// (The SDK types PartNumberMarker and NextPartNumberMarker as strings, though integers on the wire.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectAttributesCommand,
  GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, PutObjectCommand, UploadPartCommand,
  type ChecksumAlgorithm, type CompletedPart, type GetObjectAttributesCommandInput, type ObjectAttributes,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bareS3Client, bytes, kmsClient, s3Client, userWithPolicy } from './support/s3-helpers.js';
import { crc64nvmeBase64 } from './support/crc-reference.js';

const MIB = 1024 * 1024;
const BUCKET = 'attrs';
const ALL: ObjectAttributes[] = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const s3 = (credentials?: Credentials) => s3Client(gantry, credentials);
const attributes = (input: Partial<GetObjectAttributesCommandInput> & { Key: string }, credentials?: Credentials) =>
  s3(credentials).send(new GetObjectAttributesCommand({ Bucket: BUCKET, ObjectAttributes: ALL, ...input }));

/** Two 5 MiB parts and a short third, uploaded (with `algorithm` when given) and completed. */
async function uploadThreeParts(key: string, algorithm?: ChecksumAlgorithm, checksumType?: 'COMPOSITE' | 'FULL_OBJECT') {
  const body = [bytes(5 * MIB, 1), bytes(5 * MIB, 2), bytes(777, 3)];
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({
    Bucket: BUCKET, Key: key, ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}), ...(checksumType ? { ChecksumType: checksumType } : {}),
  }));
  const parts: CompletedPart[] = [];
  for (const [i, part] of body.entries()) {
    const out = await s3().send(new UploadPartCommand({
      Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body: part, ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}),
    }));
    const member = `Checksum${algorithm ?? ''}` as keyof typeof out;
    parts.push({ PartNumber: i + 1, ETag: out.ETag, ...(algorithm ? { [member]: out[member] } : {}) });
  }
  const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  return { parts, sizes: body.map((b) => b.length), body: Buffer.concat(body), done };
}

test('an object written whole with a SHA256: the five attributes, ETag unquoted, no ObjectParts; only what is asked', async () => {
  const put = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'whole', Body: 'test-body', ChecksumAlgorithm: 'SHA256' }));
  const got = await attributes({ Key: 'whole' });
  const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'whole' }));
  assert.equal(got.$metadata.httpStatusCode, 200);
  assert.equal(got.ETag, (put.ETag as string).replace(/"/g, ''));
  assert.deepEqual(got.Checksum, { ChecksumSHA256: put.ChecksumSHA256, ChecksumType: 'FULL_OBJECT' });
  assert.equal(got.ObjectParts, undefined);
  assert.deepEqual([got.StorageClass, got.ObjectSize, got.VersionId], ['STANDARD', 9, undefined]);
  assert.equal(got.LastModified?.getTime(), head.LastModified?.getTime());

  const sizeOnly = await attributes({ Key: 'whole', ObjectAttributes: ['ObjectSize'] });
  assert.deepEqual([sizeOnly.ObjectSize, sizeOnly.ETag, sizeOnly.Checksum, sizeOnly.StorageClass], [9, undefined, undefined, undefined]);
  assert.ok(sizeOnly.LastModified, 'Last-Modified is always answered');
});

test('an object written whole without a checksum has S3\'s default, a FULL_OBJECT CRC64NVME', async () => {
  await bareS3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'no-sum', Body: 'aaa' }));
  const got = await attributes({ Key: 'no-sum' });
  // "aaa" is Rnr2/5P7Gsk= in AWS's answers (LocalStack test_complete_multipart_parts_checksum_default).
  assert.deepEqual([got.Checksum, got.ObjectParts, got.ObjectSize], [{ ChecksumCRC64NVME: 'Rnr2/5P7Gsk=', ChecksumType: 'FULL_OBJECT' }, undefined, 3]);
});

test('COMPOSITE multipart (CRC32, SHA256): the checksum without -N, and each part with its number, size and checksum', async () => {
  for (const algorithm of ['CRC32', 'SHA256'] as const) {
    const key = `composite-${algorithm}`;
    const { parts, sizes, done } = await uploadThreeParts(key, algorithm);
    const member = `Checksum${algorithm}` as const;
    const whole = done[member] as string;
    assert.match(whole, /-3$/);
    const got = await attributes({ Key: key });
    assert.equal(got.ETag, (done.ETag as string).replace(/"/g, ''));
    assert.deepEqual(got.Checksum, { [member]: whole.replace(/-3$/, ''), ChecksumType: 'COMPOSITE' });
    assert.deepEqual(got.ObjectParts, {
      TotalPartsCount: 3, PartNumberMarker: '0', NextPartNumberMarker: '3', MaxParts: 1000, IsTruncated: false,
      Parts: parts.map((p, i) => ({ PartNumber: i + 1, Size: sizes[i], [member]: p[member] })),
    });
    assert.equal(got.ObjectSize, sizes.reduce((n, s) => n + s, 0));
  }
});

test('ObjectParts pages by MaxParts and PartNumberMarker', async () => {
  const { parts } = await uploadThreeParts('paged', 'CRC32C');
  const first = await attributes({ Key: 'paged', ObjectAttributes: ['ObjectParts'], MaxParts: 2 });
  assert.deepEqual(first.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.ChecksumCRC32C]), [[1, parts[0]?.ChecksumCRC32C], [2, parts[1]?.ChecksumCRC32C]]);
  assert.deepEqual([first.ObjectParts?.IsTruncated, first.ObjectParts?.NextPartNumberMarker, first.ObjectParts?.MaxParts, first.ObjectParts?.TotalPartsCount],
    [true, '2', 2, 3]);
  const rest = await attributes({ Key: 'paged', ObjectAttributes: ['ObjectParts'], MaxParts: 2, PartNumberMarker: '2' });
  assert.deepEqual(rest.ObjectParts?.Parts?.map((p) => p.PartNumber), [3]);
  assert.deepEqual([rest.ObjectParts?.IsTruncated, rest.ObjectParts?.NextPartNumberMarker, rest.ObjectParts?.PartNumberMarker], [false, '3', '2']);
  await rejects(attributes({ Key: 'paged', MaxParts: -1 }), 'InvalidArgument', 'Argument x-amz-max-parts must be an integer between 0 and 2147483647', 400);
  // Past the last part, or MaxParts 0: an empty page, not truncated, NextPartNumberMarker 0 (as ListParts; recorded for the first).
  const past = await attributes({ Key: 'paged', ObjectAttributes: ['ObjectParts'], PartNumberMarker: '3' });
  assert.deepEqual(past.ObjectParts, { TotalPartsCount: 3, PartNumberMarker: '3', NextPartNumberMarker: '0', MaxParts: 1000, IsTruncated: false });
  const none = await attributes({ Key: 'paged', ObjectAttributes: ['ObjectParts'], MaxParts: 0 });
  assert.deepEqual(none.ObjectParts, { TotalPartsCount: 3, PartNumberMarker: '0', NextPartNumberMarker: '0', MaxParts: 0, IsTruncated: false });
});

test('FULL_OBJECT multipart (CRC64NVME) and multipart without an algorithm: ObjectParts is TotalPartsCount alone', async () => {
  // Both uploads send the same bytes: the CRC64NVME of the whole object, from the reference.
  const { body, done } = await uploadThreeParts('full-crc64', 'CRC64NVME');
  const whole = crc64nvmeBase64(body);
  assert.equal(done.ChecksumCRC64NVME, whole, 'CompleteMultipartUpload answers it');
  const full = await attributes({ Key: 'full-crc64' });
  assert.deepEqual(full.Checksum, { ChecksumCRC64NVME: whole, ChecksumType: 'FULL_OBJECT' });
  assert.deepEqual(full.ObjectParts, { TotalPartsCount: 3 });
  // Created without an algorithm: S3's default, the CRC64NVME of the whole object (AWS: object-attrs-multiparts-2-parts-checksum).
  const { done: plainDone } = await uploadThreeParts('plain-multipart');
  assert.equal(plainDone.ChecksumCRC64NVME, whole, 'CompleteMultipartUpload answers it');
  const plain = await attributes({ Key: 'plain-multipart', MaxParts: 1 });
  assert.deepEqual([plain.Checksum, plain.ObjectParts], [{ ChecksumCRC64NVME: whole, ChecksumType: 'FULL_OBJECT' }, { TotalPartsCount: 3 }]);
});

test('an unknown attribute name, or none, is InvalidArgument', async () => {
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'named', Body: 'x' }));
  await rejects(attributes({ Key: 'named', ObjectAttributes: ['ETag', 'Colour' as ObjectAttributes] }), 'InvalidArgument', 'Invalid attribute name specified.', 400);
  await rejects(attributes({ Key: 'named', ObjectAttributes: [] }), 'InvalidArgument', 'Invalid attribute name specified.', 400);
});

test('versioned bucket: the latest version or one by id, with x-amz-version-id; a delete marker is 404 / 405 with x-amz-delete-marker', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'attrs-versions' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'attrs-versions', VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = await s3().send(new PutObjectCommand({ Bucket: 'attrs-versions', Key: 'k', Body: '69\n420\n' }));
  const v2 = await s3().send(new PutObjectCommand({ Bucket: 'attrs-versions', Key: 'k', Body: 'version 2' }));
  const latest = await attributes({ Bucket: 'attrs-versions', Key: 'k' });
  assert.deepEqual([latest.VersionId, latest.ObjectSize, latest.ETag], [v2.VersionId, 9, (v2.ETag as string).replace(/"/g, '')]);
  const first = await attributes({ Bucket: 'attrs-versions', Key: 'k', VersionId: v1.VersionId });
  assert.deepEqual([first.VersionId, first.ObjectSize, first.ETag], [v1.VersionId, 7, (v1.ETag as string).replace(/"/g, '')]);

  const marker = await s3().send(new DeleteObjectCommand({ Bucket: 'attrs-versions', Key: 'k' }));
  const markerHeaders = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.VersionId as string };
  await rejects(attributes({ Bucket: 'attrs-versions', Key: 'k' }), 'NoSuchKey', undefined, undefined, markerHeaders);
  await rejects(attributes({ Bucket: 'attrs-versions', Key: 'k', VersionId: marker.VersionId }), 'MethodNotAllowed', undefined, undefined, markerHeaders);
});

test('a caller needs s3:GetObjectAttributes beside s3:GetObject (the Version forms for a version id)', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'attrs-access' }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'attrs-access', VersioningConfiguration: { Status: 'Enabled' } }));
  const put = await s3().send(new PutObjectCommand({ Bucket: 'attrs-access', Key: 'k', Body: 'abc' }));
  const resource = 'arn:aws:s3:::attrs-access/*';
  const getOnly = await userWithPolicy(gantry, 'get-only', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: resource }]);
  await rejects(attributes({ Bucket: 'attrs-access', Key: 'k' }, getOnly), 'AccessDenied',
    /is not authorized to perform: s3:GetObjectAttributes on resource: "?arn:aws:s3:::attrs-access\/k/, 403);
  const attrsOnly = await userWithPolicy(gantry, 'attrs-only', [{ Effect: 'Allow', Action: 's3:GetObjectAttributes', Resource: resource }]);
  await rejects(attributes({ Bucket: 'attrs-access', Key: 'k' }, attrsOnly), 'AccessDenied', /s3:GetObject on resource/, 403);
  const both = await userWithPolicy(gantry, 'both', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAttributes'], Resource: resource }]);
  assert.equal((await attributes({ Bucket: 'attrs-access', Key: 'k' }, both)).ObjectSize, 3);
  // A version id needs s3:GetObjectVersion and s3:GetObjectVersionAttributes instead.
  await rejects(attributes({ Bucket: 'attrs-access', Key: 'k', VersionId: put.VersionId }, both), 'AccessDenied', /s3:GetObjectVersion on resource/, 403);
  const versions = await userWithPolicy(gantry, 'versions', [
    { Effect: 'Allow', Action: ['s3:GetObjectVersion', 's3:GetObjectVersionAttributes'], Resource: resource },
  ]);
  assert.equal((await attributes({ Bucket: 'attrs-access', Key: 'k', VersionId: put.VersionId }, versions)).VersionId, put.VersionId);
  await rejects(attributes({ Bucket: 'attrs-access', Key: 'k' }, versions), 'AccessDenied', /s3:GetObject on resource/, 403);
});

test('an SSE-KMS object: the attributes need no kms:Decrypt (GetObject does)', async () => {
  const keyArn = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  await s3().send(new CreateBucketCommand({ Bucket: 'attrs-kms' }));
  await s3().send(new PutBucketEncryptionCommand({
    Bucket: 'attrs-kms',
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  await s3().send(new PutObjectCommand({ Bucket: 'attrs-kms', Key: 'secret', Body: 'classified' }));
  const reader = await userWithPolicy(gantry, 'no-kms', [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAttributes'], Resource: 'arn:aws:s3:::attrs-kms/*' },
  ]);
  await rejects(s3(reader).send(new GetObjectCommand({ Bucket: 'attrs-kms', Key: 'secret' })), 'AccessDenied', /you are not allowed to access/, 403);
  assert.equal((await attributes({ Bucket: 'attrs-kms', Key: 'secret' }, reader)).ObjectSize, 10);
});
