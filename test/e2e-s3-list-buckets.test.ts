// ListBuckets narrows by bucket-region and prefix and pages by max-buckets and continuation-token,
// as AWS's ListBuckets does (API_ListBuckets.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  const s3 = s3Client(gantry);
  for (const Bucket of ['east-a', 'east-b', 'logs-east']) await s3.send(new CreateBucketCommand({ Bucket }));
  for (const Bucket of ['west-a', 'logs-west']) {
    await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  }
});

const names = (out: { Buckets?: { Name?: string }[] }) => out.Buckets?.map((b) => b.Name) ?? [];

test('ListBuckets with BucketRegion lists only that Region\'s buckets, with their Region', async () => {
  const s3 = s3Client(gantry);
  const west = await s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1' }));
  assert.deepEqual(names(west), ['logs-west', 'west-a']);
  assert.deepEqual(west.Buckets?.map((b) => b.BucketRegion), ['eu-west-1', 'eu-west-1']);
  assert.deepEqual(names(await s3.send(new ListBucketsCommand({ BucketRegion: 'us-east-1', Prefix: 'logs-' }))), ['logs-east']);
  assert.deepEqual(names(await s3.send(new ListBucketsCommand({ BucketRegion: 'ap-south-1' }))), []);
});

test('ListBuckets pages by MaxBuckets and ContinuationToken, within a prefix', async () => {
  const s3 = s3Client(gantry);
  const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 2 }));
  assert.deepEqual(names(first), ['east-a', 'east-b']);
  assert.ok(first.ContinuationToken);
  const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
  assert.deepEqual(names(second), ['logs-east', 'logs-west']);
  const third = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: second.ContinuationToken }));
  assert.deepEqual(names(third), ['west-a']);
  assert.equal(third.ContinuationToken, undefined);
  const logs = await s3.send(new ListBucketsCommand({ Prefix: 'logs-' }));
  assert.deepEqual(names(logs), ['logs-east', 'logs-west']);
  assert.equal(logs.Prefix, 'logs-');
});
