// The Principal / NotPrincipal of a bucket policy statement, with S3's MalformedPolicy texts.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-bucket-user-policy-specifying-principal-intro.html

import { malformedPolicy } from '../../engines/objects/s3-errors.js';

// S3 refuses an unknown principal without naming it; seen for a bare user name, an access key id
// and a role's unique id (AROA...), e.g. github.com/versity/versitygw/issues/649.
const INVALID_PRINCIPAL = 'Invalid principal in policy';
// Terraform users met this with `{"AWS": []}` (github.com/cn-terraform/terraform-aws-s3-static-website/issues/38);
// that `{}` answers the same is [INFER].
const EMPTY_PRINCIPAL = 'Missing required field Principal cannot be empty!';

/** Account ids, account/user/role ARNs, STS session ARNs, and the legacy CloudFront OAI user. */
const AWS_PRINCIPAL = new RegExp([
  String.raw`^\*$`,
  String.raw`^\d{12}$`,
  String.raw`^arn:aws:iam::\d{12}:(root|user/.+|role/.+)$`,
  String.raw`^arn:aws:sts::\d{12}:(assumed-role/[^/]+/.+|federated-user/.+)$`,
  String.raw`^arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+$`,
].join('|'));
/** A service principal is a DNS name under amazonaws.com, e.g. `logging.s3.amazonaws.com` [INFER on the exact rule]. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;
/** An S3 canonical user id is 64 hex digits. */
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

const CHECKS: Readonly<Record<string, RegExp>> = { AWS: AWS_PRINCIPAL, Service: SERVICE_PRINCIPAL, CanonicalUser: CANONICAL_USER };

/** Answers whether an IAM user or role ARN names an existing principal; the platform implements it. */
export interface PrincipalDirectory {
  exists(arn: string): boolean;
}

/** An IAM user or role ARN (a path allowed): the principals S3 looks up when the policy is put. */
const IAM_IDENTITY = /^arn:aws:iam::\d{12}:(user|role)\//;

/**
 * Refuses a principal S3 would not store: one of a form S3 does not know, or an IAM user or role
 * that does not exist. S3 resolves users and roles when the policy is put (a policy read back
 * after its user was deleted shows the user's unique id instead of the ARN:
 * s3-bucket-user-policy-specifying-principal-intro.html); one that does not resolve gets the same
 * text as any other principal S3 cannot use [INFER: as IAM answers for a role trust policy, with
 * the principal named there]. Users and roles of accounts Gantry does not hold are taken to exist.
 */
export function checkPrincipal(principal: unknown, principals: PrincipalDirectory): void {
  if (principal === '*') return;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) throw malformedPolicy(INVALID_PRINCIPAL);
  const entries = Object.entries(principal as Record<string, unknown>);
  if (entries.length === 0) throw malformedPolicy(EMPTY_PRINCIPAL);
  for (const [kind, value] of entries) {
    // Federated (web identity, SAML) principals belong in role trust policies, not on buckets [INFER].
    const check = CHECKS[kind];
    if (check === undefined) throw malformedPolicy(INVALID_PRINCIPAL);
    const ids: unknown[] = Array.isArray(value) ? value : [value];
    if (ids.length === 0) throw malformedPolicy(EMPTY_PRINCIPAL);
    for (const id of ids) {
      if (typeof id !== 'string' || !check.test(id)) throw malformedPolicy(INVALID_PRINCIPAL);
      if (kind === 'AWS' && IAM_IDENTITY.test(id) && !principals.exists(id)) throw malformedPolicy(INVALID_PRINCIPAL);
    }
  }
}
