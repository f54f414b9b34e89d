// S3 authorization: the action on `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`, with
// the bucket policy as the resource policy and the bucket owner as the resource account;
// S3's denial texts (the resource ARN quoted; plain "Access Denied" for anonymous and
// cross-account callers); and the requester KMS sees.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-language-overview.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html

import { AccessDeniedError } from '../../authz/decision-point.js';
import type { Requester } from '../../engines/objects/data-keys.js';
import type { BucketRecord } from '../../engines/objects/object-records.js';
import { S3Error } from '../../engines/objects/s3-errors.js';
import { parsePolicy, type ContextValue, type Decision, type Policy } from '../../iam/index.js';
import type { RequestContext } from '../service-types.js';
import { isAnonymous } from './anonymous.js';
import { isPublicPolicy } from './bucket-policy-checks.js';
import { signingContext } from './signing-keys.js';

const compiled = new Map<string, Policy | null>();
/** By bucket record: the store hands out the same frozen record until the bucket changes, so this skips building the key above. */
const byRecord = new WeakMap<BucketRecord, Policy | null>();

export function bucketPolicy(bucket: BucketRecord): Policy | null {
  if (bucket.policy === null) return null;
  const known = byRecord.get(bucket);
  if (known !== undefined) return known;
  const cacheKey = `${bucket.name}\u0000${bucket.policy}`;
  let policy = compiled.get(cacheKey);
  if (policy === undefined) {
    const parsed = parsePolicy(bucket.policy, 'resource', `arn:aws:s3:::${bucket.name}#policy`);
    policy = parsed.ok ? parsed.policy : null;
    if (compiled.size > 2000) compiled.clear();
    compiled.set(cacheKey, policy);
  }
  if (Object.isFrozen(bucket)) byRecord.set(bucket, policy);
  return policy;
}

export function objectArn(bucket: string, key?: string): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

function s3Denial(ctx: RequestContext, error: AccessDeniedError, resource: string, owner: string | null): S3Error {
  if (isAnonymous(ctx.caller) || (owner !== null && owner !== ctx.caller.account)) return new S3Error('AccessDenied', 'Access Denied', 403);
  return new S3Error('AccessDenied', error.message.replace(`on resource: ${resource} `, `on resource: "${resource}" `), 403);
}

/**
 * The bucket owner's root user may always read, replace and delete the bucket policy, even
 * when that policy explicitly denies it: a policy cannot lock its owner out for good.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
 */
const OWNER_ROOT_POLICY_ACTIONS = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);
const OWNER_ROOT_RULE = 'S3 bucket owner root: GetBucketPolicy, PutBucketPolicy and DeleteBucketPolicy are allowed despite the bucket policy';

/**
 * RestrictPublicBuckets: "only AWS service principals and authorized users within this account"
 * may use a bucket whose policy is public; anonymous callers never may (access-control-block-
 * public-access.html). Only callers from other accounts pay for reading the policy.
 */
function restricted(ctx: RequestContext, bucket: BucketRecord): boolean {
  if (isAnonymous(ctx.caller)) return true;
  return ctx.caller.account !== bucket.owner && bucket.policy !== null && publicPolicy(bucket);
}

/** Whether the bucket's policy is public, judged once per stored (frozen) record rather than parsed on every request. */
const publicByRecord = new WeakMap<BucketRecord, boolean>();

function publicPolicy(bucket: BucketRecord): boolean {
  const known = publicByRecord.get(bucket);
  if (known !== undefined) return known;
  const judged = bucket.policy !== null && isPublicPolicy(bucket.policy);
  if (Object.isFrozen(bucket)) publicByRecord.set(bucket, judged);
  return judged;
}

/**
 * The keys of every S3 authorization under those of the call itself: how the request was signed,
 * and s3:ResourceAccount, the account that owns the bucket (the same account as aws:ResourceAccount;
 * the reference lists it on every S3 action, CreateBucket and ListAllMyBuckets included, whose
 * resource account is the caller's own).
 */
function s3Context(ctx: RequestContext, resourceAccount: string | undefined, context: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  return { ...signingContext(ctx.signing), ...(resourceAccount !== undefined ? { 's3:ResourceAccount': resourceAccount } : {}), ...context };
}

/** Authorizes `action` on a bucket (or one of its objects); throws S3's AccessDenied. */
export function authorizeS3(
  ctx: RequestContext, action: string, bucket: BucketRecord, key?: string, callContext: Record<string, ContextValue> = {},
): Decision {
  const resource = objectArn(bucket.name, key);
  const context = s3Context(ctx, bucket.owner, callContext);
  if (bucket.publicAccessBlock?.['RestrictPublicBuckets'] === true && restricted(ctx, bucket)) {
    ctx.decide({ action, resource, resourceAccount: bucket.owner, resourcePolicy: null, context });
    throw new S3Error('AccessDenied', 'Access Denied', 403);
  }
  try {
    return ctx.authorize({
      action, resource, resourceAccount: bucket.owner, resourcePolicy: bucketPolicy(bucket), context,
      // The decision point applies it only to the root of the account that owns the bucket.
      ...(OWNER_ROOT_POLICY_ACTIONS.has(action) ? { rootExemptFromResourceDeny: OWNER_ROOT_RULE } : {}),
    });
  } catch (error) {
    if (error instanceof AccessDeniedError) throw s3Denial(ctx, error, resource, bucket.owner);
    throw error;
  }
}

/** True when allowed, without throwing (GetObject asks s3:ListBucket to choose 404 or 403). */
export function allowsS3(ctx: RequestContext, action: string, bucket: BucketRecord): boolean {
  const resource = objectArn(bucket.name);
  return ctx.decide({ action, resource, resourceAccount: bucket.owner, resourcePolicy: bucketPolicy(bucket), context: s3Context(ctx, bucket.owner, {}) }).decision === 'Allow';
}

/** Actions with no bucket policy to consult (ListAllMyBuckets, CreateBucket). */
export function authorizeCaller(ctx: RequestContext, action: string, resource: string, callContext: Record<string, ContextValue> = {}): Decision {
  const resourceAccount = isAnonymous(ctx.caller) ? undefined : ctx.caller.account;
  const context = s3Context(ctx, resourceAccount, callContext);
  try {
    return ctx.authorize({ action, resource, context, ...(resourceAccount !== undefined ? { resourceAccount } : {}) });
  } catch (error) {
    if (error instanceof AccessDeniedError) throw s3Denial(ctx, error, resource, null);
    throw error;
  }
}

/** The requester as KMS sees it: S3 calls KMS on the caller's behalf. */
export function requesterOf(ctx: RequestContext): Requester {
  return {
    account: isAnonymous(ctx.caller) ? '' : ctx.caller.account,
    arn: ctx.caller.arn,
    authorize: (check) => ctx.authorize(check),
  };
}
