// The port through which the identity engine keeps its records. The engine never sees SQL;
// the SQLite adapter in src/store implements this. Names are unique per account without
// regard to case, as IAM requires.

import type { AccountRecord, CredentialRecord, EntityKind, EntityRecords, RoleLastUsed, RoleRecord } from './records.js';

export interface IdentityStore {
  /** When present, changes on every write: caches built on the store compare it. */
  readonly generation?: number;

  /** Runs `fn` atomically: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  getEntity<K extends EntityKind>(kind: K, account: string, name: string): EntityRecords[K] | null;
  /** Inserts or replaces the record (keyed by account and lower-cased name). */
  putEntity<K extends EntityKind>(kind: K, record: EntityRecords[K]): void;
  deleteEntity(kind: EntityKind, account: string, name: string): void;
  /** Every record of a kind in an account, ordered by name. */
  listEntities<K extends EntityKind>(kind: K, account: string): EntityRecords[K][];

  /**
   * When a session of the role last made a request; null until then, and for a role deleted
   * and created again under its name (a new role id). Apart from the role's record, so that
   * noting a use is not a write to the role (which caches built on the store would see).
   */
  getRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>): RoleLastUsed | null;
  /** Inserts or replaces; deleting the role ('role' entity) deletes it too. */
  putRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>, used: RoleLastUsed): void;

  getCredential(accessKeyId: string): CredentialRecord | null;
  putCredential(record: CredentialRecord): void;
  deleteCredential(accessKeyId: string): void;
  /** Long-term keys of an account, optionally of one user ('' for the root user). */
  listCredentials(account: string, userName?: string): CredentialRecord[];
  /** Removes temporary credentials that expired before `before` (ISO time); returns how many. */
  purgeExpiredCredentials(before: string): number;

  getAccount(id: string): AccountRecord | null;
  putAccount(record: AccountRecord): void;
  listAccounts(): AccountRecord[];
}
