// The identity engine's records in SQLite: one document table for users, groups, roles and
// managed policies (keyed by account, kind and lower-cased name, since IAM names ignore
// case), one for credentials (looked up by access key id on every request), one for accounts.

import type { IdentityStore } from '../engines/identity/identity-store.js';
import type { AccountRecord, CredentialRecord, EntityKind, EntityRecords } from '../engines/identity/records.js';
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
  }

  listEntities<K extends EntityKind>(kind: K, account: string): EntityRecords[K][] {
    const rows = this.statements.listEntities.all(account, kind) as { record: string }[];
    return rows.map((row) => JSON.parse(row.record) as EntityRecords[K]);
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
