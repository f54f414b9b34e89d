// authorizeOnObject and readableVersion: one lookup of the version serves the authorization
// (its tags are condition keys) and the answer (the version, or 404 / 403 by s3:ListBucket, a
// delete marker's error), whether the version is there or not; the caller is authorized first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, objectEngineBed, ROOT } from '../../../test/support/object-engine-bed.js';
import type { Caller } from '../../engines/identity/callers.js';
import { updateBucket } from '../../engines/objects/buckets.js';
import { deleteObject } from '../../engines/objects/objects.js';
import { S3Error } from '../../engines/objects/s3-errors.js';
import type { AccessCheck } from '../../authz/decision-point.js';
import type { Decision } from '../../iam/index.js';
import type { RequestContext } from '../service-types.js';
import { authorizeOnObject, readableVersion } from './object-access.js';

/** A caller allowed everything but what `denied` names; the checks it was asked, in order. */
function requestAs(denied: readonly string[]): { ctx: RequestContext; asked: string[] } {
  const asked: string[] = [];
  const decide = (check: AccessCheck): Decision => {
    asked.push(check.action);
    return { decision: denied.includes(check.action) ? 'ImplicitDeny' : 'Allow', decidedBy: null, matchedStatements: [] } as unknown as Decision;
  };
  const caller = { arn: ROOT, account: ACCOUNT } as unknown as Caller;
  const ctx = { requestId: 'r', region: 'us-east-1', host: undefined, caller, requestContext: {}, decisions: [], decide, authorize: decide } as unknown as RequestContext;
  return { ctx, asked };
}

/** The bed's store with its version lookups counted. */
function countedLookups(bed: ReturnType<typeof objectEngineBed>): { count: () => number } {
  const store = bed.ctx.store;
  const getVersion = store.getVersion.bind(store);
  let n = 0;
  Object.assign(store, { getVersion: (...args: Parameters<typeof getVersion>) => (n++, getVersion(...args)) });
  return { count: () => n };
}

test('a present version, a missing key and a delete marker are each looked up once', async () => {
  const bed = objectEngineBed('lookup-once');
  try {
    const bucket = updateBucket(bed.ctx, bed.bucket.name, (b) => Object.assign(b, { versioning: 'Enabled' }));
    await bed.put('here', Buffer.from('hello'));
    await bed.put('marked', Buffer.from('soon gone'));
    deleteObject(bed.ctx, bucket.name, 'marked');
    const lookups = countedLookups(bed);

    const { ctx } = requestAs([]);
    const found = readableVersion(ctx, bucket, authorizeOnObject(bed.ctx, ctx, 's3:GetObject', bucket, 'here', undefined, 'GET'));
    assert.equal(found.size, 5);
    assert.equal(lookups.count(), 1);

    assert.throws(() => readableVersion(ctx, bucket, authorizeOnObject(bed.ctx, ctx, 's3:GetObject', bucket, 'missing', undefined, 'GET')),
      (e: S3Error) => e.code === 'NoSuchKey');
    assert.equal(lookups.count(), 2);

    assert.throws(() => readableVersion(ctx, bucket, authorizeOnObject(bed.ctx, ctx, 's3:GetObject', bucket, 'marked', undefined, 'GET')),
      (e: S3Error & { deleteMarker?: boolean }) => e.code === 'NoSuchKey' && e.deleteMarker === true);
    assert.equal(lookups.count(), 3);
  } finally {
    bed.close();
  }
});

test('a missing key is 403 without s3:ListBucket, asked only after the action was allowed', () => {
  const bed = objectEngineBed('lookup-listing');
  try {
    const { ctx, asked } = requestAs(['s3:ListBucket']);
    const found = authorizeOnObject(bed.ctx, ctx, 's3:GetObjectTagging', bed.bucket, 'missing', undefined, 'GET');
    assert.ok(found instanceof S3Error);
    assert.deepEqual(asked, ['s3:GetObjectTagging']);
    assert.throws(() => readableVersion(ctx, bed.bucket, found), (e: S3Error) => e.code === 'AccessDenied' && e.message === 'Access Denied');
    assert.deepEqual(asked, ['s3:GetObjectTagging', 's3:ListBucket']);
  } finally {
    bed.close();
  }
});
