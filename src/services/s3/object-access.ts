// Who may read which version, and the condition keys of writes: shared by the object,
// copy and multipart operations.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html

import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { BucketRecord } from '../../engines/objects/object-records.js';
import { findVersion } from '../../engines/objects/objects.js';
import { accessDenied, S3Error } from '../../engines/objects/s3-errors.js';
import type { ContextValue } from '../../iam/index.js';
import type { Input, RequestContext } from '../service-types.js';
import { isAnonymous } from './anonymous.js';
import { allowsS3 } from './s3-access.js';
import { optStr, taggingHeader } from './s3-input.js';

/** Condition keys of a write (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html). */
export function writeContext(input: Input): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  const sse = optStr(input, 'ServerSideEncryption');
  const keyId = optStr(input, 'SSEKMSKeyId');
  if (sse !== undefined) context['s3:x-amz-server-side-encryption'] = sse;
  if (keyId !== undefined) context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = keyId;
  const tags = taggingHeader(optStr(input, 'Tagging'));
  for (const tag of tags) context[`s3:RequestObjectTag/${tag.Key}`] = tag.Value;
  if (tags.length > 0) context['s3:RequestObjectTagKeys'] = tags.map((t) => t.Key);
  return context;
}

/** The account a write comes from; null for an anonymous caller. */
export function writerAccount(ctx: RequestContext): string | null {
  return isAnonymous(ctx.caller) ? null : ctx.caller.account;
}

/** A version for GET/HEAD; a missing key is 404 only to callers allowed s3:ListBucket (else 403). */
export function readableVersion(objects: ObjectContext, ctx: RequestContext, bucket: BucketRecord, key: string, versionId: string | undefined, method: string) {
  try {
    return findVersion(objects, bucket.name, key, versionId, method);
  } catch (error) {
    if (error instanceof S3Error && (error.code === 'NoSuchKey' || error.code === 'NoSuchVersion') && !allowsS3(ctx, 's3:ListBucket', bucket)) {
      throw accessDenied();
    }
    throw error;
  }
}
