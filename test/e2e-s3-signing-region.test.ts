// A bucket answers only requests signed for its own Region: others get AuthorizationHeaderMalformed
// (presigned: AuthorizationQueryParametersError) naming the Region in <Region> and
// x-amz-bucket-region, which the SDKs and the CLI use to re-sign. Requests about no bucket
// (ListBuckets), CreateBucket and GetBucketLocation are answered whatever their Region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { useCliSession } from './support/cli-session.js';
import { clientConfig } from './support/gantry-fixture.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const session = useCliSession({
  accountId: '111122223333', name: 'signing-region',
  setup: async ({ gantry }) => {
    const east = s3Client(gantry);
    await east.send(new CreateBucketCommand({ Bucket: 'in-dublin', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await east.send(new CreateBucketCommand({ Bucket: 'in-virginia' }));
  },
});
const { skip, ok } = session;

function clientFor(region: string, extra: { followRegionRedirects?: boolean } = {}): S3Client {
  return new S3Client({ ...clientConfig(session.gantry, session.gantry.root), region, forcePathStyle: true, ...extra });
}

type S3Failure = Error & { Region?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } };

async function wrongRegion(promise: Promise<unknown>, code: string, message: string, bucketRegion: string): Promise<void> {
  await assert.rejects(promise, (error: S3Failure) => {
    assert.equal(error.name, code, error.message);
    assert.equal(error.message, message);
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.equal(error.Region, bucketRegion);
    assert.equal(error.$response?.headers['x-amz-bucket-region'], bucketRegion);
    return true;
  });
}

const malformed = (signed: string, expected: string) => `The authorization header is malformed; the region '${signed}' is wrong; expecting '${expected}'`;

test('a request signed for another Region than its bucket\'s is AuthorizationHeaderMalformed naming the bucket\'s Region', async () => {
  const east = clientFor('us-east-1');
  const west = clientFor('eu-west-1');
  await wrongRegion(east.send(new PutObjectCommand({ Bucket: 'in-dublin', Key: 'k', Body: 'x' })), 'AuthorizationHeaderMalformed', malformed('us-east-1', 'eu-west-1'), 'eu-west-1');
  await wrongRegion(east.send(new ListObjectsV2Command({ Bucket: 'in-dublin' })), 'AuthorizationHeaderMalformed', malformed('us-east-1', 'eu-west-1'), 'eu-west-1');
  await wrongRegion(west.send(new PutObjectCommand({ Bucket: 'in-virginia', Key: 'k', Body: 'x' })), 'AuthorizationHeaderMalformed', malformed('eu-west-1', 'us-east-1'), 'us-east-1');

  // Signed for the bucket's own Region, the same requests succeed.
  await west.send(new PutObjectCommand({ Bucket: 'in-dublin', Key: 'k', Body: 'x' }));
  assert.deepEqual((await west.send(new ListObjectsV2Command({ Bucket: 'in-dublin' }))).Contents?.map((o) => o.Key), ['k']);
  await east.send(new PutObjectCommand({ Bucket: 'in-virginia', Key: 'k', Body: 'x' }));
  // A bucket that does not exist is NoSuchBucket, whatever the Region.
  await rejects(west.send(new ListObjectsV2Command({ Bucket: 'nowhere' })), 'NoSuchBucket');
});

test('ListBuckets, CreateBucket and GetBucketLocation are answered whatever Region they are signed for', async () => {
  const west = clientFor('eu-west-1');
  const east = clientFor('us-east-1');
  const names = (await west.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
  assert.ok(names?.includes('in-dublin') && names.includes('in-virginia'));
  assert.equal((await east.send(new GetBucketLocationCommand({ Bucket: 'in-dublin' }))).LocationConstraint, 'eu-west-1');
  await west.send(new CreateBucketCommand({ Bucket: 'made-in-dublin', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await west.send(new PutObjectCommand({ Bucket: 'made-in-dublin', Key: 'k', Body: 'x' }));
});

test('HeadBucket signed for the wrong Region is 400 with x-amz-bucket-region; the SDK follows it with followRegionRedirects', async () => {
  await assert.rejects(clientFor('us-east-1').send(new HeadBucketCommand({ Bucket: 'in-dublin' })), (error: S3Failure) => {
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.equal(error.$response?.headers['x-amz-bucket-region'], 'eu-west-1');
    return true;
  });
  const head = await clientFor('us-east-1', { followRegionRedirects: true }).send(new HeadBucketCommand({ Bucket: 'in-dublin' }));
  assert.equal(head.BucketRegion, 'eu-west-1');
});

test('a URL presigned for the wrong Region is AuthorizationQueryParametersError', async () => {
  const url = await getSignedUrl(clientFor('us-east-1'), new GetObjectCommand({ Bucket: 'in-dublin', Key: 'k' }), { expiresIn: 300 });
  const response = await fetch(url);
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('x-amz-bucket-region'), 'eu-west-1');
  const body = await response.text();
  assert.match(body, /<Code>AuthorizationQueryParametersError<\/Code>/);
  assert.match(body, /<Message>Error parsing the X-Amz-Credential parameter; the region &apos;us-east-1&apos; is wrong; expecting &apos;eu-west-1&apos;<\/Message>|<Message>Error parsing the X-Amz-Credential parameter; the region 'us-east-1' is wrong; expecting 'eu-west-1'<\/Message>/);
  assert.match(body, /<Region>eu-west-1<\/Region>/);
  const right = await getSignedUrl(clientFor('eu-west-1'), new GetObjectCommand({ Bucket: 'in-dublin', Key: 'k' }), { expiresIn: 300 });
  const ok = await fetch(right);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'x');
});

test('the AWS CLI configured for us-east-1 re-signs for an eu-west-1 bucket and succeeds', { skip }, async () => {
  await ok(['s3api', 'put-object', '--bucket', 'in-dublin', '--key', 'from-cli']);
  const listed = await ok(['s3api', 'list-objects-v2', '--bucket', 'in-dublin']);
  assert.ok((listed as { Contents: { Key: string }[] }).Contents.some((o) => o.Key === 'from-cli'));
});
