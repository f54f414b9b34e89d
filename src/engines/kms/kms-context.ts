// What every KMS operation needs: the store, time, the region Gantry serves, the secret box
// that seals key material, a way to tell whether an IAM principal exists (key policies may
// name only existing principals), and caches of compiled key policies and unsealed material.

import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { Policy } from '../../iam/index.js';
import type { KmsStore } from './kms-store.js';

/** Answers whether an IAM user or role ARN names an existing principal; the platform implements it. */
export interface PrincipalDirectory {
  exists(arn: string): boolean;
}

export interface KmsContext {
  readonly store: KmsStore;
  readonly clock: Clock;
  /** The region Gantry serves when a call names none (the internal API for services). */
  readonly region: string;
  readonly box: SecretBox;
  readonly principals: PrincipalDirectory;
  /** Compiled key policies (with grants) by `keyId#revision`. */
  readonly policies: Map<string, Policy>;
  /**
   * Unsealed key material by `keyId#version`, in memory only (the store keeps it sealed), so a
   * data key is not unsealed twice. Emptied (and zeroed) whenever the KMS store changes.
   */
  readonly materials: Map<string, Buffer>;
}

export function isoNow(kms: KmsContext): string {
  return kms.clock.now().toISOString();
}

export function keyArnOf(region: string, account: string, keyId: string): string {
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

export function aliasArnOf(region: string, account: string, name: string): string {
  return `arn:aws:kms:${region}:${account}:${name}`;
}
