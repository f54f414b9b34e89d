// The ACL operations on buckets with ACLs disabled (Object Ownership BucketOwnerEnforced, every
// new bucket's default): reads answer the one ACL such a bucket and its objects have, the owner's
// FULL_CONTROL, and writes are refused with AccessControlListNotSupported ("Requests to read ACLs
// are still supported. Requests to read ACLs always return a response that shows full control
// for the bucket owner", object-ownership-error-responses.html). Where ACLs are enabled Gantry
// keeps none (acl-headers.ts), so there it cannot tell the ACL and answers NotImplemented.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html

import { featureNotImplemented } from '../../core/aws-error.js';
import { getBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { BucketRecord } from '../../engines/objects/object-records.js';
import { aclNotSupported } from '../../engines/objects/s3-errors.js';
import type { Input, OperationHandler, Output } from '../service-types.js';
import { aclHeaders, checkObjectAcl } from './acl-headers.js';
import { canonicalUserId, owner } from './canonical-user.js';
import { authorizeOnObject, readableVersion, writeContext, writerAccount } from './object-access.js';
import { authorizeS3 } from './s3-access.js';
import { optStr, str } from './s3-input.js';

const aclsNotKept = (operation: string) => featureNotImplemented(
  'S3 ACLs are', `: ${operation} works only on buckets with ACLs disabled (Object Ownership BucketOwnerEnforced).`,
);

const aclsDisabled = (bucket: BucketRecord): boolean => bucket.objectOwnership === 'BucketOwnerEnforced';

/** The ACL of a bucket with ACLs disabled, and of each of its objects: the bucket owner, who owns them all, with FULL_CONTROL. */
function ownerFullControl(bucket: BucketRecord): Output {
  const who = owner(bucket.owner);
  return { Owner: who, Grants: [{ Grantee: { ...who, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
}

type Grant = { Grantee?: { Type?: string; ID?: string }; Permission?: string };

/**
 * An AccessControlPolicy body that grants the bucket owner FULL_CONTROL and nobody anything:
 * the "equivalent form expressed in XML" of bucket-owner-full-control that a bucket with ACLs
 * disabled accepts (about-object-ownership.html). [INFER] the owner's grant alone, as for headers.
 */
function bodyOnlyOwnerFullControl(input: Input, bucket: BucketRecord): boolean {
  const grants = (input['AccessControlPolicy'] as { Grants?: Grant[] } | undefined)?.Grants ?? [];
  const ownerId = canonicalUserId(bucket.owner);
  return grants.length > 0 && grants.every((g) => g.Permission === 'FULL_CONTROL' && g.Grantee?.Type === 'CanonicalUser' && g.Grantee.ID === ownerId);
}

export function aclOperations(objects: ObjectContext): Record<string, OperationHandler> {
  return {
    GetBucketAcl: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:GetBucketAcl', bucket);
      if (!aclsDisabled(bucket)) throw aclsNotKept('GetBucketAcl');
      return ownerFullControl(bucket);
    },

    GetObjectAcl: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      // s3:GetObjectVersionAcl for a named version; a missing object is NoSuchKey (or 403 without s3:ListBucket).
      readableVersion(ctx, bucket, authorizeOnObject(objects, ctx, 's3:GetObjectAcl', bucket, key, versionId, 'GET'));
      if (!aclsDisabled(bucket)) throw aclsNotKept('GetObjectAcl');
      return ownerFullControl(bucket);
    },

    // Terraform's aws_s3_bucket_acl with acl = "private" fails on AWS with AccessControlListNotSupported
    // on such buckets (hashicorp/terraform-provider-aws#34079): a bucket ACL, even the owner's own, is refused.
    // [INFER] the same for an AccessControlPolicy body granting only the owner.
    PutBucketAcl: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:PutBucketAcl', bucket, undefined, writeContext(input));
      if (aclsDisabled(bucket)) throw aclNotSupported();
      throw aclsNotKept('PutBucketAcl');
    },

    // Objects follow PutObject's rule (acl-headers.ts): bucket owner full control, as a canned ACL,
    // grant headers or an XML body, is accepted and changes nothing (the object's ACL is that
    // already); any other ACL is refused. [INFER] that PutObjectAcl accepts what PutObject does.
    PutObjectAcl: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      const key = str(input, 'Key');
      const versionId = optStr(input, 'VersionId');
      readableVersion(ctx, bucket, authorizeOnObject(objects, ctx, 's3:PutObjectAcl', bucket, key, versionId, 'PUT', { context: writeContext(input) }));
      if (!aclsDisabled(bucket)) throw aclsNotKept('PutObjectAcl');
      const headers = aclHeaders(input);
      if (headers !== null) checkObjectAcl(headers, bucket, writerAccount(ctx));
      else if (!bodyOnlyOwnerFullControl(input, bucket)) throw aclNotSupported();
      return {};
    },
  };
}
