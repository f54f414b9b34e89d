// CreateBucket's Location end to end through the SDK: the path /BUCKET for a us-east-1 bucket,
// and for a bucket of another Region its virtual-hosted URL, on Gantry's address (the request's
// Host) where AWS names its own endpoint (http://BUCKET.s3.amazonaws.com/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry();

test('a us-east-1 bucket: Location /BUCKET', async () => {
  const made = await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'loc-east' }));
  assert.equal(made.Location, '/loc-east');
});

test('a bucket of another Region: Location http://BUCKET.HOST/ on the Host the client used', async () => {
  const made = await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'loc-london', CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }));
  assert.equal(made.Location, `http://loc-london.${new URL(gantry.url).host}/`);
});
