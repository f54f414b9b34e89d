// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. An alias needs kms:<Op> on the
// alias ARN (IAM policy) and on each key involved (key policy). Names start with `alias/`;
// `alias/aws/` is reserved for AWS managed keys.
// https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html

import { authorizeAccount, authorizeKey, type KmsCall } from './access.js';
import { resolveOwnKey } from './key-refs.js';
import { requireNotPendingDeletion } from './key-state.js';
import { aliasArnOf, isoNow, type KmsContext } from './kms-context.js';
import { aliasCharacters, aliasExists, aliasNotFound, aliasPrefix, reservedAlias, validation } from './kms-errors.js';
import type { AliasRecord } from './kms-records.js';
import { predefinedAliases, type PredefinedAlias } from './predefined-aliases.js';

/**
 * The name rules model validation cannot state: `alias/` and then a name (the model's pattern
 * also admits `alias/` alone and `:`), never under `alias/aws/`. DeleteAlias applies them too,
 * all but the characters, so that an alias stored before this check can still be deleted.
 */
function checkName(name: string, characters = true): void {
  if (!name.startsWith('alias/') || name === 'alias/') throw aliasPrefix();
  if (name.startsWith('alias/aws/')) throw reservedAlias();
  if (characters && name.includes(':')) throw aliasCharacters(name);
}

function authorizeAlias(kms: KmsContext, call: KmsCall, op: string, name: string): void {
  call.authorize({ action: `kms:${op}`, resource: aliasArnOf(call.region, call.callerAccount, name), context: { 'kms:CallerAccount': call.callerAccount } });
}

/** An alias names a key by its id or ARN, never another alias (CreateAlias API reference). [INFER] the text, as moto and other emulators give it */
function checkTarget(targetRef: string): void {
  if (targetRef.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:\d{12}:alias\//.test(targetRef)) throw validation('Aliases must refer to keys. Not aliases');
}

export function createAlias(kms: KmsContext, call: KmsCall, name: string, targetRef: string): AliasRecord {
  checkName(name);
  checkTarget(targetRef);
  const target = resolveOwnKey(kms, call.callerAccount, call.region, targetRef);
  authorizeAlias(kms, call, 'CreateAlias', name);
  authorizeKey(kms, call, 'CreateAlias', target);
  requireNotPendingDeletion(target.key);
  const arn = aliasArnOf(call.region, call.callerAccount, name);
  if (kms.store.getAlias(call.callerAccount, call.region, name)) throw aliasExists(arn);
  const now = isoNow(kms);
  const record: AliasRecord = {
    account: call.callerAccount, region: call.region, name, arn, targetKeyId: target.key.keyId, creationDate: now, lastUpdatedDate: now,
  };
  kms.store.putAlias(record);
  return record;
}

export function updateAlias(kms: KmsContext, call: KmsCall, name: string, targetRef: string): AliasRecord {
  checkName(name);
  const alias = kms.store.getAlias(call.callerAccount, call.region, name);
  if (!alias) throw aliasNotFound(aliasArnOf(call.region, call.callerAccount, name));
  checkTarget(targetRef);
  const current = resolveOwnKey(kms, call.callerAccount, call.region, alias.targetKeyId);
  const target = resolveOwnKey(kms, call.callerAccount, call.region, targetRef);
  authorizeAlias(kms, call, 'UpdateAlias', name);
  authorizeKey(kms, call, 'UpdateAlias', current);
  authorizeKey(kms, call, 'UpdateAlias', target);
  requireNotPendingDeletion(target.key);
  const record: AliasRecord = { ...alias, targetKeyId: target.key.keyId, lastUpdatedDate: isoNow(kms) };
  kms.store.putAlias(record);
  return record;
}

export function deleteAlias(kms: KmsContext, call: KmsCall, name: string): void {
  // Reserved before not-found: ListAliases shows the predefined AWS aliases whether or not their key exists yet.
  checkName(name, false);
  const alias = kms.store.getAlias(call.callerAccount, call.region, name);
  if (!alias) throw aliasNotFound(aliasArnOf(call.region, call.callerAccount, name));
  authorizeAlias(kms, call, 'DeleteAlias', name);
  const target = resolveOwnKey(kms, call.callerAccount, call.region, alias.targetKeyId);
  authorizeKey(kms, call, 'DeleteAlias', target);
  kms.store.deleteAlias(call.callerAccount, call.region, name);
}

/** A ListAliases entry: a stored alias, or a predefined AWS alias whose key does not exist yet. */
export type ListedAlias = AliasRecord | PredefinedAlias;

/**
 * ListAliases: authorized on `*`. Without a KeyId, the account's aliases and the predefined AWS
 * aliases not yet backed by a key, in name order (one list, so Limit/Marker page across both);
 * with a KeyId, the aliases of that key, which a predefined alias without a key never is. The key
 * must be the caller's own: "Cross-account use: No. ListAliases does not return aliases in other
 * Amazon Web Services accounts" (API reference), though the key policy is never asked.
 */
export function listAliases(kms: KmsContext, call: KmsCall, keyRef?: string): ListedAlias[] {
  authorizeAccount(call, 'ListAliases');
  if (keyRef === undefined) {
    const stored = kms.store.listAliases(call.callerAccount, call.region).filter((a) => kms.store.getKey(a.targetKeyId) !== null);
    const taken = new Set(stored.map((a) => a.name));
    const waiting = predefinedAliases(call.callerAccount, call.region).filter((a) => !taken.has(a.name));
    // Code-unit order, as the store's ORDER BY name (SQLite's binary collation) gives the stored ones.
    return [...stored, ...waiting].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const { key } = resolveOwnKey(kms, call.callerAccount, call.region, keyRef);
  return kms.store.listAliases(key.account, key.region, key.keyId);
}
