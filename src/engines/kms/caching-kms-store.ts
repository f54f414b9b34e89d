// A read-through cache in front of a KmsStore: every SSE-KMS object read or write resolves its
// key, the key's aliases (kms:ResourceAliases) and its sealed material, while keys change
// rarely. Any write, and the end of any transaction (which may have rolled back), empties the
// cache; reads inside a transaction go to the store. Absent records are never cached. Only
// records are cached here, never decisions: every request is still authorized and its key's
// state checked, against the current record.

import type { KmsStore } from './kms-store.js';
import type { AliasRecord, GrantRecord, KeyMaterialRecord, KeyRecord } from './kms-records.js';

const LIMIT = 10_000;

export class CachingKmsStore implements KmsStore {
  private keys = new Map<string, KeyRecord>();
  private materials = new Map<string, KeyMaterialRecord>();
  private aliases = new Map<string, AliasRecord>();
  private keyAliases = new Map<string, AliasRecord[]>();
  private depth = 0;

  constructor(private readonly inner: KmsStore, private readonly onChange: () => void = () => undefined) {}

  /** Drops every cached record (a batch of writes they may come from did not commit). */
  forgetAll(): void {
    this.changed();
  }

  private changed(): void {
    this.keys.clear();
    this.materials.clear();
    this.aliases.clear();
    this.keyAliases.clear();
    this.onChange();
  }

  private remember<V>(map: Map<string, V>, key: string, value: V | null): V | null {
    if (value === null || this.depth > 0) return value;
    if (map.size >= LIMIT) map.clear();
    map.set(key, Object.freeze(value));
    return value;
  }

  transaction<T>(fn: () => T): T {
    this.depth++;
    try {
      return this.inner.transaction(fn);
    } finally {
      this.depth--;
      this.changed();
    }
  }

  getKey(keyId: string): KeyRecord | null {
    return (this.depth === 0 ? this.keys.get(keyId) : undefined) ?? this.remember(this.keys, keyId, this.inner.getKey(keyId));
  }

  putKey(record: KeyRecord): void {
    this.inner.putKey(record);
    this.changed();
  }

  deleteKey(keyId: string): void {
    this.inner.deleteKey(keyId);
    this.changed();
  }

  listKeys(account: string, region: string): KeyRecord[] {
    return this.inner.listKeys(account, region);
  }

  getMaterial(keyId: string, version: number): KeyMaterialRecord | null {
    const id = `${keyId}#${version}`;
    return (this.depth === 0 ? this.materials.get(id) : undefined) ?? this.remember(this.materials, id, this.inner.getMaterial(keyId, version));
  }

  putMaterial(record: KeyMaterialRecord): void {
    this.inner.putMaterial(record);
    this.changed();
  }

  listMaterial(keyId: string): KeyMaterialRecord[] {
    return this.inner.listMaterial(keyId);
  }

  getAlias(account: string, region: string, name: string): AliasRecord | null {
    const id = `${account}\u0000${region}\u0000${name}`;
    return (this.depth === 0 ? this.aliases.get(id) : undefined) ?? this.remember(this.aliases, id, this.inner.getAlias(account, region, name));
  }

  putAlias(record: AliasRecord): void {
    this.inner.putAlias(record);
    this.changed();
  }

  deleteAlias(account: string, region: string, name: string): void {
    this.inner.deleteAlias(account, region, name);
    this.changed();
  }

  /** A key's aliases (asked on every request for kms:ResourceAliases) are cached; an account's are not. */
  listAliases(account: string, region: string, keyId?: string): AliasRecord[] {
    if (keyId === undefined) return this.inner.listAliases(account, region);
    const id = `${account}\u0000${region}\u0000${keyId}`;
    const hit = this.depth === 0 ? this.keyAliases.get(id) : undefined;
    if (hit) return [...hit];
    const aliases = this.inner.listAliases(account, region, keyId);
    this.remember(this.keyAliases, id, aliases.map((a) => Object.freeze(a)));
    return [...aliases];
  }

  getGrant(grantId: string): GrantRecord | null {
    return this.inner.getGrant(grantId);
  }

  putGrant(record: GrantRecord): void {
    this.inner.putGrant(record);
    this.changed();
  }

  deleteGrant(grantId: string): void {
    this.inner.deleteGrant(grantId);
    this.changed();
  }

  listGrants(keyId: string): GrantRecord[] {
    return this.inner.listGrants(keyId);
  }
}
