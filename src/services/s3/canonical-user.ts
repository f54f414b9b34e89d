// The canonical user id S3 shows for an account (bucket and object owners, ACL grantees).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/finding-canonical-user-id.html

import { createHash } from 'node:crypto';

/** The canonical user id S3 shows as an account's Owner ID (64 hex characters). */
export function canonicalUserId(account: string): string {
  return createHash('sha256').update(`gantry-canonical-user:${account}`).digest('hex');
}

export function owner(account: string) {
  return { ID: canonicalUserId(account), DisplayName: `account-${account}` };
}
