// GetKeyPolicy, PutKeyPolicy and ListKeyPolicies. Every key has exactly one policy, named
// `default`. PutKeyPolicy runs the lockout safety check unless bypassed: the caller must be
// able to call PutKeyPolicy under the new policy.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html

import { authorizeKey, bypassContext, keyContext, type Authorize, type KmsCall } from './access.js';
import { validateKeyPolicy } from './key-policies.js';
import { ownKey } from './keys.js';
import type { KmsContext } from './kms-context.js';
import { LOCKOUT, malformedPolicy, notFound } from './kms-errors.js';
import type { KeyRecord } from './kms-records.js';

const POLICY_NAME = 'default';

function checkName(name: string | undefined): void {
  if (name !== undefined && name !== POLICY_NAME) throw notFound(`No such policy exists: ${name}`);
}

export function getKeyPolicy(kms: KmsContext, call: KmsCall, ref: string, name?: string): { policy: string; name: string } {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'GetKeyPolicy', resolved);
  checkName(name);
  return { policy: resolved.key.policy, name: POLICY_NAME };
}

export function listKeyPolicies(kms: KmsContext, call: KmsCall, ref: string): string[] {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'ListKeyPolicies', resolved);
  return [POLICY_NAME];
}

export function putKeyPolicy(
  kms: KmsContext, call: KmsCall, ref: string, text: string, options: { name?: string; bypass?: boolean; decide: Authorize },
): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'PutKeyPolicy', resolved, bypassContext(options.bypass));
  checkName(options.name);
  const { key } = resolved;
  const policy = validateKeyPolicy(kms, text, `${key.arn}#key-policy`);
  if (options.bypass !== true) {
    const decision = options.decide({
      action: 'kms:PutKeyPolicy', resource: key.arn, resourcePolicy: policy, context: keyContext(kms, call, key, resolved.alias),
    });
    if (decision.decision !== 'Allow') throw malformedPolicy(LOCKOUT);
  }
  const updated: KeyRecord = { ...key, policy: text, revision: key.revision + 1 };
  kms.store.putKey(updated);
  return updated;
}
