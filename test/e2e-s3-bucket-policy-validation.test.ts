// PutBucketPolicy through the real SDK: each policy S3 refuses gets S3's MalformedPolicy text,
// and policies S3 takes (wildcard actions, "*" principals, bare account ids, global condition
// keys) are stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { iamClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'policy-checks';
const gantry = useGantry({ accountId: ACCT }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
  // Public policies would otherwise meet BlockPublicPolicy before their shape is judged.
  await s3Client(gantry).send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }));
});

const put = (policy: string) => s3Client(gantry).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
const OBJECTS = `arn:aws:s3:::${BUCKET}/*`;
const statement = (overrides: Record<string, unknown>) => ({
  Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 's3:GetObject', Resource: OBJECTS, ...overrides,
});
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const refused = (policy: string, message: string) => rejects(put(policy), 'MalformedPolicy', message, 400);

test('the body: not JSON, JSON that does not parse, too large', async () => {
  await refused('invalid json', "Policies must be valid JSON and the first byte must be '{'");
  await refused('[]', "Policies must be valid JSON and the first byte must be '{'");
  await refused('{"Version": "2012-10-17", "Statement": [', 'This policy contains invalid Json');
  const many = Array.from({ length: 200 }, (_, i) => statement({ Sid: `S${i}`, Resource: `${OBJECTS}/some/long/prefix/to/grow/the/document/${i}` }));
  await refused(doc(...many), 'Policy exceeds the maximum allowed document size.');
  // Nested past any policy's grammar, under the size limit, anywhere in the document: refused, not a 500 (the stack overflowed).
  const nested = (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth);
  await refused(`{"Version": "2012-10-17", "Statement": ${nested(6000, '{}')}}`, 'This policy contains invalid Json');
  await refused(doc(statement({ Condition: { StringEquals: { 'aws:username': '@' } } })).replace('"@"', nested(6000, '"x"')), 'This policy contains invalid Json');
  // Brackets inside strings are text, not nesting.
  await refused(doc(statement({ Sid: '['.repeat(6000), Acton: 'x' })), 'Unknown field Acton');
});

test('the document: unknown fields, bad Version, missing or empty Statement', async () => {
  await refused(JSON.stringify({ Version: '2012-10-17', Statement: [statement({})], Extra: 1 }), 'Unknown field Extra');
  await refused(JSON.stringify({ Version: '2020-01-01', Statement: [statement({})] }), 'The policy must contain a valid version string');
  await refused('{}', 'Missing required field Statement');
  await refused(doc(), 'Could not parse the policy: Statement is empty!');
  await refused(doc(statement({ Acton: 's3:GetObject' })), 'Unknown field Acton');
});

test('actions: unknown S3 actions and other services are invalid', async () => {
  await refused(doc(statement({ Action: 's3:Bogus' })), 'Policy has invalid action');
  await refused(doc(statement({ Action: ['s3:GetObject', 's3:Bogus*'] })), 'Policy has invalid action');
  await refused(doc(statement({ Action: 'iam:CreateUser' })), 'Policy has invalid action');
  await refused(doc(statement({ Action: undefined })), 'Missing required field Action');
});

test('resources: another bucket, "*" and non-S3 ARNs are invalid; actions must fit the resources', async () => {
  await refused(doc(statement({ Resource: 'arn:aws:s3:::other-bucket/*' })), 'Policy has invalid resource');
  await refused(doc(statement({ Resource: '*' })), 'Policy has invalid resource');
  await refused(doc(statement({ Resource: `arn:aws:sqs:us-east-1:${ACCT}:queue` })), 'Policy has invalid resource');
  await refused(doc(statement({ Resource: [] })), 'Policy has invalid resource');
  await refused(doc(statement({ Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}` })), 'Action does not apply to any resource(s) in statement');
  // One entry fitting is not enough: each must fit a resource.
  await refused(doc(statement({ Action: ['s3:GetObject', 's3:ListBucket'] })), 'Action does not apply to any resource(s) in statement');
  await refused(doc(statement({ Action: 's3:ListAllMyBuckets', Resource: `arn:aws:s3:::${BUCKET}` })), 'Action does not apply to any resource(s) in statement');
});

test('principals: missing, empty, and forms S3 does not know', async () => {
  await refused(doc(statement({ Principal: undefined })), 'Missing required field Principal');
  await refused(doc(statement({ Principal: { AWS: [] } })), 'Missing required field Principal cannot be empty!');
  await refused(doc(statement({ Principal: { AWS: 'someuser' } })), 'Invalid principal in policy');
  await refused(doc(statement({ Principal: { AWS: 'AROA27HJSWAHEPTTLIWSO' } })), 'Invalid principal in policy');
  await refused(doc(statement({ Principal: { AWS: 'arn:aws:iam::12345:user/x' } })), 'Invalid principal in policy');
  await refused(doc(statement({ Principal: { Federated: 'cognito-identity.amazonaws.com' } })), 'Invalid principal in policy');
  await refused(doc(statement({ Principal: 'everyone' })), 'Invalid principal in policy');
  await refused(doc(statement({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: 'nobody' } })), 'Invalid principal in policy');
});

test('principals: IAM users and roles must exist when the policy is put (those of accounts Gantry does not hold are taken to)', async () => {
  await refused(doc(statement({ Principal: { AWS: `arn:aws:iam::${ACCT}:user/nobody` } })), 'Invalid principal in policy');
  await refused(doc(statement({ Principal: { AWS: [`arn:aws:iam::${ACCT}:root`, `arn:aws:iam::${ACCT}:role/ghost`] } })), 'Invalid principal in policy');
  await refused(doc(statement({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:role/ghost` } })), 'Invalid principal in policy');
  const role = await iamClient(gantry).send(new CreateRoleCommand({
    RoleName: 'reader', Path: '/ml/',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }] }),
  }));
  const arn = role.Role?.Arn as string;
  assert.equal(arn, `arn:aws:iam::${ACCT}:role/ml/reader`);
  // The same name under another path is another role, which does not exist.
  await refused(doc(statement({ Principal: { AWS: `arn:aws:iam::${ACCT}:role/reader` } })), 'Invalid principal in policy');
  await put(doc(statement({ Principal: { AWS: [arn, 'arn:aws:iam::444455556666:role/elsewhere'] } })));
});

test('effect and conditions: bad effect, unknown operator, unknown or foreign condition keys', async () => {
  await refused(doc(statement({ Effect: 'hello' })), 'Invalid effect: hello');
  await refused(doc(statement({ Condition: { StringEqualz: { 's3:x-amz-acl': 'private' } } })), 'Invalid Condition type : StringEqualz');
  await refused(doc(statement({ Condition: { StringEquals: { 's3:x-acl': 'private' } } })), 'Policy has an invalid condition key');
  await refused(doc(statement({ Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })), 'Policy has an invalid condition key');
});

test('valid policies are stored: wildcards, "*" principals, bare account ids, service principals, NotPrincipal, global keys', async () => {
  // AWS also refuses an IAM user that does not exist, so this one is made first.
  await userWithPolicy(gantry, 'alice');
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Id: 'tricky-but-valid',
    Statement: [
      statement({ Sid: 'Reads', Action: 's3:Get*', Principal: { AWS: ACCT } }),
      statement({ Sid: 'Everything', Action: 's3:*', Principal: '*', Resource: [`arn:aws:s3:::${BUCKET}`, OBJECTS], Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      statement({ Sid: 'All', Action: '*', Principal: { AWS: '*' }, Resource: `arn:aws:s3:::${BUCKET}*`, Condition: { StringEquals: { 'aws:PrincipalAccount': ACCT } } }),
      statement({ Sid: 'Logs', Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }),
      statement({ Sid: 'Tags', Principal: { AWS: [`arn:aws:iam::${ACCT}:user/alice`] }, Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'a' } } }),
      statement({ Sid: 'Insecure', Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }),
    ],
  });
  await put(policy);
  assert.equal((await s3Client(gantry).send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy, policy);
  // With no Version the document is the 2008 language, still accepted.
  await put(JSON.stringify({ Statement: statement({}) }));
});
