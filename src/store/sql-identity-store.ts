// The identity engine's records in SQLite: one document table for users, groups, roles and
// managed policies (keyed by account, kind and lower-cased name, since IAM names ignore
// case), one for credentials (looked up by access key id on every request), one for accounts,
// and one for when each role was last used (written by requests, apart from the role's record).

import type { IdentityStore } from '../engines/identity/identity-store.js';
import type { AccountRecord, CredentialRecord, EntityKind, EntityRecords, RoleLastUsed, RoleRecord } from '../engines/identity/records.js';
import type { SqlDatabase } from './sql-database.js';

export const IDENTITY_MIGRATIONS = [
  {
    id: 100,
    name: 'identity',
    sql: `
      CREATE TABLE accounts (id TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE iam_entities (
        account TEXT NOT NULL, kind TEXT NOT NULL, name_key TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (account, kind, name_key));
      CREATE TABLE credentials (
        access_key_id TEXT PRIMARY KEY, account TEXT NOT NULL, owner_user TEXT,
        temporary INTEGER NOT NULL, expires_at TEXT, record TEXT NOT NULL);
      CREATE INDEX credentials_by_owner ON credentials (account, owner_user) WHERE temporary = 0;
      CREATE INDEX credentials_by_expiry ON credentials (expires_at) WHERE temporary = 1;
    `,
  },
  {
    // RoleLastUsed moves out of the role's record (where data directories written before kept
    // it as `lastUsed`), so that a request noting it no longer rewrites the role.
    id: 101,
    name: 'role-last-used',
    sql: `
      CREATE TABLE iam_role_last_used (
        account TEXT NOT NULL, name_key TEXT NOT NULL, role_id TEXT NOT NULL, used_at TEXT NOT NULL, region TEXT NOT NULL,
        PRIMARY KEY (account, name_key));
      INSERT INTO iam_role_last_used (account, name_key, role_id, used_at, region)
        SELECT account, name_key, json_extract(record, '$.id'), json_extract(record, '$.lastUsed.date'), json_extract(record, '$.lastUsed.region')
        FROM iam_entities WHERE kind = 'role' AND json_extract(record, '$.lastUsed.date') IS NOT NULL;
      UPDATE iam_entities SET record = json_remove(record, '$.lastUsed') WHERE kind = 'role' AND json_type(record, '$.lastUsed') IS NOT NULL;
    `,
  },
];

function ownerUser(record: CredentialRecord): string | null {
  if (record.owner.type === 'root') return '';
  if (record.owner.type === 'user') return record.owner.userName.toLowerCase();
  return null;
}

export class SqlIdentityStore implements IdentityStore {
  private readonly statements;

  constructor(private readonly db: SqlDatabase) {
    this.statements = {
      getEntity: db.prepare('SELECT record FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?'),
      putEntity: db.prepare('INSERT OR REPLACE INTO iam_entities (account, kind, name_key, record) VALUES (?, ?, ?, ?)'),
      deleteEntity: db.prepare('DELETE FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?'),
      listEntities: db.prepare('SELECT record FROM iam_entities WHERE account = ? AND kind = ? ORDER BY name_key'),
      getRoleLastUsed: db.prepare('SELECT role_id, used_at, region FROM iam_role_last_used WHERE account = ? AND name_key = ?'),
      putRoleLastUsed: db.prepare(
        'INSERT OR REPLACE INTO iam_role_last_used (account, name_key, role_id, used_at, region) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteRoleLastUsed: db.prepare('DELETE FROM iam_role_last_used WHERE account = ? AND name_key = ?'),
      getCredential: db.prepare('SELECT record FROM credentials WHERE access_key_id = ?'),
      putCredential: db.prepare(
        'INSERT OR REPLACE INTO credentials (access_key_id, account, owner_user, temporary, expires_at, record) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deleteCredential: db.prepare('DELETE FROM credentials WHERE access_key_id = ?'),
      listAccountKeys: db.prepare('SELECT record FROM credentials WHERE account = ? AND temporary = 0 ORDER BY access_key_id'),
      listUserKeys: db.prepare('SELECT record FROM credentials WHERE account = ? AND owner_user = ? AND temporary = 0 ORDER BY access_key_id'),
      purge: db.prepare('DELETE FROM credentials WHERE temporary = 1 AND expires_at < ?'),
      getAccount: db.prepare('SELECT record FROM accounts WHERE id = ?'),
      putAccount: db.prepare('INSERT OR REPLACE INTO accounts (id, record) VALUES (?, ?)'),
      listAccounts: db.prepare('SELECT record FROM accounts ORDER BY id'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  getEntity<K extends EntityKind>(kind: K, account: string, name: string): EntityRecords[K] | null {
    const row = this.statements.getEntity.get(account, kind, name.toLowerCase()) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as EntityRecords[K]) : null;
  }

  putEntity<K extends EntityKind>(kind: K, record: EntityRecords[K]): void {
    this.statements.putEntity.run(record.account, kind, record.name.toLowerCase(), JSON.stringify(record));
  }

  deleteEntity(kind: EntityKind, account: string, name: string): void {
    this.statements.deleteEntity.run(account, kind, name.toLowerCase());
    if (kind === 'role') this.statements.deleteRoleLastUsed.run(account, name.toLowerCase());
  }

  listEntities<K extends EntityKind>(kind: K, account: string): EntityRecords[K][] {
    const rows = this.statements.listEntities.all(account, kind) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as EntityRecords[K]);
  }

  getRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>): RoleLastUsed | null {
    const row = this.statements.getRoleLastUsed.get(role.account, role.name.toLowerCase()) as
      | { role_id: string; used_at: string; region: string }
      | undefined;
    return row && row.role_id === role.id ? { date: row.used_at, region: row.region } : null;
  }

  putRoleLastUsed(role: Pick<RoleRecord, 'account' | 'name' | 'id'>, used: RoleLastUsed): void {
    this.statements.putRoleLastUsed.run(role.account, role.name.toLowerCase(), role.id, used.date, used.region);
  }

  getCredential(accessKeyId: string): CredentialRecord | null {
    const row = this.statements.getCredential.get(accessKeyId) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as CredentialRecord) : null;
  }

  putCredential(record: CredentialRecord): void {
    const temporary = record.sessionToken !== null ? 1 : 0;
    this.statements.putCredential.run(record.accessKeyId, record.account, ownerUser(record), temporary, record.expiration, JSON.stringify(record));
  }

  deleteCredential(accessKeyId: string): void {
    this.statements.deleteCredential.run(accessKeyId);
  }

  listCredentials(account: string, userName?: string): CredentialRecord[] {
    const rows = (userName === undefined
      ? this.statements.listAccountKeys.all(account)
      : this.statements.listUserKeys.all(account, userName.toLowerCase())) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as CredentialRecord);
  }

  purgeExpiredCredentials(before: string): number {
    return Number(this.statements.purge.run(before).changes);
  }

  getAccount(id: string): AccountRecord | null {
    const row = this.statements.getAccount.get(id) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as AccountRecord) : null;
  }

  putAccount(record: AccountRecord): void {
    this.statements.putAccount.run(record.id, JSON.stringify(record));
  }

  listAccounts(): AccountRecord[] {
    return (this.statements.listAccounts.all() as { record: string }[]).map((row) => JSON.parse(row.record) as AccountRecord);
  }
}
