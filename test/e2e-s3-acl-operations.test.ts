// The ACL operations. Where ACLs are disabled (BucketOwnerEnforced, every new bucket's default)
// AWS still answers the reads, always with the bucket owner's FULL_CONTROL, and refuses ACL
// writes with AccessControlListNotSupported (object-ownership-error-responses.html); where ACLs
// are enabled Gantry keeps none and says so (NotImplemented).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, GetBucketAclCommand, GetObjectAclCommand, ListBucketsCommand, PutBucketAclCommand, PutObjectAclCommand, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { metadataLess, statusOf } from './support/sdk-output.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'acls-disabled';
const gantry = useGantry({ accountId: ACCT }, async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'object', Body: 'x' }));
});

test('ACLs disabled (BucketOwnerEnforced): the ACL reads show the owner\'s FULL_CONTROL; ACL writes are AccessControlListNotSupported, bucket owner full control on an object excepted', async () => {
  const s3 = s3Client(gantry);
  const owner = (await s3.send(new ListBucketsCommand({}))).Owner;
  assert.ok(owner?.ID);
  const expected = { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
  assert.deepEqual(metadataLess(await s3.send(new GetBucketAclCommand({ Bucket: BUCKET }))), expected);
  assert.deepEqual(metadataLess(await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: 'object' }))), expected);
  await rejects(s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: 'missing' })), 'NoSuchKey', 'The specified key does not exist.', 404);

  const refused = ['AccessControlListNotSupported', 'The bucket does not allow ACLs', 400] as const;
  // Even the owner's own ACL, as Terraform's aws_s3_bucket_acl with acl = "private" meets on AWS.
  await rejects(s3.send(new PutBucketAclCommand({ Bucket: BUCKET, ACL: 'private' })), ...refused);
  await rejects(s3.send(new PutBucketAclCommand({ Bucket: BUCKET, ACL: 'public-read' })), ...refused);
  await rejects(s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: 'object', ACL: 'public-read' })), ...refused);
  await rejects(s3.send(new PutObjectAclCommand({
    Bucket: BUCKET, Key: 'object', AccessControlPolicy: { Owner: owner, Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
  })), ...refused);
  assert.equal(statusOf(await s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: 'object', ACL: 'bucket-owner-full-control' }))), 200);
  assert.equal(statusOf(await s3.send(new PutObjectAclCommand({
    Bucket: BUCKET, Key: 'object', AccessControlPolicy: { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' }] },
  }))), 200);
  await rejects(s3.send(new PutObjectAclCommand({ Bucket: BUCKET, Key: 'missing', ACL: 'bucket-owner-full-control' })), 'NoSuchKey');
  assert.deepEqual(metadataLess(await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: 'object' }))), expected);
});

test('ACLs enabled: Gantry keeps no ACLs, so the ACL operations answer NotImplemented there rather than a made-up ACL', async () => {
  const s3 = s3Client(gantry);
  const bucket = 'acls-enabled';
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'object', Body: 'x' }));
  const notImplemented = /S3 ACLs are not implemented in Gantry yet/;
  await rejects(s3.send(new GetBucketAclCommand({ Bucket: bucket })), 'NotImplemented', notImplemented, 501);
  await rejects(s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'object' })), 'NotImplemented', notImplemented, 501);
  await rejects(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' })), 'NotImplemented', notImplemented, 501);
  await rejects(s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'object', ACL: 'private' })), 'NotImplemented', notImplemented, 501);
});

test('the ACL operations: NoSuchBucket for a missing bucket, and each authorized with its own action', async () => {
  const calls: ReadonlyArray<readonly [string, string, (s3: S3Client, bucket: string) => Promise<unknown>]> = [
    ['s3:GetBucketAcl', '', (s3, b) => s3.send(new GetBucketAclCommand({ Bucket: b }))],
    ['s3:GetObjectAcl', '/object', (s3, b) => s3.send(new GetObjectAclCommand({ Bucket: b, Key: 'object' }))],
    ['s3:PutBucketAcl', '', (s3, b) => s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'private' }))],
    ['s3:PutObjectAcl', '/object', (s3, b) => s3.send(new PutObjectAclCommand({ Bucket: b, Key: 'object', ACL: 'bucket-owner-full-control' }))],
  ];
  const s3 = s3Client(gantry);
  const nobody = s3Client(gantry, await userWithPolicy(gantry, 'acl-nobody'));
  for (const [action, key, call] of calls) {
    await rejects(call(s3, 'no-such-bucket-here'), 'NoSuchBucket', 'The specified bucket does not exist', 404);
    await rejects(call(nobody, BUCKET), 'AccessDenied',
      `User: arn:aws:iam::${ACCT}:user/acl-nobody is not authorized to perform: ${action} on resource: "arn:aws:s3:::${BUCKET}${key}" because no identity-based policy allows the ${action} action`,
      403);
  }
});
