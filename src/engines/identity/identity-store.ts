// The port through which the identity engine keeps its records. The engine never sees SQL;
// the SQLite adapter in src/store implements this. Names are unique per account without
// regard to case, as IAM requires.

import type { AccountRecord, CredentialRecord, EntityKind, EntityRecords } from './records.js';

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
