// Reading a bucket's sub-resources as tools that manage buckets do (Terraform's aws_s3_bucket
// refresh, CDK): every read answers what AWS answers for a bucket where the feature was never
// configured (a 404 with AWS's code and text, or the empty configuration), authorized with its
// own IAM action (the ACL reads, which belong to the same refresh, are e2e-s3-acl-operations'
// subject). Texts as recorded against AWS in localstack's tests/aws/services/s3/*.snapshot.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketLifecycleCommand, DeleteBucketReplicationCommand, DeleteBucketWebsiteCommand,
  DeleteBucketAnalyticsConfigurationCommand, DeleteBucketIntelligentTieringConfigurationCommand, DeleteBucketInventoryConfigurationCommand,
  DeleteBucketMetricsConfigurationCommand, DeletePublicAccessBlockCommand, GetBucketAccelerateConfigurationCommand, GetBucketAclCommand, GetBucketAnalyticsConfigurationCommand,
  GetBucketIntelligentTieringConfigurationCommand, GetBucketInventoryConfigurationCommand, GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand, GetBucketMetricsConfigurationCommand, GetBucketNotificationConfigurationCommand, GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand, GetBucketRequestPaymentCommand, GetBucketWebsiteCommand, GetObjectAclCommand, GetObjectLockConfigurationCommand,
  ListBucketAnalyticsConfigurationsCommand, ListBucketIntelligentTieringConfigurationsCommand, ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand, PutBucketPolicyCommand, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describeRun } from './support/aws-cli.js';
import { useCliSession } from './support/cli-session.js';
import { send, sha256Hex, signS3 } from './support/raw-http.js';
import { rejects } from './support/aws-error.js';
import { metadataLess, statusOf } from './support/sdk-output.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'fresh-subresources';

const session = useCliSession({
  accountId: ACCT, name: 'subresources',
  setup: async (started) => {
    const s3 = s3Client(started.gantry);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'object', Body: 'x' }));
  },
});

interface Read {
  readonly name: string;
  readonly action: string;
  readonly call: (s3: S3Client, bucket: string) => Promise<unknown>;
}

/** Each read, the IAM action it is authorized with (Service Authorization Reference), and how it is sent. */
const READS: readonly Read[] = [
  { name: 'GetBucketWebsite', action: 's3:GetBucketWebsite', call: (s3, b) => s3.send(new GetBucketWebsiteCommand({ Bucket: b })) },
  { name: 'GetBucketLifecycleConfiguration', action: 's3:GetLifecycleConfiguration', call: (s3, b) => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b })) },
  { name: 'GetBucketReplication', action: 's3:GetReplicationConfiguration', call: (s3, b) => s3.send(new GetBucketReplicationCommand({ Bucket: b })) },
  { name: 'GetObjectLockConfiguration', action: 's3:GetBucketObjectLockConfiguration', call: (s3, b) => s3.send(new GetObjectLockConfigurationCommand({ Bucket: b })) },
  { name: 'GetBucketLogging', action: 's3:GetBucketLogging', call: (s3, b) => s3.send(new GetBucketLoggingCommand({ Bucket: b })) },
  { name: 'GetBucketRequestPayment', action: 's3:GetBucketRequestPayment', call: (s3, b) => s3.send(new GetBucketRequestPaymentCommand({ Bucket: b })) },
  { name: 'GetBucketAccelerateConfiguration', action: 's3:GetAccelerateConfiguration', call: (s3, b) => s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: b })) },
  { name: 'GetBucketNotificationConfiguration', action: 's3:GetBucketNotification', call: (s3, b) => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: b })) },
  { name: 'ListBucketAnalyticsConfigurations', action: 's3:GetAnalyticsConfiguration', call: (s3, b) => s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: b })) },
  { name: 'ListBucketMetricsConfigurations', action: 's3:GetMetricsConfiguration', call: (s3, b) => s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: b })) },
  { name: 'ListBucketInventoryConfigurations', action: 's3:GetInventoryConfiguration', call: (s3, b) => s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: b })) },
  {
    name: 'ListBucketIntelligentTieringConfigurations', action: 's3:GetIntelligentTieringConfiguration',
    call: (s3, b) => s3.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: b })),
  },
  { name: 'GetBucketAnalyticsConfiguration', action: 's3:GetAnalyticsConfiguration', call: (s3, b) => s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: b, Id: 'a' })) },
  { name: 'GetBucketMetricsConfiguration', action: 's3:GetMetricsConfiguration', call: (s3, b) => s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: b, Id: 'm' })) },
  { name: 'GetBucketInventoryConfiguration', action: 's3:GetInventoryConfiguration', call: (s3, b) => s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: b, Id: 'i' })) },
  {
    name: 'GetBucketIntelligentTieringConfiguration', action: 's3:GetIntelligentTieringConfiguration',
    call: (s3, b) => s3.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: b, Id: 't' })),
  },
  { name: 'GetBucketPolicyStatus', action: 's3:GetBucketPolicyStatus', call: (s3, b) => s3.send(new GetBucketPolicyStatusCommand({ Bucket: b })) },
  { name: 'GetBucketAcl', action: 's3:GetBucketAcl', call: (s3, b) => s3.send(new GetBucketAclCommand({ Bucket: b })) },
  { name: 'GetObjectAcl', action: 's3:GetObjectAcl', call: (s3, b) => s3.send(new GetObjectAclCommand({ Bucket: b, Key: 'object' })) },
  {
    name: 'DeleteBucketAnalyticsConfiguration', action: 's3:PutAnalyticsConfiguration',
    call: (s3, b) => s3.send(new DeleteBucketAnalyticsConfigurationCommand({ Bucket: b, Id: 'a' })),
  },
  { name: 'DeleteBucketMetricsConfiguration', action: 's3:PutMetricsConfiguration', call: (s3, b) => s3.send(new DeleteBucketMetricsConfigurationCommand({ Bucket: b, Id: 'm' })) },
  {
    name: 'DeleteBucketInventoryConfiguration', action: 's3:PutInventoryConfiguration',
    call: (s3, b) => s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: b, Id: 'i' })),
  },
  {
    name: 'DeleteBucketIntelligentTieringConfiguration', action: 's3:PutIntelligentTieringConfiguration',
    call: (s3, b) => s3.send(new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: b, Id: 't' })),
  },
  { name: 'DeleteBucketWebsite', action: 's3:DeleteBucketWebsite', call: (s3, b) => s3.send(new DeleteBucketWebsiteCommand({ Bucket: b })) },
  { name: 'DeleteBucketLifecycle', action: 's3:PutLifecycleConfiguration', call: (s3, b) => s3.send(new DeleteBucketLifecycleCommand({ Bucket: b })) },
  { name: 'DeleteBucketReplication', action: 's3:PutReplicationConfiguration', call: (s3, b) => s3.send(new DeleteBucketReplicationCommand({ Bucket: b })) },
];

test('a fresh bucket: each feature that was never configured answers its 404 with AWS\'s code, text and BucketName', async () => {
  const s3 = s3Client(session.gantry);
  const cases = [
    ['GetBucketWebsite', 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'],
    ['GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'],
    ['GetBucketReplication', 'ReplicationConfigurationNotFoundError', 'The replication configuration was not found'],
    ['GetObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket'],
    ['GetBucketPolicyStatus', 'NoSuchBucketPolicy', 'The bucket policy does not exist'],
  ] as const;
  for (const [name, code, message] of cases) {
    const read = READS.find((r) => r.name === name) as Read;
    await assert.rejects(read.call(s3, BUCKET), (error: Error & { BucketName?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, code, name);
      assert.equal(error.message, message, name);
      assert.equal(error.$metadata?.httpStatusCode, 404, name);
      assert.equal(error.BucketName, BUCKET, name);
      return true;
    });
  }
  // Configurations by id: NoSuchConfiguration, which names no bucket.
  for (const name of [
    'GetBucketAnalyticsConfiguration', 'GetBucketMetricsConfiguration', 'GetBucketInventoryConfiguration', 'GetBucketIntelligentTieringConfiguration',
    'DeleteBucketAnalyticsConfiguration', 'DeleteBucketMetricsConfiguration', 'DeleteBucketInventoryConfiguration', 'DeleteBucketIntelligentTieringConfiguration',
  ]) {
    const read = READS.find((r) => r.name === name) as Read;
    await rejects(read.call(s3, BUCKET), 'NoSuchConfiguration', 'The specified configuration does not exist.', 404);
  }
});

test('a fresh bucket: logging off, the owner pays, no acceleration status, no notifications, empty configuration lists, deletes of nothing are 204', async () => {
  const s3 = s3Client(session.gantry);
  const answer = async (name: string) => {
    const output = await (READS.find((r) => r.name === name) as Read).call(s3, BUCKET);
    return { status: statusOf(output), body: metadataLess(output) };
  };
  assert.deepEqual(await answer('GetBucketLogging'), { status: 200, body: {} });
  assert.deepEqual(await answer('GetBucketRequestPayment'), { status: 200, body: { Payer: 'BucketOwner' } });
  assert.deepEqual(await answer('GetBucketAccelerateConfiguration'), { status: 200, body: {} });
  assert.deepEqual(await answer('GetBucketNotificationConfiguration'), { status: 200, body: {} });
  for (const name of ['ListBucketAnalyticsConfigurations', 'ListBucketMetricsConfigurations', 'ListBucketInventoryConfigurations', 'ListBucketIntelligentTieringConfigurations']) {
    assert.deepEqual(await answer(name), { status: 200, body: { IsTruncated: false } }, name);
  }
  for (const name of ['DeleteBucketWebsite', 'DeleteBucketLifecycle', 'DeleteBucketReplication']) {
    assert.deepEqual(await answer(name), { status: 204, body: {} }, name);
    // And again: there is still nothing, and AWS answers the same.
    assert.equal((await answer(name)).status, 204, name);
  }
});

test('every read answers NoSuchBucket for a bucket that does not exist', async () => {
  const s3 = s3Client(session.gantry);
  for (const read of READS) {
    await assert.rejects(read.call(s3, 'no-such-bucket-here'), (error: Error & { BucketName?: string }) => {
      assert.equal(error.name, 'NoSuchBucket', read.name);
      assert.equal(error.message, 'The specified bucket does not exist', read.name);
      assert.equal(error.BucketName, 'no-such-bucket-here', read.name);
      return true;
    });
  }
});

test('each read is authorized with its own IAM action: denied without it (the action named), answered with exactly it', async () => {
  const nobody = s3Client(session.gantry, await userWithPolicy(session.gantry, 'subresources-nobody'));
  for (const read of READS) {
    const resource = read.name === 'GetObjectAcl' ? `arn:aws:s3:::${BUCKET}/object` : `arn:aws:s3:::${BUCKET}`;
    await rejects(read.call(nobody, BUCKET), 'AccessDenied',
      `User: arn:aws:iam::${ACCT}:user/subresources-nobody is not authorized to perform: ${read.action} on resource: "${resource}" because no identity-based policy allows the ${read.action} action`,
      403);
  }
  const actions = [...new Set(READS.map((r) => r.action))];
  const allowed = s3Client(session.gantry, await userWithPolicy(session.gantry, 'subresources-reader', [
    { Effect: 'Allow', Action: actions, Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] },
  ]));
  assert.equal(statusOf(await READS.find((r) => r.name === 'GetBucketLogging')?.call(allowed, BUCKET)), 200);
  assert.equal(statusOf(await READS.find((r) => r.name === 'GetBucketAcl')?.call(allowed, BUCKET)), 200);
  assert.equal(statusOf(await READS.find((r) => r.name === 'GetObjectAcl')?.call(allowed, BUCKET)), 200);
  await rejects(READS.find((r) => r.name === 'GetBucketWebsite')?.call(allowed, BUCKET) as Promise<unknown>, 'NoSuchWebsiteConfiguration');
  await rejects(READS.find((r) => r.name === 'GetBucketMetricsConfiguration')?.call(allowed, BUCKET) as Promise<unknown>, 'NoSuchConfiguration');
});

test('GetBucketPolicyStatus: IsPublic by AWS\'s definition, from the bucket policy', async () => {
  const s3 = s3Client(session.gantry);
  const bucket = 'policy-status';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
  const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
  const put = await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy({ ...read, Principal: { AWS: `arn:aws:iam::${ACCT}:root` } }) }));
  assert.equal(put.$metadata.httpStatusCode, 204, 'PutBucketPolicy answers 204 No Content, as AWS records it ("put-bucket-policy")');
  assert.deepEqual((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus, { IsPublic: false });
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy({ ...read, Principal: '*' }) }));
  assert.deepEqual((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus, { IsPublic: true });
});

test('the unconfigured documents are AWS\'s empty root elements, not empty bodies', async () => {
  const { gantry } = session;
  const body = async (query: string) => {
    const headers = await signS3(gantry.url, gantry.root, 'GET', `/${BUCKET}`, { 'x-amz-content-sha256': sha256Hex('') }, new Date(), { [query]: '' });
    const res = await send(gantry.url, 'GET', `/${BUCKET}?${query}`, headers);
    assert.equal(res.status, 200, query);
    return res.body.toString();
  };
  const ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  assert.match(await body('logging'), new RegExp(`<BucketLoggingStatus ${ns}(/>|></BucketLoggingStatus>)$`));
  assert.match(await body('accelerate'), new RegExp(`<AccelerateConfiguration ${ns}(/>|></AccelerateConfiguration>)$`));
  assert.match(await body('notification'), new RegExp(`<NotificationConfiguration ${ns}(/>|></NotificationConfiguration>)$`));
});

test('AWS CLI: the Terraform aws_s3_bucket refresh set on a fresh bucket answers what AWS answers, never NotImplemented', { skip: session.skip }, async () => {
  const { aws, ok } = session;
  const missing = async (command: string, code: string) => {
    const run = await aws(['s3api', command, '--bucket', BUCKET]);
    assert.equal(run.code, session.cli.serviceErrorExit, describeRun(run));
    assert.match(run.stderr, new RegExp(`An error occurred \\(${code}\\) when calling`), describeRun(run));
  };
  const answered = (command: string) => ok(['s3api', command, '--bucket', BUCKET]);

  await missing('get-bucket-policy', 'NoSuchBucketPolicy');
  const acl = await answered('get-bucket-acl');
  assert.deepEqual(acl.Grants.map((g: { Grantee: { ID: string; Type: string }; Permission: string }) => [g.Grantee.Type, g.Grantee.ID, g.Permission]),
    [['CanonicalUser', acl.Owner.ID, 'FULL_CONTROL']]);
  await missing('get-bucket-cors', 'NoSuchCORSConfiguration');
  await missing('get-bucket-website', 'NoSuchWebsiteConfiguration');
  assert.equal(await answered('get-bucket-versioning'), null);
  assert.equal(await answered('get-bucket-accelerate-configuration'), null);
  assert.deepEqual(await answered('get-bucket-request-payment'), { Payer: 'BucketOwner' });
  assert.equal(await answered('get-bucket-logging'), null);
  await missing('get-bucket-lifecycle-configuration', 'NoSuchLifecycleConfiguration');
  await missing('get-bucket-replication', 'ReplicationConfigurationNotFoundError');
  const encryption = await answered('get-bucket-encryption');
  assert.equal(encryption.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
  await missing('get-object-lock-configuration', 'ObjectLockConfigurationNotFoundError');
  await missing('get-bucket-tagging', 'NoSuchTagSet');
  // The old APIs some tools still call.
  await missing('get-bucket-lifecycle', 'NoSuchLifecycleConfiguration');
  assert.equal(await answered('get-bucket-notification'), null);
  assert.equal(await answered('get-bucket-notification-configuration'), null);
});
