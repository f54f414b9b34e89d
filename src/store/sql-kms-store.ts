// The KMS engine's records in SQLite: keys (metadata and policy as JSON), key material
// versions (only the sealed form, in its own column), aliases by account and region, and
// grants by key. Deleting a key deletes its material, aliases and grants. Migration ids 400+.

import type { KmsStore } from '../engines/kms/kms-store.js';
import type { AliasRecord, GrantRecord, KeyMaterialRecord, KeyRecord } from '../engines/kms/kms-records.js';
import type { Migration } from './migrate.js';
import type { SqlDatabase, SqlStatement } from './sql-database.js';

export const KMS_MIGRATIONS: readonly Migration[] = [
  {
    id: 400,
    name: 'kms',
    sql: `
      CREATE TABLE kms_keys (
        key_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX kms_keys_by_account ON kms_keys (account, region, seq);
      CREATE TABLE kms_key_material (
        key_id TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL, sealed TEXT NOT NULL,
        PRIMARY KEY (key_id, version));
      CREATE TABLE kms_aliases (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, key_id TEXT NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (account, region, name));
      CREATE INDEX kms_aliases_by_key ON kms_aliases (key_id);
      CREATE TABLE kms_grants (grant_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, key_id TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX kms_grants_by_key ON kms_grants (key_id, seq);
    `,
  },
];

type Row = { record: string };

function one<T>(statement: SqlStatement, ...params: (string | number)[]): T | null {
  const row = statement.get(...params) as Row | undefined;
  return row ? (JSON.parse(row.record) as T) : null;
}

function all<T>(statement: SqlStatement, ...params: (string | number)[]): T[] {
  return (statement.all(...params) as Row[]).map((row) => JSON.parse(row.record) as T);
}

function material(row: Record<string, unknown> | undefined): KeyMaterialRecord | null {
  if (!row) return null;
  return { ...(JSON.parse(String(row['record'])) as Omit<KeyMaterialRecord, 'sealed'>), sealed: String(row['sealed']) };
}

export class SqlKmsStore implements KmsStore {
  private readonly s;
  private seq = Date.now() * 1000;

  constructor(private readonly db: SqlDatabase) {
    this.s = {
      getKey: db.prepare('SELECT record FROM kms_keys WHERE key_id = ?'),
      putKey: db.prepare(`INSERT INTO kms_keys (key_id, seq, account, region, record) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (key_id) DO UPDATE SET record = excluded.record`),
      deleteKey: db.prepare('DELETE FROM kms_keys WHERE key_id = ?'),
      deleteKeyMaterial: db.prepare('DELETE FROM kms_key_material WHERE key_id = ?'),
      deleteKeyAliases: db.prepare('DELETE FROM kms_aliases WHERE key_id = ?'),
      deleteKeyGrants: db.prepare('DELETE FROM kms_grants WHERE key_id = ?'),
      listKeys: db.prepare('SELECT record FROM kms_keys WHERE account = ? AND region = ? ORDER BY seq'),
      getMaterial: db.prepare('SELECT record, sealed FROM kms_key_material WHERE key_id = ? AND version = ?'),
      putMaterial: db.prepare('INSERT OR REPLACE INTO kms_key_material (key_id, version, record, sealed) VALUES (?, ?, ?, ?)'),
      listMaterial: db.prepare('SELECT record, sealed FROM kms_key_material WHERE key_id = ? ORDER BY version'),
      getAlias: db.prepare('SELECT record FROM kms_aliases WHERE account = ? AND region = ? AND name = ?'),
      putAlias: db.prepare('INSERT OR REPLACE INTO kms_aliases (account, region, name, key_id, record) VALUES (?, ?, ?, ?, ?)'),
      deleteAlias: db.prepare('DELETE FROM kms_aliases WHERE account = ? AND region = ? AND name = ?'),
      listAliases: db.prepare('SELECT record FROM kms_aliases WHERE account = ? AND region = ? ORDER BY name'),
      listKeyAliases: db.prepare('SELECT record FROM kms_aliases WHERE account = ? AND region = ? AND key_id = ? ORDER BY name'),
      getGrant: db.prepare('SELECT record FROM kms_grants WHERE grant_id = ?'),
      putGrant: db.prepare(`INSERT INTO kms_grants (grant_id, seq, key_id, record) VALUES (?, ?, ?, ?)
        ON CONFLICT (grant_id) DO UPDATE SET record = excluded.record`),
      deleteGrant: db.prepare('DELETE FROM kms_grants WHERE grant_id = ?'),
      listGrants: db.prepare('SELECT record FROM kms_grants WHERE key_id = ? ORDER BY seq'),
    };
  }

  /** Insertion order that survives restarts (time-based) and never repeats within a process. */
  private next(): number {
    this.seq = Math.max(this.seq + 1, Date.now() * 1000);
    return this.seq;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  getKey(keyId: string): KeyRecord | null {
    return one(this.s.getKey, keyId);
  }

  putKey(record: KeyRecord): void {
    this.s.putKey.run(record.keyId, this.next(), record.account, record.region, JSON.stringify(record));
  }

  deleteKey(keyId: string): void {
    this.db.transaction(() => {
      this.s.deleteKeyGrants.run(keyId);
      this.s.deleteKeyAliases.run(keyId);
      this.s.deleteKeyMaterial.run(keyId);
      this.s.deleteKey.run(keyId);
    });
  }

  listKeys(account: string, region: string): KeyRecord[] {
    return all(this.s.listKeys, account, region);
  }

  getMaterial(keyId: string, version: number): KeyMaterialRecord | null {
    return material(this.s.getMaterial.get(keyId, version));
  }

  putMaterial(record: KeyMaterialRecord): void {
    const { sealed, ...rest } = record;
    this.s.putMaterial.run(record.keyId, record.version, JSON.stringify(rest), sealed);
  }

  listMaterial(keyId: string): KeyMaterialRecord[] {
    return this.s.listMaterial.all(keyId).map((row) => material(row) as KeyMaterialRecord);
  }

  getAlias(account: string, region: string, name: string): AliasRecord | null {
    return one(this.s.getAlias, account, region, name);
  }

  putAlias(record: AliasRecord): void {
    this.s.putAlias.run(record.account, record.region, record.name, record.targetKeyId, JSON.stringify(record));
  }

  deleteAlias(account: string, region: string, name: string): void {
    this.s.deleteAlias.run(account, region, name);
  }

  listAliases(account: string, region: string, keyId?: string): AliasRecord[] {
    return keyId === undefined ? all(this.s.listAliases, account, region) : all(this.s.listKeyAliases, account, region, keyId);
  }

  getGrant(grantId: string): GrantRecord | null {
    return one(this.s.getGrant, grantId);
  }

  putGrant(record: GrantRecord): void {
    this.s.putGrant.run(record.grantId, this.next(), record.keyId, JSON.stringify(record));
  }

  deleteGrant(grantId: string): void {
    this.s.deleteGrant.run(grantId);
  }

  listGrants(keyId: string): GrantRecord[] {
    return all(this.s.listGrants, keyId);
  }
}
