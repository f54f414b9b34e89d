// The ACL headers of a write (x-amz-acl, x-amz-grant-*) against the bucket's Object Ownership
// and Block Public Access. Gantry does not implement ACLs: where a bucket accepts them
// (BucketOwnerPreferred, ObjectWriter, or no ownership controls at all) the headers pass and
// nothing is stored, so there GetObjectAcl, PutObjectAcl, GetBucketAcl... answer NotImplemented
// (acl-operations.ts answers them where ACLs are disabled).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html

import type { BucketRecord, ObjectOwnership } from '../../engines/objects/object-records.js';
import {
  accessDenied, aclNotSupported, invalidBucketAclWithObjectOwnership, invalidRequest,
} from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';
import { canonicalUserId } from './canonical-user.js';
import { optStr } from './s3-input.js';

const GRANT_MEMBERS = ['GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'] as const;
/** Canned ACLs that grant the AllUsers or AuthenticatedUsers group (acl-overview.html#canned-acl). */
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GROUP = /^uri=https?:\/\/acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

export interface AclHeaders {
  readonly canned: string | undefined;
  /** [member, grantees] of each x-amz-grant-* header sent; grantees as `type=value`, unquoted. */
  readonly grants: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** A grant header's grantees: `id="…", uri="…", emailAddress="…"`. */
function grantees(value: string): string[] {
  return value.split(',').map((entry) => {
    const m = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(entry);
    return m ? `${m[1]?.toLowerCase()}=${m[2]}` : entry.trim();
  });
}

/**
 * The x-amz-acl and x-amz-grant-* headers a request sends, read once; null when it sends none
 * (a write then needs no s3:PutObjectAcl). Not judged yet: checkObjectAcl and checkBucketAcl
 * refuse what they must, after authorization.
 */
export function aclHeaders(input: Input): AclHeaders | null {
  const canned = optStr(input, 'ACL');
  const grants = GRANT_MEMBERS.flatMap((member) => {
    const value = optStr(input, member);
    return value === undefined ? [] : [[member, grantees(value)] as const];
  });
  if (canned === undefined && grants.length === 0) return null;
  return { canned, grants };
}

function refuseCannedWithGrants(acl: AclHeaders): void {
  // [INFER] AWS's text for a canned ACL sent with grant headers, as reported by its users.
  if (acl.canned !== undefined && acl.grants.length > 0) throw invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
}

/**
 * True when the ACL asked for gives the bucket owner full control and nobody anything else: the
 * only ACL a BucketOwnerEnforced bucket accepts ("bucket-owner-full-control or an equivalent form").
 * `private` grants the writer full control, so it is equivalent when the writer is the bucket
 * owner's account. [INFER] AWS documents only bucket-owner-full-control by name; `private` from
 * the owner's account and x-amz-grant-full-control naming only the owner follow its "equivalent
 * form" rule.
 */
function onlyOwnerFullControl(acl: AclHeaders, bucketOwner: string, writer: string | null): boolean {
  if (acl.canned !== undefined) return acl.canned === 'bucket-owner-full-control' || (acl.canned === 'private' && writer === bucketOwner);
  const ownerGrantee = `id=${canonicalUserId(bucketOwner)}`;
  return acl.grants.every(([member, names]) => member === 'GrantFullControl' && names.every((name) => name === ownerGrantee));
}

function isPublic(acl: AclHeaders): boolean {
  return (acl.canned !== undefined && PUBLIC_CANNED.has(acl.canned)) || acl.grants.some(([, names]) => names.some((name) => PUBLIC_GROUP.test(name)));
}

/**
 * PutObject, CopyObject, CreateMultipartUpload, with the request's aclHeaders: a canned ACL with
 * grants is refused; then a BucketOwnerEnforced bucket refuses any ACL but
 * bucket owner full control (400 AccessControlListNotSupported); elsewhere BlockPublicAcls refuses
 * a public one (403 AccessDenied). `writer` is the caller's account, null when anonymous.
 */
export function checkObjectAcl(acl: AclHeaders | null, bucket: BucketRecord, writer: string | null): void {
  if (acl === null) return;
  refuseCannedWithGrants(acl);
  if (bucket.objectOwnership === 'BucketOwnerEnforced') {
    if (!onlyOwnerFullControl(acl, bucket.owner, writer)) throw aclNotSupported();
    return;
  }
  if (bucket.publicAccessBlock?.['BlockPublicAcls'] === true && isPublic(acl)) throw accessDenied();
  // ACLs enabled: the headers are accepted and, ACLs not being implemented, stored nowhere.
}

/**
 * CreateBucket: a bucket created BucketOwnerEnforced takes no ACL but its owner's full control
 * (`private`, the default) (API_CreateBucket.html: InvalidBucketAclWithObjectOwnership).
 */
export function checkBucketAcl(acl: AclHeaders | null, ownership: ObjectOwnership, creator: string): void {
  if (acl === null) return;
  refuseCannedWithGrants(acl);
  if (ownership !== 'BucketOwnerEnforced') return;
  if (!onlyOwnerFullControl(acl, creator, creator) || acl.canned === 'bucket-owner-full-control') throw invalidBucketAclWithObjectOwnership();
}
