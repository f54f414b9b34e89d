// End to end with @aws-sdk/client-s3: buckets, objects (metadata, ranges, conditionals,
// checksums), listing with delimiters and pagination, versioning, tags, multipart uploads
// through @aws-sdk/lib-storage, and SSE-S3 bytes that are never plaintext on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketEncryptionCommand,
  GetBucketLocationCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetObjectCommand, GetObjectTaggingCommand,
  HeadBucketCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command,
  ListPartsCommand, PutBucketCorsCommand, GetBucketCorsCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand,
  PutObjectTaggingCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand,
  UploadPartCopyCommand, PutPublicAccessBlockCommand, GetPublicAccessBlockCommand, type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' });

const s3 = () => s3Client(gantry);

test('buckets: create, name rules, already exists, location, head, list, delete only when empty', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'alpha-bucket' }));
  await s3().send(new CreateBucketCommand({ Bucket: 'alpha-bucket' })); // us-east-1: 200 for the owner (legacy)
  await rejects(s3().send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName', 'The specified bucket is not valid.', 400);
  await rejects(s3().send(new CreateBucketCommand({ Bucket: '192.168.1.1' })), 'InvalidBucketName');
  await s3().send(new CreateBucketCommand({ Bucket: 'euro-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  const euro = s3Client(gantry);
  euro.config.region = async () => 'eu-west-1';
  await rejects(euro.send(new CreateBucketCommand({ Bucket: 'euro-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
  assert.equal((await s3().send(new GetBucketLocationCommand({ Bucket: 'euro-bucket' }))).LocationConstraint, 'eu-west-1');
  assert.equal((await s3().send(new GetBucketLocationCommand({ Bucket: 'alpha-bucket' }))).LocationConstraint, undefined);
  // HeadBucket signed for the bucket's Region (signed for another it is 400: e2e-s3-signing-region.test.ts).
  const head = await euro.send(new HeadBucketCommand({ Bucket: 'euro-bucket' }));
  assert.equal(head.BucketRegion, 'eu-west-1');
  await rejects(s3().send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), 'NotFound', undefined, 404);
  const names = (await s3().send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
  assert.deepEqual(names, ['alpha-bucket', 'euro-bucket']);
  await s3().send(new PutObjectCommand({ Bucket: 'alpha-bucket', Key: 'x', Body: 'x' }));
  await rejects(s3().send(new DeleteBucketCommand({ Bucket: 'alpha-bucket' })), 'BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
  await s3().send(new DeleteObjectCommand({ Bucket: 'alpha-bucket', Key: 'x' }));
  await s3().send(new DeleteBucketCommand({ Bucket: 'alpha-bucket' }));
  await rejects(s3().send(new GetBucketLocationCommand({ Bucket: 'alpha-bucket' })), 'NoSuchBucket', 'The specified bucket does not exist', 404);
});

test('CreateBucket with a LocationConstraint that is no Region S3 creates buckets in is InvalidLocationConstraint, not MalformedXML', async () => {
  for (const LocationConstraint of ['mars-1', 'us-east-1'] as unknown as BucketLocationConstraint[]) {
    await rejects(s3().send(new CreateBucketCommand({ Bucket: 'nowhere-bucket', CreateBucketConfiguration: { LocationConstraint } })),
      'InvalidLocationConstraint', 'The specified location-constraint is not valid', 400);
  }
});

test('objects: metadata and content headers, ranges, conditionals, checksums, copy, tags', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'objects' }));
  const body = bytes(200_000, 7);
  const put = await s3().send(new PutObjectCommand({
    Bucket: 'objects', Key: 'dir/data.bin', Body: body, ContentType: 'application/x-test', CacheControl: 'max-age=60',
    ContentDisposition: 'attachment', Metadata: { owner: 'ml-team', 'run-id': '42' }, Tagging: 'stage=raw&team=ml',
    ChecksumAlgorithm: 'SHA256',
  }));
  assert.match(put.ETag ?? '', /^"[0-9a-f]{32}"$/);
  assert.equal(put.ServerSideEncryption, 'AES256');
  assert.ok(put.ChecksumSHA256);
  const got = await s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', ChecksumMode: 'ENABLED' }));
  assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  assert.deepEqual([got.ContentType, got.CacheControl, got.ContentDisposition, got.ContentLength], ['application/x-test', 'max-age=60', 'attachment', 200_000]);
  assert.deepEqual(got.Metadata, { owner: 'ml-team', 'run-id': '42' });
  assert.equal(got.TagCount, 2);
  assert.equal(got.ChecksumSHA256, put.ChecksumSHA256);
  assert.equal(got.ETag, put.ETag);

  const range = await s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', Range: 'bytes=65530-131080' }));
  assert.equal(range.$metadata.httpStatusCode, 206);
  assert.equal(range.ContentRange, 'bytes 65530-131080/200000');
  assert.deepEqual(Buffer.from(await range.Body!.transformToByteArray()), body.subarray(65530, 131081));
  const headRange = await s3().send(new HeadObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', Range: 'bytes=0-99' }));
  assert.deepEqual([headRange.$metadata.httpStatusCode, headRange.ContentLength, headRange.ContentRange], [206, 100, 'bytes 0-99/200000']);
  const suffix = await s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', Range: 'bytes=-10' }));
  assert.deepEqual(Buffer.from(await suffix.Body!.transformToByteArray()), body.subarray(199_990));
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', Range: 'bytes=300000-' })),
    'InvalidRange', 'The requested range is not satisfiable', 416);

  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', IfMatch: '"0000"' })),
    'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', IfNoneMatch: put.ETag })), 'Unknown', undefined, 304);
  const later = new Date(Date.now() + 60_000);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', IfModifiedSince: later })), 'Unknown', undefined, 304);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })),
    'PreconditionFailed');
  const ok = await s3().send(new HeadObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', IfMatch: put.ETag }));
  assert.equal(ok.ContentLength, 200_000);
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'objects', Key: 'dir/data.bin', Body: 'x', IfNoneMatch: '*' })), 'PreconditionFailed');

  await rejects(s3().send(new PutObjectCommand({ Bucket: 'objects', Key: 'md5', Body: 'abc', ContentMD5: Buffer.alloc(16).toString('base64') })),
    'BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'objects', Key: 'crc', Body: 'abc', ChecksumCRC32C: 'AAAAAA==' })),
    'BadDigest', 'The CRC32C you specified did not match the calculated checksum.');
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'md5' })), 'NoSuchKey', 'The specified key does not exist.', 404);

  const copied = await s3().send(new CopyObjectCommand({ Bucket: 'objects', Key: 'copy.bin', CopySource: 'objects/dir/data.bin' }));
  assert.equal(copied.CopyObjectResult?.ETag, put.ETag);
  const copy = await s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'copy.bin' }));
  assert.deepEqual(copy.Metadata, { owner: 'ml-team', 'run-id': '42' });
  assert.deepEqual(Buffer.from(await copy.Body!.transformToByteArray()), body);
  await rejects(s3().send(new CopyObjectCommand({ Bucket: 'objects', Key: 'copy.bin', CopySource: 'objects/copy.bin' })), 'InvalidRequest');

  const tags = await s3().send(new GetObjectTaggingCommand({ Bucket: 'objects', Key: 'dir/data.bin' }));
  assert.deepEqual(tags.TagSet, [{ Key: 'stage', Value: 'raw' }, { Key: 'team', Value: 'ml' }]);
  await s3().send(new PutObjectTaggingCommand({ Bucket: 'objects', Key: 'dir/data.bin', Tagging: { TagSet: [{ Key: 'stage', Value: 'clean' }] } }));
  assert.equal((await s3().send(new GetObjectTaggingCommand({ Bucket: 'objects', Key: 'dir/data.bin' }))).TagSet?.[0]?.Value, 'clean');

  const empty = await s3().send(new PutObjectCommand({ Bucket: 'objects', Key: 'empty', Body: '' }));
  assert.equal(empty.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'objects', Key: 'empty' }))).Body!.transformToString(), '');
});

test('listing: prefixes, delimiters, pagination with continuation tokens, markers and start-after', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'listing' }));
  const keys = ['a.txt', 'photos/2024/jan/1.jpg', 'photos/2024/feb/2.jpg', 'photos/2025/3.jpg', 'photos/top.jpg', 'z/deep/k', 'zz', 'é-accent'];
  for (const key of keys) await s3().send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
  const root = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
  assert.deepEqual(root.Contents?.map((c) => c.Key), ['a.txt', 'zz', 'é-accent']);
  assert.deepEqual(root.CommonPrefixes?.map((p) => p.Prefix), ['photos/', 'z/']);
  assert.equal(root.KeyCount, 5);
  const photos = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'photos/', Delimiter: '/' }));
  assert.deepEqual(photos.Contents?.map((c) => c.Key), ['photos/top.jpg']);
  assert.deepEqual(photos.CommonPrefixes?.map((p) => p.Prefix), ['photos/2024/', 'photos/2025/']);

  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page: ListObjectsV2CommandOutput = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 3, ContinuationToken: token }));
    seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
    token = page.NextContinuationToken;
    pages++;
    assert.equal(page.IsTruncated, token !== undefined);
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));

  const delimited: string[] = [];
  token = undefined;
  do {
    const page: ListObjectsV2CommandOutput = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, Delimiter: '/', ContinuationToken: token }));
    delimited.push(...(page.Contents ?? []).map((c) => c.Key as string), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix as string));
    token = page.NextContinuationToken;
  } while (token);
  assert.deepEqual(delimited.sort(), ['a.txt', 'photos/', 'z/', 'zz', 'é-accent'].sort());

  const after = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'photos/2025/3.jpg' }));
  assert.deepEqual(after.Contents?.map((c) => c.Key), ['photos/top.jpg', 'z/deep/k', 'zz', 'é-accent']);
  const v1 = await s3().send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2 }));
  assert.equal(v1.IsTruncated, true);
  assert.equal(v1.NextMarker, 'photos/');
  const v1next = await s3().send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', Marker: v1.NextMarker }));
  assert.deepEqual([...(v1next.CommonPrefixes ?? []).map((p) => p.Prefix), ...(v1next.Contents ?? []).map((c) => c.Key)], ['z/', 'zz', 'é-accent']);

  const deleted = await s3().send(new DeleteObjectsCommand({ Bucket: 'listing', Delete: { Objects: [{ Key: 'zz' }, { Key: 'a.txt' }] } }));
  assert.deepEqual(deleted.Deleted?.map((d) => d.Key).sort(), ['a.txt', 'zz']);
  const left = await s3().send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'z' }));
  assert.deepEqual(left.Contents?.map((c) => c.Key), ['z/deep/k']);
});

test('versioning: versions, delete markers, versioned GET and DELETE, suspend', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'versioned' }));
  assert.equal((await s3().send(new GetBucketVersioningCommand({ Bucket: 'versioned' }))).Status, undefined);
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = await s3().send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'one' }));
  const v2 = await s3().send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'two' }));
  assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' }))).Body!.transformToString(), 'two');
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v1.VersionId }))).Body!.transformToString(), 'one');
  const marker = await s3().send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k' }));
  assert.equal(marker.DeleteMarker, true);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' })), 'NoSuchKey');
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: marker.VersionId })), 'MethodNotAllowed', undefined, 405);
  assert.equal((await s3().send(new ListObjectsV2Command({ Bucket: 'versioned' }))).KeyCount, 0);
  await s3().send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: marker.VersionId }));
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' }))).Body!.transformToString(), 'two');
  await s3().send(new DeleteObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v2.VersionId }));
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k' }))).Body!.transformToString(), 'one');
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: 'A'.repeat(32) })), 'NoSuchVersion');
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: 'nope' })), 'InvalidArgument', 'Invalid version id specified', 400);
  await s3().send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Suspended' } }));
  const nul = await s3().send(new PutObjectCommand({ Bucket: 'versioned', Key: 'k', Body: 'three' }));
  // AWS answers this put without x-amz-version-id (LocalStack's recorded test_put_object_on_suspended_bucket).
  assert.equal(nul.VersionId, undefined);
  assert.equal((await s3().send(new HeadObjectCommand({ Bucket: 'versioned', Key: 'k' }))).VersionId, 'null');
  assert.equal(await (await s3().send(new GetObjectCommand({ Bucket: 'versioned', Key: 'k', VersionId: v1.VersionId }))).Body!.transformToString(), 'one');
  await rejects(s3().send(new DeleteBucketCommand({ Bucket: 'versioned' })), 'BucketNotEmpty');
});

test('bucket configuration: tags, CORS, public access block, default encryption', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'configured' }));
  await rejects(s3().send(new GetBucketTaggingCommand({ Bucket: 'configured' })), 'NoSuchTagSet', 'The TagSet does not exist', 404);
  await s3().send(new PutBucketTaggingCommand({ Bucket: 'configured', Tagging: { TagSet: [{ Key: 'env', Value: 'dev' }] } }));
  assert.deepEqual((await s3().send(new GetBucketTaggingCommand({ Bucket: 'configured' }))).TagSet, [{ Key: 'env', Value: 'dev' }]);
  await s3().send(new PutBucketCorsCommand({
    Bucket: 'configured', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAgeSeconds: 60 }] },
  }));
  const cors = await s3().send(new GetBucketCorsCommand({ Bucket: 'configured' }));
  assert.deepEqual(cors.CORSRules?.[0]?.AllowedMethods, ['GET']);
  await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'configured', PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
  const pab = await s3().send(new GetPublicAccessBlockCommand({ Bucket: 'configured' }));
  assert.equal(pab.PublicAccessBlockConfiguration?.BlockPublicPolicy, true);
  assert.equal(pab.PublicAccessBlockConfiguration?.IgnorePublicAcls, false);
  const encryption = await s3().send(new GetBucketEncryptionCommand({ Bucket: 'configured' }));
  assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
});

test('multipart: lib-storage uploads 20 MiB; EntityTooSmall, InvalidPart, InvalidPartOrder; UploadPartCopy; list and abort', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'multipart' }));
  const big = bytes(20 * 1024 * 1024 + 12345, 3);
  const upload = new Upload({ client: s3(), params: { Bucket: 'multipart', Key: 'big.bin', Body: big }, partSize: 5 * 1024 * 1024, queueSize: 4 });
  const done = await upload.done();
  assert.match(done.ETag ?? '', /^"[0-9a-f]{32}-5"$/);
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'multipart', Key: 'big.bin' }));
  assert.equal(head.ContentLength, big.length);
  assert.equal(head.PartsCount, undefined, 'PartsCount only answers a request naming a partNumber');
  const got = await s3().send(new GetObjectCommand({ Bucket: 'multipart', Key: 'big.bin' }));
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(big));
  const across = await s3().send(new GetObjectCommand({ Bucket: 'multipart', Key: 'big.bin', Range: `bytes=${5 * 1024 * 1024 - 10}-${5 * 1024 * 1024 + 9}` }));
  assert.ok(Buffer.from(await across.Body!.transformToByteArray()).equals(big.subarray(5 * 1024 * 1024 - 10, 5 * 1024 * 1024 + 10)));

  const created = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'multipart', Key: 'manual', Metadata: { kind: 'mpu' } }));
  const uploadId = created.UploadId as string;
  const p1 = await s3().send(new UploadPartCommand({ Bucket: 'multipart', Key: 'manual', UploadId: uploadId, PartNumber: 1, Body: bytes(1024, 1) }));
  const p2 = await s3().send(new UploadPartCommand({ Bucket: 'multipart', Key: 'manual', UploadId: uploadId, PartNumber: 2, Body: bytes(1024, 2) }));
  for (const PartNumber of [0, 10001]) {
    await rejects(s3().send(new UploadPartCommand({ Bucket: 'multipart', Key: 'manual', UploadId: uploadId, PartNumber, Body: 'x' })),
      'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400);
  }
  const parts = await s3().send(new ListPartsCommand({ Bucket: 'multipart', Key: 'manual', UploadId: uploadId }));
  assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 1024], [2, 1024]]);
  const uploads = await s3().send(new ListMultipartUploadsCommand({ Bucket: 'multipart' }));
  assert.deepEqual(uploads.Uploads?.map((u) => u.Key), ['manual']);
  const complete = (list: { PartNumber: number; ETag?: string }[]) =>
    s3().send(new CompleteMultipartUploadCommand({ Bucket: 'multipart', Key: 'manual', UploadId: uploadId, MultipartUpload: { Parts: list } }));
  await rejects(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]), 'EntityTooSmall',
    'Your proposed upload is smaller than the minimum allowed size');
  await rejects(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]), 'InvalidPartOrder');
  await rejects(complete([{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]), 'InvalidPart',
    'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.');
  const copyPart = await s3().send(new UploadPartCopyCommand({
    Bucket: 'multipart', Key: 'manual', UploadId: uploadId, PartNumber: 1, CopySource: 'multipart/big.bin', CopySourceRange: 'bytes=0-5242879',
  }));
  const finished = await complete([{ PartNumber: 1, ETag: copyPart.CopyPartResult?.ETag }, { PartNumber: 2, ETag: p2.ETag }]);
  assert.match(finished.ETag ?? '', /-2"$/);
  const manual = await s3().send(new GetObjectCommand({ Bucket: 'multipart', Key: 'manual' }));
  assert.deepEqual(manual.Metadata, { kind: 'mpu' });
  assert.ok(Buffer.from(await manual.Body!.transformToByteArray()).equals(Buffer.concat([big.subarray(0, 5 * 1024 * 1024), bytes(1024, 2)])));
  await rejects(complete([{ PartNumber: 1, ETag: p1.ETag }]), 'NoSuchUpload', undefined, 404);

  const aborted = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'multipart', Key: 'gone' }));
  await s3().send(new AbortMultipartUploadCommand({ Bucket: 'multipart', Key: 'gone', UploadId: aborted.UploadId }));
  await rejects(s3().send(new ListPartsCommand({ Bucket: 'multipart', Key: 'gone', UploadId: aborted.UploadId })), 'NoSuchUpload');
});

test('SSE-S3: objects on disk are never plaintext', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'secret-bucket' }));
  const marker = Buffer.from('PLAINTEXT-MARKER-'.repeat(5000));
  await s3().send(new PutObjectCommand({ Bucket: 'secret-bucket', Key: 'doc', Body: marker }));
  const record = gantry.platform.objects.store.getVersion('secret-bucket', 'doc');
  assert.equal(record?.encryption?.algorithm, 'AES256');
  for (const segment of record?.segments ?? []) {
    const onDisk = readFileSync(gantry.platform.objects.blobs.pathOf(segment.blobId) as string);
    assert.equal(onDisk.includes(Buffer.from('PLAINTEXT-MARKER')), false);
    assert.ok(onDisk.length > marker.length);
  }
  // A small object's sealed bytes are a row of the database: neither the database file nor its WAL holds the plaintext.
  const small = Buffer.from('SMALL-PLAINTEXT-'.repeat(256));
  await s3().send(new PutObjectCommand({ Bucket: 'secret-bucket', Key: 'small', Body: small }));
  const smallRecord = gantry.platform.objects.store.getVersion('secret-bucket', 'small');
  assert.equal(smallRecord?.segments.length, 1);
  assert.equal(gantry.platform.objects.blobs.pathOf(smallRecord?.segments[0]?.blobId as string), null, 'stored inline, not as a file');
  const sealed = await gantry.platform.objects.blobs.open(smallRecord?.segments[0]?.blobId as string);
  const sealedStart = await sealed.read(0, 256);
  await sealed.close();
  let found = false;
  for (const file of ['gantry.db', 'gantry.db-wal']) {
    const bytesOnDisk = existsSync(`${gantry.dataDir}/${file}`) ? readFileSync(`${gantry.dataDir}/${file}`) : Buffer.alloc(0);
    assert.equal(bytesOnDisk.includes(Buffer.from('PLAINTEXT-MARKER')), false, file);
    assert.equal(bytesOnDisk.includes(Buffer.from('SMALL-PLAINTEXT')), false, file);
    found ||= bytesOnDisk.includes(sealedStart);
  }
  assert.ok(found, 'the sealed bytes are in the database or its WAL');
  const back = await s3().send(new GetObjectCommand({ Bucket: 'secret-bucket', Key: 'doc' }));
  assert.ok(Buffer.from(await back.Body!.transformToByteArray()).equals(marker));
  const smallBack = await s3().send(new GetObjectCommand({ Bucket: 'secret-bucket', Key: 'small' }));
  assert.ok(Buffer.from(await smallBack.Body!.transformToByteArray()).equals(small));
});
