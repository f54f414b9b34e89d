// Object writes racing bucket changes, end to end: a write reads its bucket, then stores its
// bytes, then commits, so the bucket may change in between; its answer must describe what it
// stored. A hook on the blob store holds the write between the two, so the race is certain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { BlobStore } from '../src/engines/objects/object-store.js';
import { useGantry } from './support/use-gantry.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry();

/**
 * Runs `write`; once it starts storing bytes (its bucket already read), holds it there while
 * `meanwhile` runs, then lets it go on. Returns what `write` answered.
 */
async function writeAround<T>(write: () => Promise<T>, meanwhile: () => Promise<unknown>): Promise<T> {
  const blobs = gantry.platform.objects.blobs as { create: BlobStore['create'] };
  const create = blobs.create;
  let reached = (): void => undefined;
  let release = (): void => undefined;
  const started = new Promise<void>((resolve) => { reached = resolve; });
  const held = new Promise<void>((resolve) => { release = resolve; });
  blobs.create = async function (this: BlobStore) {
    reached();
    await held;
    return create.call(this);
  };
  try {
    const answer = write();
    await started;
    await meanwhile();
    release();
    return await answer;
  } finally {
    blobs.create = create;
    release();
  }
}

const versioning = (Bucket: string, Status: 'Enabled' | 'Suspended') =>
  s3Client(gantry).send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));

test('a PUT that commits after versioning was enabled names the version it made', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'enabled-mid-put' }));
  const put = await writeAround(
    () => s3.send(new PutObjectCommand({ Bucket: 'enabled-mid-put', Key: 'k', Body: 'data' })),
    () => versioning('enabled-mid-put', 'Enabled'),
  );
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'enabled-mid-put' }));
  assert.equal(versions.Versions?.length, 1);
  assert.notEqual(versions.Versions?.[0]?.VersionId, 'null');
  assert.equal(put.VersionId, versions.Versions?.[0]?.VersionId);
});

test('a PUT that commits after versioning was suspended names no version: it replaced the null one', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'suspended-mid-put' }));
  await versioning('suspended-mid-put', 'Enabled');
  const put = await writeAround(
    () => s3.send(new PutObjectCommand({ Bucket: 'suspended-mid-put', Key: 'k', Body: 'data' })),
    () => versioning('suspended-mid-put', 'Suspended'),
  );
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'suspended-mid-put' }));
  assert.deepEqual(versions.Versions?.map((v) => v.VersionId), ['null']);
  assert.equal(put.VersionId, undefined);
});

test('a copy that commits after versioning was enabled names the version it made', async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'enabled-mid-copy' }));
  await s3.send(new PutObjectCommand({ Bucket: 'enabled-mid-copy', Key: 'source', Body: 'data' }));
  const copy = await writeAround(
    () => s3.send(new CopyObjectCommand({ Bucket: 'enabled-mid-copy', Key: 'copy', CopySource: 'enabled-mid-copy/source' })),
    () => versioning('enabled-mid-copy', 'Enabled'),
  );
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'enabled-mid-copy', Prefix: 'copy' }));
  assert.equal(versions.Versions?.length, 1);
  assert.notEqual(versions.Versions?.[0]?.VersionId, 'null');
  assert.equal(copy.VersionId, versions.Versions?.[0]?.VersionId);
});
