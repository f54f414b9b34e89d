// Small objects (kept inline, answered as whole bytes rather than a stream) end to end: whole
// and range GETs, conditionals, HEAD, empty objects; for SSE-KMS, repeated GETs stay
// authorized as the caller and stop, with AWS's errors, when the key is disabled or the
// caller loses kms:Decrypt, though the object's data key was opened before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, kmsClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' });

const s3 = () => s3Client(gantry);

test('a small SSE-S3 object: whole, ranges, conditionals, HEAD, overrides; an empty one', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'small' }));
  const body = bytes(4096, 7);
  const put = await s3().send(new PutObjectCommand({ Bucket: 'small', Key: 'k', Body: body, ContentType: 'application/x-small' }));
  assert.equal(gantry.platform.objects.blobs.pathOf(gantry.platform.objects.store.getVersion('small', 'k')?.segments[0]?.blobId ?? ''), null, 'inline');
  for (let i = 0; i < 2; i++) {
    const got = await s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k' }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.deepEqual([got.ContentLength, got.ContentType, got.ETag, got.ServerSideEncryption], [4096, 'application/x-small', put.ETag, 'AES256']);
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  }
  const range = await s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', Range: 'bytes=100-199' }));
  assert.equal(range.$metadata.httpStatusCode, 206);
  assert.deepEqual([range.ContentRange, range.ContentLength], ['bytes 100-199/4096', 100]);
  assert.deepEqual(Buffer.from(await range.Body!.transformToByteArray()), body.subarray(100, 200));
  const suffix = await s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', Range: 'bytes=-10' }));
  assert.deepEqual(Buffer.from(await suffix.Body!.transformToByteArray()), body.subarray(4086));
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', Range: 'bytes=5000-' })), 'InvalidRange', 'The requested range is not satisfiable', 416);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', IfNoneMatch: put.ETag })), 'Unknown', undefined, 304);
  await rejects(s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', IfMatch: '"0000"' })), 'PreconditionFailed', undefined, 412);
  const matched = await s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'k', IfMatch: put.ETag, ResponseContentType: 'text/plain' }));
  assert.equal(matched.ContentType, 'text/plain');
  assert.deepEqual(Buffer.from(await matched.Body!.transformToByteArray()), body);
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'small', Key: 'k' }));
  assert.equal(head.ContentLength, 4096);

  await s3().send(new PutObjectCommand({ Bucket: 'small', Key: 'empty', Body: '' }));
  const empty = await s3().send(new GetObjectCommand({ Bucket: 'small', Key: 'empty' }));
  assert.equal(empty.ContentLength, 0);
  assert.equal(await empty.Body!.transformToString(), '');
});

test('a small SSE-KMS object: every GET is authorized as the caller; a disabled key or a lost kms:Decrypt stops it', async () => {
  const kms = kmsClient(gantry);
  const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  await s3().send(new CreateBucketCommand({ Bucket: 'small-kms' }));
  await s3().send(new PutBucketEncryptionCommand({
    Bucket: 'small-kms',
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  const body = bytes(4096, 9);
  await s3().send(new PutObjectCommand({ Bucket: 'small-kms', Key: 'k', Body: body }));
  const reader = await userWithPolicy(gantry, 'small-reader', [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::small-kms/*' },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
  ]);
  const s3OnlyReader = await userWithPolicy(gantry, 'small-s3-only', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::small-kms/*' }]);
  for (let i = 0; i < 2; i++) {
    const got = await s3Client(gantry, reader).send(new GetObjectCommand({ Bucket: 'small-kms', Key: 'k' }));
    assert.deepEqual([got.ServerSideEncryption, got.SSEKMSKeyId], ['aws:kms', keyArn]);
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
  }
  const denied = 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';
  await rejects(s3Client(gantry, s3OnlyReader).send(new GetObjectCommand({ Bucket: 'small-kms', Key: 'k' })), 'AccessDenied', denied, 403);
  await rejects(s3Client(gantry, s3OnlyReader).send(new GetObjectCommand({ Bucket: 'small-kms', Key: 'k', Range: 'bytes=0-9' })), 'AccessDenied', denied, 403);
  await kms.send(new DisableKeyCommand({ KeyId: keyArn }));
  await rejects(s3Client(gantry, reader).send(new GetObjectCommand({ Bucket: 'small-kms', Key: 'k' })), 'KMS.DisabledException', `${keyArn} is disabled.`, 400);
  await kms.send(new EnableKeyCommand({ KeyId: keyArn }));
  const range = await s3Client(gantry, reader).send(new GetObjectCommand({ Bucket: 'small-kms', Key: 'k', Range: 'bytes=10-19' }));
  assert.deepEqual(Buffer.from(await range.Body!.transformToByteArray()), body.subarray(10, 20));
});
