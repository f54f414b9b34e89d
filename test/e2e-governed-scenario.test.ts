// The least-privilege design of the governed ML workflow, end to end, as a platform engineer
// proves it before shipping: a private bucket with default SSE-KMS under a customer managed key
// whose key policy lets one execution role use the key only through S3 (kms:ViaService,
// kms:CallerAccount); a bucket policy refusing other algorithms and keys and principals outside
// the account; the role scoped by prefix through a session tag (policy variables), under a
// permissions boundary and a session policy. Each answer and text is AWS's; `gantry explain`
// names the statement that decided. Then the identity-side way of keeping a key to S3's use,
// aws:ViaAWSService, which S3's calls to KMS set to true and direct calls to false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand,
  ListObjectsV2Command, PutBucketEncryptionCommand, PutBucketPolicyCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { CreateKeyCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { CreatePolicyCommand, CreateRoleCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { iamClient, kmsClient, s3Client } from './support/s3-helpers.js';
import { roleAssumer, roleSession } from './support/role-session.js';
import { rejects } from './support/aws-error.js';

const ACCT = '111122223333';
const BUCKET = 'ml-data-gov';
const ROLE = 'ml-exec-teamA';
const ROLE_ARN = `arn:aws:iam::${ACCT}:role/${ROLE}`;
const SESSION_ARN = `arn:aws:sts::${ACCT}:assumed-role/${ROLE}/run-1`;
const bin = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

let useKey = '';
let otherKey = '';
let session: Credentials;

const gantry = useGantry({ accountId: ACCT }, async () => {
  const iam = iamClient(gantry);
  const kms = kmsClient(gantry);
  const s3 = s3Client(gantry);
  await iam.send(new CreateRoleCommand({
    RoleName: ROLE,
    AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]),
  }));
  // The user who assumes the role also writes the object under the key the role is not granted.
  const assumer = await roleAssumer(gantry, { accountId: ACCT, creds: gantry.root });
  const admin = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:Put*'], Resource: '*' };
  useKey = (await kms.send(new CreateKeyCommand({
    Policy: doc([admin, {
      Sid: 'UseViaS3', Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCT } },
    }]),
  }))).KeyMetadata?.Arn as string;
  // A key the role is not granted: the ingest user writes with it.
  otherKey = (await kms.send(new CreateKeyCommand({
    Policy: doc([admin, { Sid: 'IngestUse', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/role-assumer` }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' }]),
  }))).KeyMetadata?.Arn as string;
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketEncryptionCommand({
    Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: useKey } }] },
  }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'role-assumer', PolicyName: 'tag-and-ingest', PolicyDocument: doc([
    { Effect: 'Allow', Action: ['sts:TagSession', 's3:PutObject'], Resource: '*' },
  ]) }));
  await s3Client(gantry, assumer).send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'teamA/foreign-key', Body: 'f', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKey,
  }));
  await s3Client(gantry, assumer).send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'teamB/data', Body: 'b', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKey,
  }));
  // Headers are checked only when sent (Null false): UploadPart sends none, and a plain
  // StringNotEquals would refuse every part, as AWS does (boto/botocore#471).
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: doc([
    { Sid: 'DenyOtherAlgorithm', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: { 's3:x-amz-server-side-encryption': 'false' } } },
    { Sid: 'DenyOtherKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': useKey }, Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' } } },
    { Sid: 'DenyOutsiders', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCT } } },
  ]) }));
  const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ml-boundary', PolicyDocument: doc([
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
  ]) }))).Policy?.Arn;
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: ROLE, PermissionsBoundary: boundary }));
  await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'scoped', PolicyDocument: doc([
    { Sid: 'ListOwnPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringLike: { 's3:prefix': ['${aws:PrincipalTag/team}/*'] } } },
    { Sid: 'ObjectsOwnPrefix', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team}/*` },
  ]) }));
  const assumed = await new STSClient(clientConfig(gantry, assumer)).send(new AssumeRoleCommand({
    RoleArn: ROLE_ARN, RoleSessionName: 'run-1', Tags: [{ Key: 'team', Value: 'teamA' }],
    Policy: doc([
      { Effect: 'Allow', Action: ['s3:*', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
      { Sid: 'KeepKept', Effect: 'Deny', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/teamA/keep/*` },
    ]),
  }));
  const c = assumed.Credentials;
  session = { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string };
});

const s3Denied = (action: string, resource: string, why: string) =>
  `User: ${SESSION_ARN} is not authorized to perform: ${action} on resource: "${resource}" ${why}`;
const noIdentity = (action: string) => `because no identity-based policy allows the ${action} action`;

function explain(requestId: string | undefined): string {
  gantry.platform.audit.flush();
  const result = spawnSync(process.execPath, [bin, 'explain', requestId ?? '', '--data-dir', gantry.dataDir], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

async function requestIdOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  }
  assert.fail('the request was allowed');
}

test('the role session lists, reads and writes its own prefix only, with the key of the bucket', async () => {
  const s3 = s3Client(gantry, session);
  const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: useKey };
  await rejects(s3.send(new ListObjectsV2Command({ Bucket: BUCKET })), 'AccessDenied',
    s3Denied('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, noIdentity('s3:ListBucket')), 403);
  await rejects(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'teamB/' })), 'AccessDenied',
    s3Denied('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, noIdentity('s3:ListBucket')), 403);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'teamA/' }));
  assert.deepEqual(listed.Contents?.map((o) => o.Key), ['teamA/foreign-key']);

  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/x', Body: 'x', ...sse }));
  assert.equal(put.SSEKMSKeyId, useKey);
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'teamA/x' }))).Body?.transformToString(), 'x');
  // Without headers the bucket default (the same key) applies.
  assert.equal((await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/default', Body: 'd' }))).SSEKMSKeyId, useKey);
  await rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamB/x', Body: 'x', ...sse })), 'AccessDenied',
    s3Denied('s3:PutObject', `arn:aws:s3:::${BUCKET}/teamB/x`, noIdentity('s3:PutObject')), 403);
  await rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'teamB/data' })), 'AccessDenied',
    s3Denied('s3:GetObject', `arn:aws:s3:::${BUCKET}/teamB/data`, noIdentity('s3:GetObject')), 403);
  await rejects(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/aes', Body: 'x', ServerSideEncryption: 'AES256' })), 'AccessDenied',
    s3Denied('s3:PutObject', `arn:aws:s3:::${BUCKET}/teamA/aes`, 'with an explicit deny in a resource-based policy'), 403);
  const otherKeyPut = s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/other', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: otherKey }));
  const otherKeyId = await requestIdOf(otherKeyPut);
  await rejects(otherKeyPut, 'AccessDenied', s3Denied('s3:PutObject', `arn:aws:s3:::${BUCKET}/teamA/other`, 'with an explicit deny in a resource-based policy'), 403);
  assert.match(explain(otherKeyId), /matched: resource-based policy arn:aws:s3:::ml-data-gov\\?#policy, statement 1 \(DenyOtherKey\), Deny/);

  // The object's own key does not grant the role: S3 answers with KMS's text (spec §2.6).
  const foreign = s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'teamA/foreign-key' }));
  await rejects(foreign, 'AccessDenied',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.', 403);
  assert.match(explain(await requestIdOf(foreign)), new RegExp(`kms:Decrypt on ${otherKey}: ImplicitDeny by the resource-based policy`));
});

test('the role session copies, deletes, uploads in parts and presigns within its prefix only', async () => {
  const s3 = s3Client(gantry, session);
  const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: useKey };
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/src', Body: 'src', ...sse }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'teamA/keep/k', Body: 'k', ...sse }));
  await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'teamA/copy', CopySource: `${BUCKET}/teamA/src`, ...sse }));
  await rejects(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'teamB/copy', CopySource: `${BUCKET}/teamA/src`, ...sse })), 'AccessDenied',
    s3Denied('s3:PutObject', `arn:aws:s3:::${BUCKET}/teamB/copy`, noIdentity('s3:PutObject')), 403);
  await rejects(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'teamA/stolen', CopySource: `${BUCKET}/teamB/data`, ...sse })), 'AccessDenied',
    s3Denied('s3:GetObject', `arn:aws:s3:::${BUCKET}/teamB/data`, noIdentity('s3:GetObject')), 403);

  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'teamA/copy' }, { Key: 'teamB/data' }, { Key: 'teamA/keep/k' }] } }));
  assert.deepEqual(deleted.Deleted?.map((d) => d.Key), ['teamA/copy']);
  assert.deepEqual(deleted.Errors?.map((e) => [e.Key, e.Code, e.Message]), [
    ['teamB/data', 'AccessDenied', s3Denied('s3:DeleteObject', `arn:aws:s3:::${BUCKET}/teamB/data`, noIdentity('s3:DeleteObject'))],
    ['teamA/keep/k', 'AccessDenied', s3Denied('s3:DeleteObject', `arn:aws:s3:::${BUCKET}/teamA/keep/k`, 'with an explicit deny in a session policy')],
  ]);

  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'teamA/big', ...sse }));
  const part = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'teamA/big', UploadId: upload.UploadId, PartNumber: 1, Body: 'part' }));
  const done = await s3.send(new CompleteMultipartUploadCommand({
    Bucket: BUCKET, Key: 'teamA/big', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  }));
  assert.equal(done.SSEKMSKeyId, useKey);

  const mine = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'teamA/big' }), { expiresIn: 60 }));
  assert.equal(mine.status, 200);
  assert.equal(await mine.text(), 'part');
  const theirs = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'teamB/data' }), { expiresIn: 60 }));
  assert.equal(theirs.status, 403);
  assert.ok((await theirs.text()).includes(`<Message>${s3Denied('s3:GetObject', `arn:aws:s3:::${BUCKET}/teamB/data`, noIdentity('s3:GetObject'))}</Message>`));
});

test('the role session may not use the key directly: kms:ViaService does not match outside S3', async () => {
  const denied = kmsClient(gantry, session).send(new GenerateDataKeyCommand({ KeyId: useKey, KeySpec: 'AES_256' }));
  await rejects(denied, 'AccessDeniedException',
    `User: ${SESSION_ARN} is not authorized to perform: kms:GenerateDataKey on resource: ${useKey} because no resource-based policy allows the kms:GenerateDataKey action`, 400);
  assert.match(explain(await requestIdOf(denied)), /statement 1 \(UseViaS3\), Allow: condition StringEquals kms:ViaService \["s3\.us-east-1\.amazonaws\.com"\] does not hold/);
});

// The identity-side guard of the same rule (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html
// uses it to spare calls services make on the caller's behalf): a key whose policy delegates to
// IAM, a role allowed the key but denied KMS unless a service calls. Gantry had no
// aws:ViaAWSService, so the Bool deny never applied to direct calls and the IfExists one refused
// S3's own calls.
test('aws:ViaAWSService is false on direct calls and true on the calls S3 makes to KMS for the caller', async () => {
  const key = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  const bucket = 'ml-data-via';
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: bucket }));
  const use = { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 's3:PutObject'], Resource: [key, `arn:aws:s3:::${bucket}/*`] };
  for (const operator of ['Bool', 'BoolIfExists']) {
    const role = await roleSession(gantry, `via-${operator}`, [use, {
      Sid: 'OnlyThroughServices', Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { [operator]: { 'aws:ViaAWSService': 'false' } },
    }]);
    const s3 = s3Client(gantry, role.creds);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: operator, Body: 'v', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: operator }))).Body?.transformToString(), 'v');
    const direct = kmsClient(gantry, role.creds).send(new GenerateDataKeyCommand({ KeyId: key, KeySpec: 'AES_256' }));
    await rejects(direct, 'AccessDeniedException',
      `User: ${role.sessionArn} is not authorized to perform: kms:GenerateDataKey on resource: ${key} with an explicit deny in an identity-based policy`, 400);
    assert.match(explain(await requestIdOf(direct)), /statement 1 \(OnlyThroughServices\), Deny/);
  }
});
