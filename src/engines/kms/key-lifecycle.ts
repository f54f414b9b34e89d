// Time-driven changes of a key, applied when the key is next looked at (Gantry runs no
// timers): a key whose deletion date has passed is deleted with its material, aliases and
// grants; a key with automatic rotation due gets new material.
// https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
// https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-enable-disable.html

import { newMaterial } from './key-material.js';
import { isoNow, type KmsContext } from './kms-context.js';
import type { KeyRecord } from './kms-records.js';

const DAY_MS = 86_400_000;

export function addDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

/** The key as it is now, or null when its deletion date has passed (it is then deleted). */
export function settle(kms: KmsContext, key: KeyRecord): KeyRecord | null {
  const now = kms.clock.now();
  if (key.state === 'PendingDeletion' && key.deletionDate !== null && Date.parse(key.deletionDate) <= now.getTime()) {
    kms.store.deleteKey(key.keyId);
    return null;
  }
  const next = key.rotation.nextRotationDate;
  if (key.rotation.enabled && key.state === 'Enabled' && next !== null && Date.parse(next) <= now.getTime()) {
    return rotate(kms, key, 'AUTOMATIC');
  }
  return key;
}

/** Adds a material version and makes it current; older versions stay for decryption. */
export function rotate(kms: KmsContext, key: KeyRecord, type: 'AUTOMATIC' | 'ON_DEMAND'): KeyRecord {
  return kms.store.transaction(() => {
    const version = key.currentVersion + 1;
    kms.store.putMaterial(newMaterial(kms, key.keyId, key.arn, version, type));
    const now = kms.clock.now();
    const rotation = key.rotation.enabled && type === 'AUTOMATIC'
      ? { ...key.rotation, nextRotationDate: addDays(now, key.rotation.periodDays) }
      : type === 'ON_DEMAND' ? { ...key.rotation, onDemandStartDate: isoNow(kms) } : key.rotation;
    const updated: KeyRecord = { ...key, currentVersion: version, rotation };
    kms.store.putKey(updated);
    return updated;
  });
}
