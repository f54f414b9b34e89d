// AWS managed keys (alias aws/<service>): created in the account on first use, with AWS's
// policy that lets the account's principals use the key only through the service, and
// rotated every year. Every predefined alias (predefined-aliases.ts) has one. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key

import { insertKey } from './key-create.js';
import { awsManagedKeyPolicy } from './key-policies.js';
import { aliasArnOf, isoNow, type KmsContext } from './kms-context.js';
import type { KeyRecord } from './kms-records.js';
import { MANAGED_KEY_SPECS, type ManagedService } from './managed-key-specs.js';

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
      description: MANAGED_KEY_SPECS[service].description,
      policy: awsManagedKeyPolicy(account, region, MANAGED_KEY_SPECS[service]),
      keyManager: 'AWS',
      tags: [],
      rotationEnabled: true,
    });
    const now = isoNow(kms);
    kms.store.putAlias({ account, region, name, arn: aliasArnOf(region, account, name), targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
    return key;
  });
}
