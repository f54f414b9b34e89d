// The S3 condition keys of the request rather than of its subject, driven through the SDK, the
// presigner and raw SigV4 under bucket policies that deny by each key: those S3 derives from how
// the request was signed (s3:signatureversion, s3:authType, s3:signatureAge, s3:x-amz-content-sha256).
// https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { send, sha256Hex, signS3 } from './support/raw-http.js';
import { bucketPolicies, deniedByBucketPolicy as denied } from './support/bucket-policy.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'signed';
let user: Credentials;

const gantry = useGantry({ accountId: ACCT }, async () => {
  user = await userWithPolicy(gantry, 'reader', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  const root = s3Client(gantry);
  await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // The anonymous case needs a public grant.
  await root.send(new DeletePublicAccessBlockCommand({ Bucket: BUCKET }));
  await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doc', Body: 'doc' }));
});

const { put: policy, denyWhen } = bucketPolicies(gantry, BUCKET);

/** The status of a presigned GET of `doc` signed by the user. */
async function presignedGet(url?: string): Promise<number> {
  const signed = url ?? await getSignedUrl(s3Client(gantry, user), new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }), { expiresIn: 300 });
  const response = await fetch(signed);
  await response.arrayBuffer();
  return response.status;
}

test('s3:authType is REST-HEADER for an Authorization header and REST-QUERY-STRING for a presigned URL', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:GetObject', { StringNotEquals: { 's3:authType': 'REST-HEADER' } });
  await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }));
  assert.equal(await presignedGet(), 403);
  await denyWhen('s3:GetObject', { StringNotEquals: { 's3:authType': 'REST-QUERY-STRING' } });
  await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' })));
  assert.equal(await presignedGet(), 200);
});

test('s3:signatureversion is AWS4-HMAC-SHA256 for signed requests and absent for anonymous ones', async () => {
  const s3 = s3Client(gantry, user);
  await denyWhen('s3:*', { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } });
  await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }));
  assert.equal(await presignedGet(), 200);
  // Anyone may read, but only without a signature: signed reads are refused.
  await policy(
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
    { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { Null: { 's3:signatureversion': 'false' } } },
  );
  assert.equal((await send(gantry.url, 'GET', `/${BUCKET}/doc`)).status, 200);
  await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' })));
});

test('s3:signatureAge is the milliseconds since the signing date: a presigned URL is refused once older than the policy allows', async () => {
  await denyWhen('s3:GetObject', { NumericGreaterThan: { 's3:signatureAge': '2000' } });
  const url = await getSignedUrl(s3Client(gantry, user), new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }), { expiresIn: 300 });
  // X-Amz-Date has whole seconds, so the fresh URL is under two seconds old.
  assert.equal(await presignedGet(url), 200);
  await sleep(2100);
  assert.equal(await presignedGet(url), 403);
  // A header signature has an age too: one signed a minute ago (within the allowed skew) is refused.
  const path = `/${BUCKET}/doc`;
  const old = await signS3(gantry.url, user, 'GET', path, { 'x-amz-content-sha256': sha256Hex('') }, new Date(Date.now() - 60_000));
  assert.equal((await send(gantry.url, 'GET', path, old)).status, 403);
  const fresh = await signS3(gantry.url, user, 'GET', path, { 'x-amz-content-sha256': sha256Hex('') });
  assert.equal((await send(gantry.url, 'GET', path, fresh)).status, 200);
});

test('s3:x-amz-content-sha256 is the header as sent, so a policy can refuse unsigned payloads', async () => {
  await denyWhen('s3:PutObject', { StringEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  const path = `/${BUCKET}/upload`;
  const unsigned = await signS3(gantry.url, user, 'PUT', path, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
  const refused = await send(gantry.url, 'PUT', path, unsigned, 'body');
  assert.equal(refused.status, 403);
  assert.match(refused.body.toString(), /<Code>AccessDenied<\/Code>/);
  const hashed = await signS3(gantry.url, user, 'PUT', path, { 'x-amz-content-sha256': sha256Hex('body') });
  assert.equal((await send(gantry.url, 'PUT', path, hashed, 'body')).status, 200);
  // The SDK over plain HTTP signs its payload.
  await s3Client(gantry, user).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'upload', Body: 'body' }));
  // Requiring the header: a presigned URL sends none (the key does not read the query parameter).
  await denyWhen('s3:GetObject', { Null: { 's3:x-amz-content-sha256': 'true' } });
  await s3Client(gantry, user).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc' }));
  assert.equal(await presignedGet(), 403);
});
