// Key material: 256 bits from the CSPRNG, sealed by the platform's secret box (AES-256-GCM
// under the master key, bound to the key ARN and version) before it reaches the store.
// Rotation adds a version and keeps every older one, so old ciphertexts still decrypt.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html

import { randomBytes } from 'node:crypto';
import { isoNow, type KmsContext } from './kms-context.js';
import type { KeyMaterialRecord, KeyRecord } from './kms-records.js';
import { invalidCiphertext } from './kms-errors.js';

const sealingContext = (keyArn: string, version: number) => `kms-key-material:${keyArn}#${version}`;

export function newMaterial(kms: KmsContext, keyId: string, keyArn: string, version: number, rotationType: KeyMaterialRecord['rotationType']): KeyMaterialRecord {
  const material = randomBytes(32);
  const record: KeyMaterialRecord = {
    keyId,
    version,
    materialId: randomBytes(32).toString('hex'),
    created: isoNow(kms),
    rotationType,
    sealed: kms.box.seal(material, sealingContext(keyArn, version)),
  };
  material.fill(0);
  return record;
}

const CACHED_MATERIALS = 1024;

/**
 * The plaintext material of one version, shared from kms.materials: callers use it at once and
 * never change or keep it. Only the caller's key record decides which key and version.
 */
export function openMaterial(kms: KmsContext, key: KeyRecord, version: number): { material: Buffer; record: KeyMaterialRecord } {
  const record = kms.store.getMaterial(key.keyId, version);
  if (!record) throw invalidCiphertext();
  const id = `${key.keyId}#${version}`;
  let material = kms.materials.get(id);
  if (!material) {
    material = kms.box.openBytes(record.sealed, sealingContext(key.arn, version));
    if (kms.materials.size >= CACHED_MATERIALS) forgetMaterials(kms.materials);
    kms.materials.set(id, material);
  }
  return { material, record };
}

/** Zeroes and drops every unsealed material. */
export function forgetMaterials(materials: Map<string, Buffer>): void {
  for (const material of materials.values()) material.fill(0);
  materials.clear();
}
