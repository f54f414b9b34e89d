// Buckets: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation and
// versioning (enable / suspend; MFA delete is refused, see refuseMfaDelete).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html

import { featureNotImplemented } from '../../core/aws-error.js';
import { createBucket, deleteBucket, getBucket, updateBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { ObjectOwnership } from '../../engines/objects/object-records.js';
import { malformedXml, mfaRequired, S3Error } from '../../engines/objects/s3-errors.js';
import type { ContextValue } from '../../iam/index.js';
import type { Input, OperationHandler } from '../service-types.js';
import { aclHeaders, checkBucketAcl, type AclHeaders } from './acl-headers.js';
import { isAnonymous } from './anonymous.js';
import { owner } from './canonical-user.js';
import { authorizeCaller, authorizeS3, objectArn } from './s3-access.js';
import { bucketLocation } from './object-url.js';
import { optNum, optStr, str } from './s3-input.js';

/**
 * Condition keys of CreateBucket: its ACL and Object Ownership headers, and s3:locationconstraint,
 * the LocationConstraint its body names (amazon-s3-policy-keys.html). A request without one (a
 * us-east-1 bucket, whose LocationConstraint is null) has no such key, so "StringNotEquals
 * sa-east-1" denies it and "Null true" finds it. [INFER] The value is as sent ("EU" stays "EU").
 */
function createContext(input: Input): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  const location = (input['CreateBucketConfiguration'] as { LocationConstraint?: unknown } | undefined)?.LocationConstraint;
  if (typeof location === 'string') context['s3:locationconstraint'] = location;
  const acl = optStr(input, 'ACL');
  const ownership = optStr(input, 'ObjectOwnership');
  if (acl !== undefined) context['s3:x-amz-acl'] = acl;
  if (ownership !== undefined) context['s3:x-amz-object-ownership'] = ownership;
  return context;
}

/**
 * MFA delete (MultiFactorAuthenticationDelete.html): enabling it takes the root user's MFA device
 * and a current code in x-amz-mfa ("SERIAL CODE"); without the header S3 refuses. Gantry has no
 * MFA devices, so it cannot verify a code it is given: NotImplemented, rather than accepting a
 * protection it would never enforce. MfaDelete=Disabled without the header is plain versioning.
 */
function refuseMfaDelete(mfaDelete: string | undefined, mfa: string | undefined): void {
  if (mfa !== undefined) {
    throw featureNotImplemented('S3 MFA delete (x-amz-mfa) is', ': it has no MFA devices to verify the code against.');
  }
  if (mfaDelete === 'Enabled') throw mfaRequired();
}

/**
 * What CreateBucket asks besides s3:CreateBucket, by the headers it sends (API_CreateBucket.html,
 * Permissions): s3:PutBucketAcl for an ACL other than `private` ("if you set the ACL to private,
 * or if you don't specify any ACLs, only the s3:CreateBucket permission is required"; grant
 * headers are "custom ACLs"), s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning for
 * x-amz-bucket-object-lock-enabled: true, s3:PutBucketOwnershipControls for x-amz-object-ownership.
 * [INFER] the order they are asked in, the user guide's (using-with-s3-policy-actions.html).
 */
function createActions(acl: AclHeaders | null, objectLock: boolean, ownership: string | undefined): string[] {
  const actions: string[] = [];
  if (acl !== null && (acl.canned !== 'private' || acl.grants.length > 0)) actions.push('s3:PutBucketAcl');
  if (objectLock) actions.push('s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning');
  if (ownership !== undefined) actions.push('s3:PutBucketOwnershipControls');
  return actions;
}

export function bucketOperations(objects: ObjectContext): Record<string, OperationHandler> {
  return {
    CreateBucket: (input, ctx) => {
      const name = str(input, 'Bucket');
      const context = createContext(input);
      const acl = aclHeaders(input);
      const objectLock = input['ObjectLockEnabledForBucket'] === true;
      // x-amz-object-ownership; the model's enum has already refused any other value.
      const ownershipHeader = optStr(input, 'ObjectOwnership') as ObjectOwnership | undefined;
      authorizeCaller(ctx, 's3:CreateBucket', objectArn(name), context);
      for (const action of createActions(acl, objectLock, ownershipHeader)) authorizeCaller(ctx, action, objectArn(name), context);
      if (isAnonymous(ctx.caller)) throw new Error('unreachable: anonymous callers are denied s3:CreateBucket');
      const config = input['CreateBucketConfiguration'] as { LocationConstraint?: string } | undefined;
      const ownership = ownershipHeader ?? 'BucketOwnerEnforced';
      checkBucketAcl(acl, ownership, ctx.caller.account);
      // Object Lock (retention, legal holds) is not built: a bucket asking for it must not seem to have it.
      if (objectLock) throw featureNotImplemented('S3 Object Lock (x-amz-bucket-object-lock-enabled) is');
      const bucket = createBucket(objects, ctx.caller.account, name, config?.LocationConstraint, ctx.region, ownership);
      return { Location: bucketLocation(ctx.host, bucket.name, bucket.region), BucketArn: objectArn(bucket.name) };
    },

    HeadBucket: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:ListBucket', bucket);
      return { BucketRegion: bucket.region, BucketLocationType: undefined, BucketArn: objectArn(bucket.name) };
    },

    DeleteBucket: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:DeleteBucket', bucket);
      deleteBucket(objects, bucket.name);
      return {};
    },

    ListBuckets: (input, ctx) => {
      authorizeCaller(ctx, 's3:ListAllMyBuckets', '*');
      const prefix = optStr(input, 'Prefix') ?? '';
      const max = optNum(input, 'MaxBuckets') ?? 10000;
      const after = optStr(input, 'ContinuationToken');
      // bucket-region keeps only the buckets of that Region (API_ListBuckets.html); paging is by name after the filter.
      const region = optStr(input, 'BucketRegion');
      const all = objects.store.listBuckets(ctx.caller.account)
        .filter((b) => b.name.startsWith(prefix) && (after === undefined || b.name > after) && (region === undefined || b.region === region));
      const page = all.slice(0, max);
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region, BucketArn: objectArn(b.name) })),
        Owner: owner(ctx.caller.account),
        ...(all.length > page.length ? { ContinuationToken: page[page.length - 1]?.name } : {}),
        ...(prefix !== '' ? { Prefix: prefix } : {}),
      };
    },

    GetBucketLocation: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:GetBucketLocation', bucket);
      // us-east-1 buckets answer an empty LocationConstraint (API_GetBucketLocation.html).
      return { LocationConstraint: bucket.region === 'us-east-1' ? '' : bucket.region };
    },

    PutBucketVersioning: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:PutBucketVersioning', bucket);
      const config = input['VersioningConfiguration'] as { Status?: string; MFADelete?: string } | undefined;
      const status = config?.Status;
      // A configuration without Status has its own error (AWS, LocalStack's
      // test_bucket_versioning_crud: put-versioning-empty); an unknown one is MalformedXML.
      if (status === undefined) throw new S3Error('IllegalVersioningConfigurationException', 'The Versioning element must be specified', 400);
      if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
      refuseMfaDelete(config?.MFADelete, optStr(input, 'MFA'));
      updateBucket(objects, bucket.name, (b) => {
        b.versioning = status;
      });
      return {};
    },

    GetBucketVersioning: (input, ctx) => {
      const bucket = getBucket(objects, str(input, 'Bucket'));
      authorizeS3(ctx, 's3:GetBucketVersioning', bucket);
      return bucket.versioning === 'Unversioned' ? {} : { Status: bucket.versioning };
    },
  };
}
