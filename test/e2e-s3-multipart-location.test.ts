// CompleteMultipartUpload's Location end to end: the object's absolute URL on the host the
// request named, path style or virtual-hosted style as the request was addressed, key
// URI-encoded (API_CompleteMultipartUpload.html), through the SDK and on the raw wire.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { clientConfig } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry({}, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'mpu-location' }));
});

async function completeOne(client: S3Client, Bucket: string, Key: string) {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const { ETag } = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'one part' }));
  return client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
}

test('path-style request: Location is http://HOST/BUCKET/KEY on the Host the client used, key URI-encoded', async () => {
  const done = await completeOne(s3Client(gantry), 'mpu-location', 'dir/a b+c—d.txt');
  assert.equal(done.Location, `http://${new URL(gantry.url).host}/mpu-location/dir/a%20b%2Bc%E2%80%94d.txt`);
  assert.equal(done.Key, 'dir/a b+c—d.txt');
});

test('virtual-hosted-style request: Location is http://BUCKET.HOST/KEY, the Host the request named', async () => {
  const port = new URL(gantry.url).port;
  // The SDK addresses the bucket by host name (mpu-location.localhost); the connection goes to
  // the loopback address, since *.localhost does not resolve here, with the signed Host kept.
  const client = new S3Client({ ...clientConfig(gantry, gantry.root), endpoint: `http://localhost:${port}`, forcePathStyle: false });
  client.middlewareStack.add((next) => async (args) => {
    const request = args.request as { hostname: string; headers: Record<string, string> };
    assert.equal(request.headers['host'], `mpu-location.localhost:${port}`, 'the SDK addressed the bucket by host name');
    request.hostname = '127.0.0.1';
    return next(args);
  }, { step: 'deserialize', priority: 'low' });
  const done = await completeOne(client, 'mpu-location', 'v h/key one');
  assert.equal(done.Location, `http://mpu-location.localhost:${port}/v%20h/key%20one`);
});
