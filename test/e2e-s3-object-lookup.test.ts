// The operations that act on one existing object version (GetObject, HeadObject,
// GetObjectTagging, GetObjectAttributes, CopyObject's source, GetObjectAcl, PutObjectAcl, the
// tagging writes): the action a version id asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectTaggingCommand, GetObjectAclCommand, GetObjectTaggingCommand, PutBucketVersioningCommand, PutObjectAclCommand,
  PutObjectCommand, PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects, s3Client, userWithPolicy } from './support/s3-helpers.js';

const BUCKET = 'lookups';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3Client(gantry).send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'gone', Body: 'was here' }));
});

test('a version id asks for the Version form of the tagging and ACL actions: s3:GetObjectVersionTagging, s3:PutObjectVersionAcl...', async () => {
  const { VersionId } = await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'versioned', Body: 'v' }));
  const target = { Bucket: BUCKET, Key: 'versioned', VersionId };
  const calls = {
    's3:GetObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new GetObjectTaggingCommand(target)),
    's3:PutObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new PutObjectTaggingCommand({ ...target, Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } })),
    's3:DeleteObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new DeleteObjectTaggingCommand(target)),
    's3:GetObjectVersionAcl': (s3 = s3Client(gantry)) => s3.send(new GetObjectAclCommand(target)),
    's3:PutObjectVersionAcl': (s3 = s3Client(gantry)) => s3.send(new PutObjectAclCommand({ ...target, ACL: 'bucket-owner-full-control' })),
  };
  const nobody = s3Client(gantry, await userWithPolicy(gantry, 'version-nobody'));
  for (const [action, call] of Object.entries(calls)) {
    await rejects(call(nobody), 'AccessDenied', new RegExp(`not authorized to perform: ${action} on resource: "arn:aws:s3:::${BUCKET}/versioned"`), 403);
  }
  const allowed = s3Client(gantry, await userWithPolicy(gantry, 'version-writer', [
    { Effect: 'Allow', Action: Object.keys(calls), Resource: `arn:aws:s3:::${BUCKET}/*` },
  ]));
  for (const [action, call] of Object.entries(calls)) assert.equal((await call(allowed)).$metadata.httpStatusCode! < 300, true, action);
});
