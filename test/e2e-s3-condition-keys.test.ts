// S3 condition keys as governed buckets use them, driven through the SDK as an IAM user under
// bucket policies that deny by each key: the classic encryption-enforcing policies (header
// value, header absent, a named KMS key), the keys of listings, versions, tags and copies, and
// those S3 derives from how the request was signed.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, DeleteObjectTaggingCommand, DeletePublicAccessBlockCommand,
  GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectVersionsCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand,
  PutObjectCommand, PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bucketPolicies, deniedByBucketPolicy as denied } from './support/bucket-policy.js';
import { kmsClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'governed';
let user: Credentials;
let keyArn: string;
let keyId: string;

const gantry = useGantry({ accountId: ACCT }, async () => {
  user = await userWithPolicy(gantry, 'writer', [{ Effect: 'Allow', Action: ['s3:*', 'kms:*'], Resource: '*' }]);
  const root = s3Client(gantry);
  await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await root.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }));
  await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source', Body: 'source' }));
  const kms = kmsClient(gantry);
  const key = await kms.send(new CreateKeyCommand({}));
  keyArn = key.KeyMetadata?.Arn as string;
  keyId = key.KeyMetadata?.KeyId as string;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/governed', TargetKeyId: keyId }));
});

const { denyWhen } = bucketPolicies(gantry, BUCKET);

test('s3:x-amz-server-side-encryption-aws-kms-key-id is the key ARN whether the write names the key by id, ARN or alias', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:PutObject', { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } });
  for (const ref of [keyArn, keyId, 'alias/governed', `arn:aws:kms:us-east-1:${ACCT}:alias/governed`]) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-key', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: ref }));
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copied', CopySource: `${BUCKET}/source`, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: ref }));
    await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: ref }));
  }
  // Another key, no key (the AWS managed key), and a key KMS does not know are refused.
  const other = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
  await denied(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-key', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: other })));
  await denied(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-key', Body: 'x', ServerSideEncryption: 'aws:kms' })));
  await denied(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-key', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/none' })));
});

test('the classic encryption policies judge the request headers: a write relying on the default encryption sends none', async () => {
  const s3 = s3Client(gantry, user);
  await s3Client(gantry).send(new PutBucketEncryptionCommand({
    Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  const put = (extra: object = {}) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'enc', Body: 'x', ...extra }));
  const copy = (extra: object = {}) => s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'enc-copy', CopySource: `${BUCKET}/source`, ...extra }));
  const create = (extra: object = {}) => s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'enc-parts', ...extra }));
  const kms = { ServerSideEncryption: 'aws:kms' } as const;
  const aes = { ServerSideEncryption: 'AES256' } as const;

  await denyWhen('s3:PutObject', { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } });
  for (const write of [put, copy, create]) {
    await write(kms);
    await denied(write(aes));
    await denied(write());
  }
  await denyWhen('s3:PutObject', { Null: { 's3:x-amz-server-side-encryption': 'true' } });
  for (const write of [put, copy, create]) {
    await write(aes);
    await denied(write());
  }
  await denyWhen('s3:PutObject', { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } });
  await put({ ...kms, SSEKMSKeyId: keyId });
  // The bucket's default key is the same key, but the request did not name it.
  await denied(put());
  await denied(put(kms));
});

test('s3:ExistingObjectTag/<key> carries the tags of the object a read, a copy or a tagging call acts on; s3:VersionId the version it names', async () => {
  const root = s3Client(gantry);
  const s3 = s3Client(gantry, user);
  await root.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
  await root.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  const secret = (await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tagged', Body: 'secret', Tagging: 'class=secret' }))).VersionId as string;
  const open = (await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tagged', Body: 'open', Tagging: 'class=open' }))).VersionId as string;
  const doomed = (await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doomed', Body: 'secret', Tagging: 'class=secret' }))).VersionId as string;
  await denyWhen('s3:*', { StringEquals: { 's3:ExistingObjectTag/class': 'secret' } });
  // The current version is open; its older version is secret.
  await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tagged' }));
  await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'tagged' }));
  await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: secret })));
  await denied(s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: secret })));
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'leak', CopySource: `${BUCKET}/tagged?versionId=${secret}` })));
  await denied(s3.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: secret })));
  await denied(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: secret, Tagging: { TagSet: [] } })));
  // DeleteObject has no such key (the reference lists none). A Deny when the key is absent
  // refuses the delete of a secret version, while a read of that version (which has the key)
  // goes through; the Deny on the tag's value then lets the delete through, though it refuses
  // the read.
  await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doomed', VersionId: doomed })));
  await denyWhen('s3:*', { Null: { 's3:ExistingObjectTag/class': 'true' } });
  await denied(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed', VersionId: doomed })));
  await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doomed', VersionId: doomed }));
  await denyWhen('s3:*', { StringEquals: { 's3:ExistingObjectTag/class': 'secret' } });
  assert.equal((await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed', VersionId: doomed }))).VersionId, doomed);
  const left = await root.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'doomed' }));
  assert.deepEqual([left.Versions ?? [], left.DeleteMarkers ?? []], [[], []], 'the secret version is gone');
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-of-open', CopySource: `${BUCKET}/tagged?versionId=${open}` }));
  // Relabelling the open version secret is allowed (its existing tag is open); then it is guarded.
  await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', Tagging: { TagSet: [{ Key: 'class', Value: 'secret' }] } }));
  await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tagged' })));
  // A missing object is still answered by s3:ListBucket (404 here), not by its absent tags.
  await rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })), 'NoSuchKey');

  await denyWhen('s3:*', { StringEquals: { 's3:VersionId': open } });
  await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: secret }));
  await denied(s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: open })));
  await denied(s3.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: open })));
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'leak', CopySource: `${BUCKET}/tagged?versionId=${open}` })));
  await denied(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: open })));
  await root.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Suspended' } }));
});

test('s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys carry the tags PutObjectTagging sets, as they do for PutObject', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:PutObjectTagging', { StringEquals: { 's3:RequestObjectTag/class': 'secret' } });
  await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'source', Tagging: { TagSet: [{ Key: 'class', Value: 'open' }] } }));
  await denied(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'source', Tagging: { TagSet: [{ Key: 'class', Value: 'secret' }] } })));
  await denyWhen('s3:PutObjectTagging', { 'ForAnyValue:StringNotEquals': { 's3:RequestObjectTagKeys': ['class', 'team'] } });
  await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'source', Tagging: { TagSet: [{ Key: 'team', Value: 'red' }] } }));
  await denied(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'source', Tagging: { TagSet: [{ Key: 'owner', Value: 'me' }] } })));
});

test('CopyObject carries s3:x-amz-copy-source and s3:x-amz-metadata-directive into its s3:PutObject', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:PutObject', { StringNotLike: { 's3:x-amz-copy-source': `${BUCKET}/source*` } });
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/source` }));
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/source`, MetadataDirective: 'REPLACE' }));
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy2', CopySource: `${BUCKET}/copy` })));
  await denyWhen('s3:PutObject', { StringEquals: { 's3:x-amz-metadata-directive': 'REPLACE' } });
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/source`, MetadataDirective: 'COPY' }));
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/source`, MetadataDirective: 'REPLACE' })));
});

test('CopyObject carries s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys only for tags it sets: x-amz-tagging with REPLACE, not with the default COPY directive', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:PutObject', { StringEquals: { 's3:RequestObjectTag/class': 'secret' } });
  // A source of its own, with tags of its own: the copy's tags are shown to be the source's.
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tag-source', Body: 'tagged source', Tagging: 'team=blue' }));
  const source = `${BUCKET}/tag-source`;
  // COPY (the default) takes the source's tags and ignores x-amz-tagging, so its tags are no keys of the request.
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tag-copy', CopySource: source, Tagging: 'class=secret' }));
  const copied = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tag-copy' }));
  assert.deepEqual(copied.TagSet, [{ Key: 'team', Value: 'blue' }]);
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tag-copy', CopySource: source, TaggingDirective: 'REPLACE', Tagging: 'class=secret' })));
  await denyWhen('s3:PutObject', { Null: { 's3:RequestObjectTagKeys': 'false' } });
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tag-copy', CopySource: source, TaggingDirective: 'COPY', Tagging: 'team=red' }));
  await denied(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'tag-copy', CopySource: source, TaggingDirective: 'REPLACE', Tagging: 'team=red' })));
});
