// A new symmetric key: its record (Enabled, rotation off unless asked), drafted first so that
// CreateKey can authorize against it, then stored with its first material.

import { randomUUID } from 'node:crypto';
import { newMaterial } from './key-material.js';
import { isoNow, keyArnOf, type KmsContext } from './kms-context.js';
import type { KeyRecord, KmsTag } from './kms-records.js';

export interface NewKey {
  readonly keyId?: string;
  readonly account: string;
  readonly region: string;
  readonly description: string;
  readonly policy: string;
  readonly keyManager: KeyRecord['keyManager'];
  readonly tags: readonly KmsTag[];
  readonly rotationEnabled?: boolean;
}

export const DEFAULT_ROTATION_DAYS = 365;

export function newKeyId(): string {
  return randomUUID();
}

export function draftKey(kms: KmsContext, spec: NewKey): KeyRecord {
  const keyId = spec.keyId ?? newKeyId();
  const arn = keyArnOf(spec.region, spec.account, keyId);
  const now = kms.clock.now();
  const record: KeyRecord = {
    keyId,
    arn,
    account: spec.account,
    region: spec.region,
    description: spec.description,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    keyManager: spec.keyManager,
    state: 'Enabled',
    creationDate: isoNow(kms),
    deletionDate: null,
    pendingWindowInDays: null,
    policy: spec.policy,
    revision: 1,
    tags: spec.tags,
    rotation: {
      enabled: spec.rotationEnabled ?? false,
      periodDays: DEFAULT_ROTATION_DAYS,
      nextRotationDate: spec.rotationEnabled ? new Date(now.getTime() + DEFAULT_ROTATION_DAYS * 86_400_000).toISOString() : null,
      onDemandStartDate: null,
    },
    currentVersion: 1,
  };
  return record;
}

export function insertKey(kms: KmsContext, spec: NewKey | KeyRecord): KeyRecord {
  const record = 'arn' in spec ? spec : draftKey(kms, spec);
  const { keyId, arn } = record;
  kms.store.transaction(() => {
    kms.store.putKey(record);
    kms.store.putMaterial(newMaterial(kms, keyId, arn, 1, null));
  });
  return record;
}
