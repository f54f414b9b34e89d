// New S3 buckets get AWS's defaults since April 2023: Block Public Access on (all four settings).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, GetPublicAccessBlockCommand, PutBucketPolicyCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { startGantry, type RunningGantry } from './support/gantry-fixture.js';
import { send } from './support/raw-http.js';
import { rejects, s3Client } from './support/s3-helpers.js';

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

test('a new bucket blocks all public access: public policies are refused until the block is lifted', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'fresh' }));
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'fresh' }));
  assert.deepEqual(block.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });

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
