// S3 condition keys of buckets and bucket-level calls, driven through the SDK as IAM users whose
// identity policies (or the bucket's policy) allow or deny by each key: s3:ResourceAccount (the
// bucket owner's account), s3:max-keys of listings and s3:locationconstraint of CreateBucket.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
import { test } from 'node:test';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, GetObjectCommand, HeadBucketCommand, ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command,
  ListObjectVersionsCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bucketPolicies, deniedByBucketPolicy as deniedByBucket } from './support/bucket-policy.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'owned';

const gantry = useGantry({ accountId: ACCT }, async () => {
  const root = s3Client(gantry);
  await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doc', Body: 'doc' }));
});

const { denyWhen } = bucketPolicies(gantry, BUCKET);
const deniedByIdentity = (promise: Promise<unknown>) => rejects(promise, 'AccessDenied', /because no identity-based policy allows/, 403);

test('s3:ResourceAccount is the bucket owner account on bucket and object actions, and the caller account on CreateBucket and ListBuckets', async () => {
  // The data-perimeter pattern: S3 only on resources of the caller's own account.
  const own = s3Client(gantry, await userWithPolicy(gantry, 'perimeter', [
    { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': ACCT } } },
  ]));
  await own.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }));
  await own.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'written', Body: 'x' }));
  await own.send(new HeadBucketCommand({ Bucket: BUCKET }));
  await own.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  await own.send(new ListBucketsCommand({}));
  await own.send(new CreateBucketCommand({ Bucket: 'perimeter-made' }));
  // Another account id in the condition allows nothing.
  const other = s3Client(gantry, await userWithPolicy(gantry, 'elsewhere', [
    { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': '444455556666' } } },
  ]));
  await deniedByIdentity(other.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' })));
  await deniedByIdentity(other.send(new ListObjectsV2Command({ Bucket: BUCKET })));
  await deniedByIdentity(other.send(new CreateBucketCommand({ Bucket: 'elsewhere-made' })));
});

test('s3:max-keys is the max-keys the listing sends, as sent, and absent when it sends none', async () => {
  const s3 = s3Client(gantry, await userWithPolicy(gantry, 'lister', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]));
  /** The three listings, each started only when called. */
  const listings = (maxKeys?: number) => [
    () => s3.send(new ListObjectsCommand({ Bucket: BUCKET, MaxKeys: maxKeys })),
    () => s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: maxKeys })),
    () => s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, MaxKeys: maxKeys })),
  ];
  const LISTING = ['s3:ListBucket', 's3:ListBucketVersions'];
  // The classic cap: no page over 100 keys. A listing that names no max-keys is not judged by it.
  await denyWhen(LISTING, { NumericGreaterThan: { 's3:max-keys': '100' } });
  for (const listing of [...listings(), ...listings(50)]) await listing();
  for (const listing of listings(500)) await deniedByBucket(listing());
  // Above S3's 1000 a page still holds 1000 keys, but the key is the value the request sent.
  await denyWhen(LISTING, { NumericGreaterThan: { 's3:max-keys': '1000' } });
  for (const listing of listings(1000)) await listing();
  for (const listing of listings(5000)) await deniedByBucket(listing());
  // Insisting on max-keys: a listing without it is refused.
  await denyWhen(LISTING, { Null: { 's3:max-keys': 'true' } });
  for (const listing of listings(10)) await listing();
  for (const listing of listings()) await deniedByBucket(listing());
  await s3Client(gantry).send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
});

test('s3:locationconstraint is the LocationConstraint CreateBucket names, and absent for a us-east-1 bucket created without one', async () => {
  const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
  // Buckets only in eu-west-1 (the key name is case-insensitive, as policies often spell it).
  const dublin = s3Client(gantry, await userWithPolicy(gantry, 'dublin-only', [
    allowAll, { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { StringNotEquals: { 's3:LocationConstraint': 'eu-west-1' } } },
  ]));
  await dublin.send(new CreateBucketCommand({ Bucket: 'made-in-dublin', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await rejects(dublin.send(new CreateBucketCommand({ Bucket: 'made-in-paris', CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' } })), 'AccessDenied', /explicit deny in an identity-based policy/, 403);
  await rejects(dublin.send(new CreateBucketCommand({ Bucket: 'made-in-virginia' })), 'AccessDenied', /explicit deny in an identity-based policy/, 403);
  // Buckets only in us-east-1, which names no LocationConstraint.
  const virginia = s3Client(gantry, await userWithPolicy(gantry, 'virginia-only', [
    allowAll, { Effect: 'Deny', Action: 's3:CreateBucket', Resource: '*', Condition: { Null: { 's3:locationconstraint': 'false' } } },
  ]));
  await virginia.send(new CreateBucketCommand({ Bucket: 'made-in-virginia' }));
  await rejects(virginia.send(new CreateBucketCommand({ Bucket: 'made-in-dublin-2', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), 'AccessDenied', /explicit deny in an identity-based policy/, 403);
});
