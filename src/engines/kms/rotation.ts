// Key rotation: EnableKeyRotation (every RotationPeriodInDays, 365 by default),
// DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand and ListKeyRotations.
// Rotation adds material; every earlier version stays to decrypt what it encrypted.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html

import { authorizeKey, type KmsCall } from './access.js';
import { DEFAULT_ROTATION_DAYS } from './key-create.js';
import { addDays, rotate } from './key-lifecycle.js';
import { resolveKeyByIdOrArn, resolveOwnKey } from './key-refs.js';
import { requireRotatable } from './key-state.js';
import type { KmsContext } from './kms-context.js';
import { onDemandRotationLimit, unsupported } from './kms-errors.js';
import type { KeyMaterialRecord, KeyRecord } from './kms-records.js';

/**
 * On-demand rotations a key may have; automatic rotations do not count. "You can perform on-demand
 * key rotation a maximum of 25 times per KMS key" (rotating-keys-on-demand.html, current developer
 * guide); it was 10 when LocalStack recorded AWS refusing the 11th (test_key_rotations_limits,
 * April 2025), so the limit was raised since. [INFER] the text of the refusal did not change.
 */
const ON_DEMAND_ROTATION_LIMIT = 25;

function managedByCustomer(key: KeyRecord): void {
  if (key.keyManager === 'AWS') throw unsupported(`${key.arn} is an AWS managed key; AWS rotates it every year.`);
}

export function enableKeyRotation(kms: KmsContext, call: KmsCall, ref: string, periodDays = DEFAULT_ROTATION_DAYS): KeyRecord {
  const resolved = resolveOwnKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'EnableKeyRotation', resolved, { 'kms:RotationPeriodInDays': String(periodDays) });
  requireRotatable(resolved.key);
  managedByCustomer(resolved.key);
  const updated: KeyRecord = {
    ...resolved.key,
    rotation: { ...resolved.key.rotation, enabled: true, periodDays, nextRotationDate: addDays(kms.clock.now(), periodDays) },
  };
  kms.store.putKey(updated);
  return updated;
}

export function disableKeyRotation(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = resolveOwnKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'DisableKeyRotation', resolved);
  requireRotatable(resolved.key);
  managedByCustomer(resolved.key);
  const updated: KeyRecord = { ...resolved.key, rotation: { ...resolved.key.rotation, enabled: false, nextRotationDate: null } };
  kms.store.putKey(updated);
  return updated;
}

export function getKeyRotationStatus(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = resolveKeyByIdOrArn(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'GetKeyRotationStatus', resolved);
  return resolved.key;
}

export function rotateKeyOnDemand(kms: KmsContext, call: KmsCall, ref: string): KeyRecord {
  const resolved = resolveOwnKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'RotateKeyOnDemand', resolved);
  requireRotatable(resolved.key);
  managedByCustomer(resolved.key);
  const onDemand = kms.store.listMaterial(resolved.key.keyId).filter((m) => m.rotationType === 'ON_DEMAND').length;
  if (onDemand >= ON_DEMAND_ROTATION_LIMIT) throw onDemandRotationLimit(resolved.key.arn);
  return rotate(kms, resolved.key, 'ON_DEMAND');
}

/**
 * Rotations so far (material versions after the first), oldest first; with `allMaterial`
 * (IncludeKeyMaterial ALL_KEY_MATERIAL) the first material too, which "KMS adds ... to the
 * response" (ListKeyRotations API reference).
 */
export function listKeyRotations(
  kms: KmsContext, call: KmsCall, ref: string, allMaterial = false,
): { key: KeyRecord; rotations: KeyMaterialRecord[] } {
  const resolved = resolveOwnKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'ListKeyRotations', resolved);
  return { key: resolved.key, rotations: kms.store.listMaterial(resolved.key.keyId).filter((m) => allMaterial || m.version > 1) };
}
