// Buckets: create (name rules, location constraint, who already has the name), delete
// (only when empty), list, and the per-bucket configuration S3 keeps (versioning, policy,
// default encryption, tags, public access block, object ownership, CORS).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html (defaults since April 2023)

import { randomBytes } from 'node:crypto';
import { isValidBucketName } from './bucket-names.js';
import { isoNow, type ObjectContext } from './object-context.js';
import type { BucketRecord, ObjectOwnership } from './object-records.js';
import {
  bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, illegalLocationConstraint, invalidBucketName,
  invalidLocationConstraint, noSuchBucket,
} from './s3-errors.js';

/** Regions a LocationConstraint may name. https://docs.aws.amazon.com/general/latest/gr/s3.html */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Every Block Public Access setting on: what AWS gives a new bucket since April 2023. */
const BLOCK_ALL_PUBLIC_ACCESS: Readonly<Record<string, boolean>> = {
  BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
};

export function createBucket(
  ctx: ObjectContext, owner: string, name: string, locationConstraint: string | undefined, requestRegion: string,
  objectOwnership: ObjectOwnership = 'BucketOwnerEnforced',
): BucketRecord {
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  const region = locationConstraint === undefined || locationConstraint === '' ? 'us-east-1' : locationConstraint === 'EU' ? 'eu-west-1' : locationConstraint;
  if (locationConstraint !== undefined && locationConstraint !== '' && locationConstraint !== 'EU' && !REGION.test(locationConstraint)) {
    throw invalidLocationConstraint(locationConstraint);
  }
  if (locationConstraint === 'us-east-1') throw invalidLocationConstraint(locationConstraint);
  // us-east-1's endpoint creates buckets in any Region; another Region's endpoint only in its own.
  if (requestRegion !== 'us-east-1' && region !== requestRegion) {
    throw illegalLocationConstraint(locationConstraint === undefined || locationConstraint === '' ? 'unspecified' : locationConstraint, requestRegion);
  }
  return ctx.store.transaction(() => {
    const existing = ctx.store.getBucket(name);
    if (existing) {
      // For legacy compatibility us-east-1 answers 200 to an owner re-creating its bucket there; other Regions
      // say BucketAlreadyOwnedByYou (API_CreateBucket.html, "Errors").
      if (existing.owner === owner && existing.region === 'us-east-1' && requestRegion === 'us-east-1') return existing;
      if (existing.owner === owner) throw bucketAlreadyOwnedByYou(name);
      throw bucketAlreadyExists(name);
    }
    const record: BucketRecord = {
      name,
      owner,
      region,
      created: isoNow(ctx),
      incarnation: randomBytes(12).toString('base64url'),
      versioning: 'Unversioned',
      policy: null,
      encryption: { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false },
      tags: null,
      publicAccessBlock: { ...BLOCK_ALL_PUBLIC_ACCESS },
      objectOwnership,
      cors: null,
    };
    ctx.store.putBucket(record);
    return record;
  });
}

export function getBucket(ctx: ObjectContext, name: string): BucketRecord {
  const bucket = ctx.store.getBucket(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function deleteBucket(ctx: ObjectContext, name: string): void {
  const retired = ctx.store.transaction(() => {
    const bucket = getBucket(ctx, name);
    if (ctx.store.bucketInUse(name)) throw bucketNotEmpty(name, bucket.versioning !== 'Unversioned');
    const blobs: string[] = [];
    for (const upload of ctx.store.listUploads(name, '')) {
      for (const part of ctx.store.listParts(upload.uploadId)) {
        ctx.store.removeBlob(part.blobId);
        blobs.push(part.blobId);
      }
      ctx.store.deleteParts(upload.uploadId);
      ctx.store.deleteUpload(upload.uploadId);
    }
    ctx.store.deleteBucket(name);
    return blobs;
  });
  ctx.leases.retire(retired);
}

/**
 * Whether two records are of the same bucket, not merely of the same name: one deleted and
 * created again (by anyone) since `earlier` was read is another bucket.
 */
export function sameBucket(earlier: BucketRecord, now: BucketRecord): boolean {
  return earlier.incarnation === now.incarnation && earlier.owner === now.owner && earlier.created === now.created;
}

/** Applies a change to a bucket's configuration atomically (to a copy: stores may share the records they read). */
export function updateBucket(ctx: ObjectContext, name: string, change: (bucket: BucketRecord) => void): BucketRecord {
  return ctx.store.transaction(() => {
    const bucket = { ...getBucket(ctx, name) };
    change(bucket);
    ctx.store.putBucket(bucket);
    return bucket;
  });
}
