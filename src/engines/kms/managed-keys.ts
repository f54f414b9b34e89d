// AWS managed keys (alias aws/<service>): created in the account on first use, with AWS's
// policy that lets the account's principals use the key only through the service, and
// rotated every year. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key

import { insertKey } from './key-create.js';
import { awsManagedKeyPolicy } from './key-policies.js';
import { aliasArnOf, isoNow, type KmsContext } from './kms-context.js';
import type { KeyRecord } from './kms-records.js';

export const MANAGED_SERVICES = ['s3'] as const;
export type ManagedService = (typeof MANAGED_SERVICES)[number];

const DESCRIPTIONS: Record<ManagedService, string> = {
  s3: 'Default key that protects my S3 objects when no other key is defined',
};

/** The account's managed key for the service, created (with its alias) when missing. */
export function createAwsManagedKey(kms: KmsContext, account: string, region: string, service: ManagedService): KeyRecord {
  const name = `alias/aws/${service}`;
  // Every SSE-KMS request naming no key comes here: the key exists but the first time, so look before locking.
  const alias = kms.store.getAlias(account, region, name);
  const found = alias ? kms.store.getKey(alias.targetKeyId) : null;
  if (found) return found;
  return kms.store.transaction(() => {
    const existing = kms.store.getAlias(account, region, name);
    const current = existing ? kms.store.getKey(existing.targetKeyId) : null;
    if (current) return current;
    const key = insertKey(kms, {
      account,
      region,
      description: DESCRIPTIONS[service],
      policy: awsManagedKeyPolicy(account, region, service),
      keyManager: 'AWS',
      tags: [],
      rotationEnabled: true,
    });
    const now = isoNow(kms);
    kms.store.putAlias({ account, region, name, arn: aliasArnOf(region, account, name), targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
    return key;
  });
}
