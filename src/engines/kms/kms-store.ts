// The port through which the KMS engine keeps keys, sealed material, aliases and grants.
// The engine never sees SQL; src/store/sql-kms-store.ts implements this.

import type { AliasRecord, GrantRecord, KeyMaterialRecord, KeyRecord } from './kms-records.js';

export interface KmsStore {
  /** Runs `fn` atomically: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  getKey(keyId: string): KeyRecord | null;
  putKey(record: KeyRecord): void;
  /** Removes the key with its material, aliases and grants. */
  deleteKey(keyId: string): void;
  /** Keys of an account in a region, in creation order. */
  listKeys(account: string, region: string): KeyRecord[];

  getMaterial(keyId: string, version: number): KeyMaterialRecord | null;
  putMaterial(record: KeyMaterialRecord): void;
  listMaterial(keyId: string): KeyMaterialRecord[];

  getAlias(account: string, region: string, name: string): AliasRecord | null;
  putAlias(record: AliasRecord): void;
  deleteAlias(account: string, region: string, name: string): void;
  /** Aliases of an account in a region, ordered by name; of one key when given. */
  listAliases(account: string, region: string, keyId?: string): AliasRecord[];

  getGrant(grantId: string): GrantRecord | null;
  putGrant(record: GrantRecord): void;
  deleteGrant(grantId: string): void;
  /** Grants of a key in creation order. */
  listGrants(keyId: string): GrantRecord[];
}
