// The canonical user id S3 shows for an account (bucket and object owners, ACL grantees).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/finding-canonical-user-id.html

import { createHash } from 'node:crypto';

/** The canonical user id S3 shows as an account's Owner ID (64 hex characters). */
export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`gantry-canonical-user:${account}`).digest('hex');
}

/**
 * An account as an Owner (or ACL Grantee): its canonical user id alone. S3 stopped answering
 * DisplayName on November 21, 2025 ("End of support notice", API_Owner.html), in every Region.
 */
export function owner(account: string): { ID: string } {
  return { ID: canonicalUserId(account) };
}

/**
 * Who created a multipart upload, as ListParts and ListMultipartUploads name it: an account (its
 * root) by its canonical user id, an IAM user or role session by its ARN (API_Initiator.html).
 */
export function initiator(callerArn: string): { ID: string } {
  const root = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(callerArn);
  return { ID: root ? canonicalUserId(root[1] as string) : callerArn };
}
