// New S3 buckets get AWS's defaults since April 2023: Block Public Access on (all four settings)
// and Object Ownership BucketOwnerEnforced (ACLs disabled); ownership controls can be read,
// changed and removed; buckets stored before these defaults keep what they had.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketOwnershipControlsCommand, DeletePublicAccessBlockCommand,
  GetBucketOwnershipControlsCommand, GetObjectCommand, GetPublicAccessBlockCommand, ListBucketsCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand,
  PutObjectCommand, PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { createAccount } from '../src/server/platform.js';
import { openDatabase } from '../src/store/index.js';
import { startGantry, type RunningGantry } from './support/gantry-fixture.js';
import { send } from './support/raw-http.js';
import { rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
let gantry: RunningGantry;
before(async () => {
  gantry = await startGantry({ accountId: ACCT });
});
after(async () => {
  await gantry.dispose();
});

const publicRead = (bucket: string) => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});
const ownershipOf = async (bucket: string) =>
  (await s3Client(gantry).send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))).OwnershipControls?.Rules?.map((r) => r.ObjectOwnership);

test('a new bucket blocks all public access: public policies are refused until the block is lifted', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'fresh' }));
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'fresh' }));
  assert.deepEqual(block.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  assert.deepEqual(await ownershipOf('fresh'), ['BucketOwnerEnforced']);

  await s3.send(new PutObjectCommand({ Bucket: 'fresh', Key: 'page.html', Body: 'hello' }));
  await rejects(s3.send(new PutBucketPolicyCommand({ Bucket: 'fresh', Policy: publicRead('fresh') })), 'AccessDenied', 'Access Denied', 403);
  assert.equal((await send(gantry.url, 'GET', '/fresh/page.html')).status, 403);

  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'fresh' }));
  await rejects(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'fresh' })), 'NoSuchPublicAccessBlockConfiguration');
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'fresh', Policy: publicRead('fresh') }));
  const anonymous = await send(gantry.url, 'GET', '/fresh/page.html');
  assert.equal(anonymous.status, 200);
  assert.equal(anonymous.body.toString(), 'hello');
});

test('RestrictPublicBuckets: a public policy serves only the bucket owner\'s account, not anonymous or other accounts', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'restricted' }));
  await s3.send(new PutObjectCommand({ Bucket: 'restricted', Key: 'page.html', Body: 'hello' }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'restricted', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'restricted', Policy: publicRead('restricted') }));
  const other = createAccount(gantry.platform, '444455556666');
  const partner = s3Client(gantry, { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey });
  await rejects(partner.send(new GetObjectCommand({ Bucket: 'restricted', Key: 'page.html' })), 'AccessDenied', 'Access Denied', 403);
  assert.equal((await send(gantry.url, 'GET', '/restricted/page.html')).status, 403);
  // Lifted, the same public policy lets the other account in.
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'restricted', PublicAccessBlockConfiguration: { RestrictPublicBuckets: false } }));
  assert.equal(await (await partner.send(new GetObjectCommand({ Bucket: 'restricted', Key: 'page.html' }))).Body?.transformToString(), 'hello');
});

test('BucketOwnerEnforced: object ACLs other than bucket owner full control are AccessControlListNotSupported', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'no-acls' }));
  await s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'source', Body: 'x' }));
  const refused = ['AccessControlListNotSupported', 'The bucket does not allow ACLs', 400] as const;
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', ACL: 'public-read' })), ...refused);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', ACL: 'bucket-owner-read' })), ...refused);
  await rejects(s3.send(new PutObjectCommand({
    Bucket: 'no-acls', Key: 'k', Body: 'x', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
  })), ...refused);
  await rejects(s3.send(new CopyObjectCommand({ Bucket: 'no-acls', Key: 'k', CopySource: 'no-acls/source', ACL: 'public-read' })), ...refused);
  await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: 'no-acls', Key: 'k', ACL: 'authenticated-read' })), ...refused);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', ACL: 'private', GrantRead: 'id="abc"' })), 'InvalidRequest',
    'Specifying both Canned ACLs and Header Grants is not allowed', 400);

  // The owner's full control, however it is said, is what the bucket enforces anyway.
  await s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
  await s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', ACL: 'private' }));
  const ownerId = (await s3.send(new ListBucketsCommand({}))).Owner?.ID;
  await s3.send(new PutObjectCommand({ Bucket: 'no-acls', Key: 'k', Body: 'x', GrantFullControl: `id="${ownerId}"` }));
  await s3.send(new CopyObjectCommand({ Bucket: 'no-acls', Key: 'copy', CopySource: 'no-acls/source', ACL: 'bucket-owner-full-control' }));
});

test('CreateBucket: an ACL with BucketOwnerEnforced is InvalidBucketAclWithObjectOwnership; x-amz-object-ownership chooses', async () => {
  const s3 = s3Client(gantry);
  await rejects(s3.send(new CreateBucketCommand({ Bucket: 'public-one', ACL: 'public-read' })), 'InvalidBucketAclWithObjectOwnership',
    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
  await rejects(s3.send(new CreateBucketCommand({ Bucket: 'public-one', ObjectOwnership: 'BucketOwnerEnforced', GrantRead: 'id="abc"' })),
    'InvalidBucketAclWithObjectOwnership');
  await s3.send(new CreateBucketCommand({ Bucket: 'private-one', ACL: 'private' }));
  assert.deepEqual(await ownershipOf('private-one'), ['BucketOwnerEnforced']);

  await s3.send(new CreateBucketCommand({ Bucket: 'writer-owned', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }));
  assert.deepEqual(await ownershipOf('writer-owned'), ['ObjectWriter']);
  // ACLs are enabled there, but Block Public Access (on by default) still refuses a public one.
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'writer-owned', Key: 'k', Body: 'x', ACL: 'public-read' })), 'AccessDenied', 'Access Denied', 403);
  await s3.send(new PutObjectCommand({ Bucket: 'writer-owned', Key: 'k', Body: 'x', ACL: 'bucket-owner-read' }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'writer-owned', PublicAccessBlockConfiguration: { BlockPublicAcls: false } }));
  await s3.send(new PutObjectCommand({ Bucket: 'writer-owned', Key: 'k', Body: 'x', ACL: 'public-read' }));

  // s3:x-amz-object-ownership is a condition key of CreateBucket: a policy can insist on BucketOwnerEnforced.
  // (Sending the header asks s3:PutBucketOwnershipControls too, API_CreateBucket.html.)
  const creator = s3Client(gantry, await userWithPolicy(gantry, 'bucket-maker', [
    { Effect: 'Allow', Action: ['s3:CreateBucket', 's3:PutBucketOwnershipControls'], Resource: '*' },
    { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { StringNotEquals: { 's3:x-amz-object-ownership': 'BucketOwnerEnforced' } } },
  ]));
  await rejects(creator.send(new CreateBucketCommand({ Bucket: 'maker-one', ObjectOwnership: 'ObjectWriter' })), 'AccessDenied', /explicit deny/);
  await rejects(creator.send(new CreateBucketCommand({ Bucket: 'maker-one' })), 'AccessDenied', /explicit deny/);
  await creator.send(new CreateBucketCommand({ Bucket: 'maker-one', ObjectOwnership: 'BucketOwnerEnforced' }));
});

test('ownership controls: put, get and delete, authorized with s3:PutBucketOwnershipControls and s3:GetBucketOwnershipControls', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'owned' }));
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'owned', Key: 'k', Body: 'x', ACL: 'bucket-owner-read' })), 'AccessControlListNotSupported');
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'owned', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } }));
  assert.deepEqual(await ownershipOf('owned'), ['BucketOwnerPreferred']);
  await s3.send(new PutObjectCommand({ Bucket: 'owned', Key: 'k', Body: 'x', ACL: 'bucket-owner-read' }));

  await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'owned' }));
  await rejects(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'owned' })), 'OwnershipControlsNotFoundError',
    'The bucket ownership controls were not found', 404);
  await s3.send(new PutObjectCommand({ Bucket: 'owned', Key: 'k', Body: 'x', ACL: 'bucket-owner-read' }));
  const twoRules = [{ ObjectOwnership: 'ObjectWriter' as const }, { ObjectOwnership: 'BucketOwnerEnforced' as const }];
  await rejects(s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'owned', OwnershipControls: { Rules: twoRules } })), 'MalformedXML');

  const reader = await userWithPolicy(gantry, 'ownership-reader', [{ Effect: 'Allow', Action: 's3:GetBucketOwnershipControls', Resource: 'arn:aws:s3:::owned' }]);
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: 'owned', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
  const asReader = s3Client(gantry, reader);
  assert.deepEqual((await asReader.send(new GetBucketOwnershipControlsCommand({ Bucket: 'owned' }))).OwnershipControls?.Rules, [{ ObjectOwnership: 'ObjectWriter' }]);
  await rejects(asReader.send(new PutBucketOwnershipControlsCommand({ Bucket: 'owned', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })),
    'AccessDenied', /not authorized to perform: s3:PutBucketOwnershipControls on resource: "arn:aws:s3:::owned"/);
  await rejects(asReader.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'owned' })), 'AccessDenied', /s3:PutBucketOwnershipControls/);
});

test('a bucket stored before these defaults keeps no public access block and no ownership controls', async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'legacy' }));
  await gantry.stop();
  // Rewrite its record as an older Gantry stored it: no block, no objectOwnership field.
  const db = openDatabase(join(gantry.dataDir, 'gantry.db'));
  try {
    const row = db.prepare('SELECT record FROM s3_buckets WHERE name = ?').get('legacy') as { record: string };
    const older: Record<string, unknown> = { ...(JSON.parse(row.record) as Record<string, unknown>), publicAccessBlock: null };
    delete older['objectOwnership'];
    db.prepare('UPDATE s3_buckets SET record = ? WHERE name = ?').run(JSON.stringify(older), 'legacy');
  } finally {
    db.close();
  }
  gantry = await startGantry({ dataDir: gantry.dataDir, accountId: ACCT });
  const s3 = s3Client(gantry);
  await rejects(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'legacy' })), 'NoSuchPublicAccessBlockConfiguration');
  await rejects(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'legacy' })), 'OwnershipControlsNotFoundError');
  await s3.send(new PutObjectCommand({ Bucket: 'legacy', Key: 'k', Body: 'old', ACL: 'public-read' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'legacy', Policy: publicRead('legacy') }));
  assert.equal((await send(gantry.url, 'GET', '/legacy/k')).body.toString(), 'old');
});
