// The bucket owner's root user cannot be locked out by a bucket policy: with a policy that
// denies everything over plain HTTP (all of Gantry's traffic), root may still read, replace
// and delete the policy, nothing else; IAM users stay denied; the audit trail names the rule.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketPolicyCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { explainRecord } from '../src/cli/explanation-text.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const gantry = useGantry({ accountId: ACCT }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'locked' }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'locked', Key: 'k', Body: 'v' }));
});

const insecureDenied = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::locked', 'arn:aws:s3:::locked/*'],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }],
});

test('a bucket policy denying all plain-HTTP access leaves the owner root its policy, and only that', async () => {
  const root = s3Client(gantry);
  const admin = s3Client(gantry, await userWithPolicy(gantry, 'admin', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]));
  await root.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: insecureDenied }));

  // The policy's deny still binds root on everything but the three policy actions.
  await rejects(root.send(new GetObjectCommand({ Bucket: 'locked', Key: 'k' })), 'AccessDenied',
    /s3:GetObject on resource: "arn:aws:s3:::locked\/k" with an explicit deny in a resource-based policy/, 403);
  // IAM users of the owning account get no exemption, whatever their identity policies allow.
  await rejects(admin.send(new GetBucketPolicyCommand({ Bucket: 'locked' })), 'AccessDenied',
    /user\/admin is not authorized to perform: s3:GetBucketPolicy on resource: "arn:aws:s3:::locked" with an explicit deny in a resource-based policy/, 403);
  await rejects(admin.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' })), 'AccessDenied', /explicit deny in a resource-based policy/, 403);

  const got = await root.send(new GetBucketPolicyCommand({ Bucket: 'locked' }));
  assert.equal(got.Policy, insecureDenied);
  await root.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: insecureDenied }));
  const deleted = await root.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));

  // The audit trail says the policy denied and which rule overrode it.
  const record = gantry.platform.audit.get(deleted.$metadata.requestId ?? '');
  const decision = record?.decisions.find((d) => d.action === 's3:DeleteBucketPolicy');
  assert.equal(decision?.decision.decision, 'Allow');
  assert.match(decision?.exemption?.rule ?? '', /bucket owner root/);
  assert.equal(decision?.exemption?.overridden.decision, 'ExplicitDeny');
  assert.equal(decision?.exemption?.overridden.decidedBy, 'resource');
  assert.equal(decision?.exemption?.overridden.matchedStatements[0]?.sid, 'TlsOnly');
  const explained = explainRecord(record!);
  assert.match(explained, /s3:DeleteBucketPolicy on arn:aws:s3:::locked: Allow\n {4}exemption: S3 bucket owner root/);
  assert.match(explained, /overridden: ExplicitDeny by the resource-based policy\n {4}overridden statement: resource-based policy arn:aws:s3:::locked#policy, statement 0 \(TlsOnly\), Deny/);

  // The bucket is usable again.
  const object = await root.send(new GetObjectCommand({ Bucket: 'locked', Key: 'k' }));
  assert.equal(await object.Body?.transformToString(), 'v');
});
