// Key management: CreateKey, DescribeKey, ListKeys, EnableKey/DisableKey, UpdateKeyDescription,
// ScheduleKeyDeletion (7-30 days, PendingDeletion) and CancelKeyDeletion (back to Disabled).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html
// https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html

import {
  authorizeAccount, authorizeKey, bypassContext, iamPolicyOnly, keyContext, keySpecContext, type Authorize, type KmsCall,
} from './access.js';
import { draftKey, insertKey } from './key-create.js';
import { addDays, settle } from './key-lifecycle.js';
import { defaultKeyPolicy, validateKeyPolicy } from './key-policies.js';
import { resolveKey, resolveOwnKey, type ResolvedKey } from './key-refs.js';
import { requireNotPendingDeletion } from './key-state.js';
import type { KmsContext } from './kms-context.js';
import { LOCKOUT, malformedPolicy, notPendingDeletion, pendingDeletion, unsupported, validation } from './kms-errors.js';
import type { KeyRecord, KmsTag } from './kms-records.js';
import { checkTags, tagContext } from './key-tags.js';

export interface CreateKeyInput {
  readonly policy?: string;
  readonly description?: string;
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly origin?: string;
  readonly multiRegion?: boolean;
  /** Custom key stores (CloudHSM, external): accepted only to be refused, never ignored. */
  readonly customKeyStoreId?: string;
  readonly xksKeyId?: string;
  readonly bypassPolicyLockoutSafetyCheck?: boolean;
  readonly tags?: readonly KmsTag[];
}

/** `decide` answers without throwing; it runs the lockout safety check. */
export function createKey(kms: KmsContext, call: KmsCall, input: CreateKeyInput, decide: Authorize): KeyRecord {
  const keySpec = input.keySpec ?? 'SYMMETRIC_DEFAULT';
  const bypass = input.bypassPolicyLockoutSafetyCheck === true;
  const tags = input.tags ?? [];
  authorizeAccount(call, 'CreateKey', {
    ...keySpecContext(keySpec, input.keyUsage ?? 'ENCRYPT_DECRYPT'),
    'kms:KeyOrigin': input.origin ?? 'AWS_KMS',
    'kms:MultiRegion': String(input.multiRegion === true),
    ...bypassContext(input.bypassPolicyLockoutSafetyCheck),
    ...tagContext(tags),
  });
  if (keySpec !== 'SYMMETRIC_DEFAULT') {
    if (input.keyUsage === undefined) throw validation('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    throw unsupported(`Gantry supports only SYMMETRIC_DEFAULT keys; ${keySpec} is not available.`);
  }
  if (input.keyUsage !== undefined && input.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw validation(`KeyUsage ${input.keyUsage} is not compatible with KeySpec SYMMETRIC_DEFAULT`);
  }
  if ((input.origin ?? 'AWS_KMS') !== 'AWS_KMS') throw unsupported(`Gantry supports only keys with Origin AWS_KMS.`);
  if (input.multiRegion === true) throw unsupported('Gantry does not support multi-Region keys.');
  // Ignoring them would create an ordinary key where the caller asked for one in its own key store.
  if (input.customKeyStoreId !== undefined || input.xksKeyId !== undefined) throw unsupported('Gantry does not support custom key stores.');
  checkTags(tags);
  const policyText = input.policy ?? defaultKeyPolicy(call.callerAccount);
  const draft = draftKey(kms, {
    account: call.callerAccount, region: call.region, description: input.description ?? '', policy: policyText, keyManager: 'CUSTOMER', tags,
  });
  const policy = validateKeyPolicy(kms, policyText, `${draft.arn}#key-policy`);
  const context = keyContext(kms, call, { ...draft, tags: [] }, null);
  if (input.policy !== undefined && !bypass) {
    const decision = decide({ action: 'kms:PutKeyPolicy', resource: draft.arn, resourcePolicy: policy, context });
    if (decision.decision !== 'Allow') throw malformedPolicy(LOCKOUT);
  }
  // "To use the Tags parameter, kms:TagResource (IAM policy)": the new key's policy is not asked.
  if (tags.length > 0) {
    call.authorize({
      action: 'kms:TagResource', resource: draft.arn, resourcePolicy: iamPolicyOnly(call.callerAccount, 'kms:TagResource'), context: { ...context, ...tagContext(tags) },
    });
  }
  return insertKey(kms, draft);
}

/** A key of the caller's own account. */
export function ownKey(kms: KmsContext, call: KmsCall, ref: string): ResolvedKey {
  return resolveOwnKey(kms, call.callerAccount, call.region, ref);
}

export function describeKey(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = resolveKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'DescribeKey', resolved);
  return resolved.key;
}

export function listKeys(kms: KmsContext, call: KmsCall): KeyRecord[] {
  authorizeAccount(call, 'ListKeys');
  return kms.store.listKeys(call.callerAccount, call.region).flatMap((key) => {
    const settled = key.state === 'PendingDeletion' ? settle(kms, key) : key;
    return settled ? [settled] : [];
  });
}

function update(kms: KmsContext, key: KeyRecord, changes: Partial<KeyRecord>): KeyRecord {
  const updated = { ...key, ...changes };
  kms.store.putKey(updated);
  return updated;
}

export function enableKey(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'EnableKey', resolved);
  requireNotPendingDeletion(resolved.key);
  return update(kms, resolved.key, { state: 'Enabled' });
}

export function disableKey(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'DisableKey', resolved);
  requireNotPendingDeletion(resolved.key);
  return update(kms, resolved.key, { state: 'Disabled' });
}

export function updateKeyDescription(kms: KmsContext, call: KmsCall, ref: string, description: string): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'UpdateKeyDescription', resolved);
  requireNotPendingDeletion(resolved.key);
  return update(kms, resolved.key, { description });
}

/** "If you include a value, it must be between 7 and 30, inclusive. ... it defaults to 30." */
export function scheduleKeyDeletion(kms: KmsContext, call: KmsCall, ref: string, days = 30): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'ScheduleKeyDeletion', resolved);
  if (resolved.key.state === 'PendingDeletion') throw pendingDeletion(resolved.key.arn);
  if (days < 7 || days > 30) throw validation(`PendingWindowInDays should be between 7 and 30, but it is ${days}`);
  return update(kms, resolved.key, { state: 'PendingDeletion', deletionDate: addDays(kms.clock.now(), days), pendingWindowInDays: days });
}

/** "The KMS key status changes from Pending deletion to Disabled." */
export function cancelKeyDeletion(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'CancelKeyDeletion', resolved);
  if (resolved.key.state !== 'PendingDeletion') throw notPendingDeletion(resolved.key.arn);
  return update(kms, resolved.key, { state: 'Disabled', deletionDate: null, pendingWindowInDays: null });
}
