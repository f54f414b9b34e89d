// A read-through cache in front of an IdentityStore: every request resolves its access key
// and its caller's policies, while identities change rarely. Any write, and the end of any
// transaction (which may have rolled back), empties the cache and moves `generation`, which
// caches built on top (resolved callers, the decision point's principals) compare against.
// Writes by other processes (`gantry env --profile` adds keys) are seen because absent keys
// are never cached. When a role was last used is neither cached nor a change: requests write
// it (role-last-used.ts), and emptying the cache for that would cost every later request.

import type { IdentityStore } from './identity-store.js';
import type { AccountRecord, CredentialRecord, EntityKind, EntityRecords, RoleLastUsed, RoleRecord } from './records.js';

const LIMIT = 10_000;

export class CachingIdentityStore implements IdentityStore {
  private entities = new Map<string, unknown>();
  private credentials = new Map<string, CredentialRecord>();
  private depth = 0;
  /** Moves on every change; equal generations mean nothing changed in between. */
  generation = 0;

  constructor(private readonly inner: IdentityStore) {}

  /** Drops every cached record (a batch of writes they may come from did not commit). */
  forgetAll(): void {
    this.changed();
  }

  private changed(): void {
    this.generation++;
    this.entities.clear();
    this.credentials.clear();
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

  getEntity<K extends EntityKind>(kind: K, account: string, name: string): EntityRecords[K] | null {
    if (this.depth > 0) return this.inner.getEntity(kind, account, name);
    const key = `${kind}\u0000${account}\u0000${name.toLowerCase()}`;
    const hit = this.entities.get(key) as EntityRecords[K] | undefined;
    if (hit) return hit;
    const record = this.inner.getEntity(kind, account, name);
    if (record) {
      if (this.entities.size >= LIMIT) this.entities.clear();
      this.entities.set(key, record);
    }
    return record;
  }

  putEntity<K extends EntityKind>(kind: K, record: EntityRecords[K]): void {
    this.inner.putEntity(kind, record);
    this.changed();
  }

  deleteEntity(kind: EntityKind, account: string, name: string): void {
    this.inner.deleteEntity(kind, account, name);
    this.changed();
  }

  listEntities<K extends EntityKind>(kind: K, account: string): EntityRecords[K][] {
    return this.inner.listEntities(kind, account);
  }

  getRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>): RoleLastUsed | null {
    return this.inner.getRoleLastUsed(role);
  }

  putRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>, used: RoleLastUsed): void {
    this.inner.putRoleLastUsed(role, used);
  }

  getCredential(accessKeyId: string): CredentialRecord | null {
    if (this.depth > 0) return this.inner.getCredential(accessKeyId);
    const hit = this.credentials.get(accessKeyId);
    if (hit) return hit;
    const record = this.inner.getCredential(accessKeyId);
    if (record) {
      if (this.credentials.size >= LIMIT) this.credentials.clear();
      this.credentials.set(accessKeyId, record);
    }
    return record;
  }

  putCredential(record: CredentialRecord): void {
    this.inner.putCredential(record);
    this.changed();
  }

  deleteCredential(accessKeyId: string): void {
    this.inner.deleteCredential(accessKeyId);
    this.changed();
  }

  listCredentials(account: string, userName?: string): CredentialRecord[] {
    return this.inner.listCredentials(account, userName);
  }

  purgeExpiredCredentials(before: string): number {
    const removed = this.inner.purgeExpiredCredentials(before);
    if (removed > 0) this.changed();
    return removed;
  }

  getAccount(id: string): AccountRecord | null {
    return this.inner.getAccount(id);
  }

  putAccount(record: AccountRecord): void {
    this.inner.putAccount(record);
    this.changed();
  }

  listAccounts(): AccountRecord[] {
    return this.inner.listAccounts();
  }
}
