// Who may read which version, and the condition keys of writes: shared by the object,
// copy and multipart operations.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html

import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { BucketRecord, ObjectVersionRecord, Tag } from '../../engines/objects/object-records.js';
import { findVersion } from '../../engines/objects/objects.js';
import { accessDenied, S3Error } from '../../engines/objects/s3-errors.js';
import type { ContextValue } from '../../iam/index.js';
import type { Input, RequestContext } from '../service-types.js';
import { isAnonymous } from './anonymous.js';
import { aclHeaders, checkObjectAcl } from './acl-headers.js';
import { allowsS3, authorizeS3 } from './s3-access.js';
import { optStr, taggingHeader } from './s3-input.js';
import { checkTags } from './s3-tags.js';

/** Input members whose header is a condition key of a write, by that key. */
const HEADER_KEYS = [
  ['ServerSideEncryption', 's3:x-amz-server-side-encryption'], ['SSEKMSKeyId', 's3:x-amz-server-side-encryption-aws-kms-key-id'],
  ['StorageClass', 's3:x-amz-storage-class'], ['ACL', 's3:x-amz-acl'],
  ['GrantFullControl', 's3:x-amz-grant-full-control'], ['GrantRead', 's3:x-amz-grant-read'], ['GrantReadACP', 's3:x-amz-grant-read-acp'],
  ['GrantWrite', 's3:x-amz-grant-write'], ['GrantWriteACP', 's3:x-amz-grant-write-acp'],
  // CopyObject's: the source as the header names it (policies match `bucket/key` with StringLike,
  // amazon-s3-policy-keys.html; [INFER] the text is kept as sent, not decoded), and the directive.
  ['CopySource', 's3:x-amz-copy-source'], ['MetadataDirective', 's3:x-amz-metadata-directive'],
] as const;

/** A conditional write's headers, so a policy can insist on them (conditional-writes-enforce.html). */
const CONDITION_KEYS = [['IfNoneMatch', 's3:if-none-match'], ['IfMatch', 's3:if-match']] as const;

/** The condition keys of a conditional write (PutObject, CopyObject, CompleteMultipartUpload). */
export function conditionalWriteContext(input: Input): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const [member, key] of CONDITION_KEYS) {
    const value = optStr(input, member);
    if (value !== undefined) context[key] = value;
  }
  return context;
}

/**
 * Condition keys of a write (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html),
 * from the request's headers only: a write that sends none is judged without them, even when the
 * bucket's default encryption then applies ("Amazon S3 evaluates and applies bucket policies
 * before applying bucket encryption settings", bucket-encryption.html). The KMS key the write
 * names is seen as its key ARN whether it was given as a key id, key ARN or alias, since "the AWS
 * KMS key ID that Amazon S3 uses for object encryption must match the AWS KMS key ID in the policy"
 * and policies name it by ARN (UsingKMSEncryption.html, require-sse-kms); a key KMS does not know
 * keeps the text sent. [INFER] that an alias is resolved too, as S3 encrypts with its target.
 */
export function writeContext(
  input: Input, kmsKeyArn: (keyRef: string) => string | null = () => null, tags: readonly Tag[] = NO_TAGS,
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = conditionalWriteContext(input);
  for (const [member, key] of HEADER_KEYS) {
    const value = optStr(input, member);
    if (value === undefined) continue;
    context[key] = member === 'SSEKMSKeyId' ? (kmsKeyArn(value) ?? value) : value;
  }
  addRequestTags(context, tags);
  return context;
}

const NO_TAGS: readonly Tag[] = [];

/** s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys of the tags a request sets (PutObject's x-amz-tagging, PutObjectTagging's body). */
export function requestTagContext(tags: readonly Tag[]): Record<string, ContextValue> {
  return addRequestTags({}, tags);
}

function addRequestTags(context: Record<string, ContextValue>, tags: readonly Tag[]): Record<string, ContextValue> {
  for (const tag of tags) context[`s3:RequestObjectTag/${tag.Key}`] = tag.Value;
  if (tags.length > 0) context['s3:RequestObjectTagKeys'] = tags.map((t) => t.Key);
  return context;
}

/**
 * The keys of a request on an existing object: s3:ExistingObjectTag/<key> for each tag of the
 * version it acts on, and s3:VersionId when it names a version (the reference lists them on
 * GetObject(Version), Get/Put/DeleteObject(Version)Tagging and the ACL actions; not on
 * DeleteObject, whose version may hold any tags).
 */
export function existingObjectContext(found: FoundVersion | null, versionId: string | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (versionId !== undefined) context['s3:VersionId'] = versionId;
  // A version that is not there has no tags to offer.
  if (found === null || found instanceof S3Error) return context;
  for (const tag of found.tags) context[`s3:ExistingObjectTag/${tag.Key}`] = tag.Value;
  return context;
}

/**
 * What authorizeOnObject found: the version, or the S3 error its lookup raised (a missing key or
 * version, a delete marker, a version id S3 never issues), which readableVersion answers once
 * the caller was allowed. One lookup serves both, so a read looks the version up once.
 */
export type FoundVersion = ObjectVersionRecord | S3Error;

/**
 * Authorizes `action` (its Version form when a version is named) on an existing object with the
 * object's keys, so the version is looked up first; returns it, or the error of its lookup, to
 * be answered by readableVersion (404 or 403 by s3:ListBucket) only after the caller was allowed:
 * a denied caller learns nothing of whether the object exists. `method` names the request in a
 * delete marker's 405.
 */
export function authorizeOnObject(
  objects: ObjectContext, ctx: RequestContext, action: string, bucket: BucketRecord, key: string, versionId: string | undefined,
  method: string, options?: ObjectRequestOptions,
): FoundVersion {
  let found: FoundVersion;
  try {
    found = findVersion(objects, bucket.name, key, versionId, method, options?.latestMarkerMissing);
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    found = error;
  }
  authorizeS3(ctx, versionAction(versionId, action), bucket, key, { ...options?.context, ...existingObjectContext(found, versionId) });
  return found;
}

/** What a request on an existing object adds to authorizeOnObject's defaults. */
export interface ObjectRequestOptions {
  /** Condition keys of the request itself (a write's headers, the tags it sets), besides the object's. */
  readonly context?: Record<string, ContextValue>;
  /** As findVersion's, whose default (a GET or HEAD) applies when absent. */
  readonly latestMarkerMissing?: boolean;
}

/**
 * A write of `key` (PutObject, CopyObject, CreateMultipartUpload): s3:PutObject, and
 * s3:PutObjectAcl too when it sends ACL headers (API_PutObject.html: "To successfully change
 * the object's ACL of your PutObject request, you must have the s3:PutObjectAcl"), and
 * s3:PutObjectTagging when `setsTags` and its x-amz-tagging names tags (all three operations,
 * using-with-s3-policy-actions.html: "Required if you want to put object tagging"); then, every
 * action allowed, the ACL headers against the bucket's Object Ownership and Block Public Access,
 * and the tags against S3's rules. Returns the tags it sets: undefined unless `setsTags`, when
 * the write sets no tags of its own (CopyObject's COPY directive keeps the source's).
 */
export function authorizeWrite(objects: ObjectContext, ctx: RequestContext, bucket: BucketRecord, key: string, input: Input, setsTags: true): Tag[];
export function authorizeWrite(
  objects: ObjectContext, ctx: RequestContext, bucket: BucketRecord, key: string, input: Input, setsTags: boolean,
): Tag[] | undefined;
export function authorizeWrite(
  objects: ObjectContext, ctx: RequestContext, bucket: BucketRecord, key: string, input: Input, setsTags: boolean,
): Tag[] | undefined {
  // x-amz-tagging, parsed once: the condition keys' tags, and the tags written once S3's rules are
  // checked. [INFER] A write that sets no tags of its own (CopyObject's COPY directive) has none
  // as condition keys either: s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys are the tags
  // "to be added to objects" (Service Authorization Reference), and with COPY x-amz-tagging adds
  // none: "the tag-set will be copied from the source object directly" (CopyObject, x-amz-tagging).
  const tags = setsTags ? taggingHeader(optStr(input, 'Tagging')) : undefined;
  // A bare key id or alias names a key of the requester's account, as KMS resolves it for them.
  const context = writeContext(input, (keyRef) => objects.keys.keyArnOf(writerAccount(ctx) ?? bucket.owner, bucket.region, keyRef), tags);
  authorizeS3(ctx, 's3:PutObject', bucket, key, context);
  const acl = aclHeaders(input);
  if (acl !== null) authorizeS3(ctx, 's3:PutObjectAcl', bucket, key, context);
  if (tags !== undefined && tags.length > 0) authorizeS3(ctx, 's3:PutObjectTagging', bucket, key, context);
  checkObjectAcl(acl, bucket, writerAccount(ctx));
  return tags && checkTags(tags, 'object');
}

/** The account a write comes from; null for an anonymous caller. */
export function writerAccount(ctx: RequestContext): string | null {
  return isAnonymous(ctx.caller) ? null : ctx.caller.account;
}

/**
 * A delete of `key` (DeleteObject, or one object of DeleteObjects): s3:DeleteObject(Version),
 * with the If-Match it carries as s3:if-match so a policy can insist on conditional deletes;
 * and, for an If-Match naming an ETag (not `*`), s3:GetObject(Version) too, since the ETag
 * tells what the object holds ("you must have the s3:DeleteObject and s3:GetObject
 * permissions", conditional-deletes.html). [INFER] The Version actions for a version id, and
 * DeleteObjects' per-object ETag as its s3:if-match, follow the single-object case. A named
 * version is s3:VersionId; the version's tags are no key of a delete.
 */
export function authorizeDelete(ctx: RequestContext, bucket: BucketRecord, key: string, versionId: string | undefined, ifMatch: string | undefined): void {
  const context = existingObjectContext(null, versionId);
  if (ifMatch !== undefined) context['s3:if-match'] = ifMatch;
  authorizeS3(ctx, versionAction(versionId, 's3:DeleteObject'), bucket, key, context);
  if (ifMatch !== undefined && ifMatch.trim() !== '*') authorizeS3(ctx, versionAction(versionId, 's3:GetObject'), bucket, key);
}

/**
 * The action on one version when the request names a version id, else `base`: S3 names it with
 * `Version` after `Object` (s3:GetObjectVersion, s3:GetObjectVersionTagging, s3:PutObjectVersionAcl,
 * s3:DeleteObjectVersionTagging), not at the end.
 */
export function versionAction(versionId: string | undefined, base: string): string {
  return versionId === undefined ? base : base.replace('Object', 'ObjectVersion');
}

/**
 * The version authorizeOnObject found, else its lookup's error; a missing key or version is 404
 * only to callers allowed s3:ListBucket (else 403), as is a delete marker that is the latest version.
 */
export function readableVersion(ctx: RequestContext, bucket: BucketRecord, found: FoundVersion): ObjectVersionRecord {
  if (!(found instanceof S3Error)) return found;
  if ((found.code === 'NoSuchKey' || found.code === 'NoSuchVersion') && !allowsS3(ctx, 's3:ListBucket', bucket)) throw accessDenied();
  throw found;
}
