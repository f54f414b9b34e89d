// The organizations engine's records in SQLite: the organization (one row), OUs and member
// accounts indexed by parent, SCP/RCP policies by type, policy attachments both ways, and
// account-creation requests. Migration ids 300+.

import type { OrganizationStore } from '../engines/organizations/organization-store.js';
import type {
  CreateAccountStatusRecord, MemberAccountRecord, OrganizationalUnitRecord, OrganizationRecord, OrgPolicyRecord, OrgPolicyType,
} from '../engines/organizations/organization-records.js';
import type { Migration } from './migrate.js';
import type { SqlDatabase, SqlStatement } from './sql-database.js';

export const ORGANIZATION_MIGRATIONS: readonly Migration[] = [
  {
    id: 300,
    name: 'organizations',
    sql: `
      CREATE TABLE org_organization (id TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE org_units (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX org_units_by_parent ON org_units (parent_id);
      CREATE TABLE org_accounts (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX org_accounts_by_parent ON org_accounts (parent_id);
      CREATE TABLE org_policies (id TEXT PRIMARY KEY, type TEXT NOT NULL, record TEXT NOT NULL);
      CREATE TABLE org_attachments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, policy_id TEXT NOT NULL, target_id TEXT NOT NULL,
        UNIQUE (policy_id, target_id));
      CREATE INDEX org_attachments_by_target ON org_attachments (target_id);
      CREATE TABLE org_create_account_status (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    `,
  },
];

type Row = { record: string };

function one<T>(statement: SqlStatement, ...params: string[]): T | null {
  const row = statement.get(...params) as Row | undefined;
  return row ? (JSON.parse(row.record) as T) : null;
}

function all<T>(statement: SqlStatement, ...params: string[]): T[] {
  return (statement.all(...params) as Row[]).map((row) => JSON.parse(row.record) as T);
}

export class SqlOrganizationStore implements OrganizationStore {
  private readonly s;

  constructor(private readonly db: SqlDatabase) {
    this.s = {
      getOrg: db.prepare('SELECT record FROM org_organization LIMIT 1'),
      putOrg: db.prepare('INSERT OR REPLACE INTO org_organization (id, record) VALUES (?, ?)'),
      getUnit: db.prepare('SELECT record FROM org_units WHERE id = ?'),
      putUnit: db.prepare('INSERT OR REPLACE INTO org_units (id, parent_id, record) VALUES (?, ?, ?)'),
      deleteUnit: db.prepare('DELETE FROM org_units WHERE id = ?'),
      listUnits: db.prepare('SELECT record FROM org_units WHERE parent_id = ? ORDER BY id'),
      getMember: db.prepare('SELECT record FROM org_accounts WHERE id = ?'),
      putMember: db.prepare('INSERT OR REPLACE INTO org_accounts (id, parent_id, record) VALUES (?, ?, ?)'),
      listMembers: db.prepare('SELECT record FROM org_accounts ORDER BY id'),
      listMembersOf: db.prepare('SELECT record FROM org_accounts WHERE parent_id = ? ORDER BY id'),
      getPolicy: db.prepare('SELECT record FROM org_policies WHERE id = ?'),
      putPolicy: db.prepare('INSERT OR REPLACE INTO org_policies (id, type, record) VALUES (?, ?, ?)'),
      deletePolicy: db.prepare('DELETE FROM org_policies WHERE id = ?'),
      listPolicies: db.prepare('SELECT record FROM org_policies WHERE type = ? ORDER BY id'),
      attach: db.prepare('INSERT OR IGNORE INTO org_attachments (policy_id, target_id) VALUES (?, ?)'),
      detach: db.prepare('DELETE FROM org_attachments WHERE policy_id = ? AND target_id = ?'),
      policiesOf: db.prepare('SELECT policy_id AS id FROM org_attachments WHERE target_id = ? ORDER BY seq'),
      targetsOf: db.prepare('SELECT target_id AS id FROM org_attachments WHERE policy_id = ? ORDER BY seq'),
      getStatus: db.prepare('SELECT record FROM org_create_account_status WHERE id = ?'),
      putStatus: db.prepare('INSERT OR REPLACE INTO org_create_account_status (id, record) VALUES (?, ?)'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  getOrganization(): OrganizationRecord | null {
    return one(this.s.getOrg);
  }

  putOrganization(record: OrganizationRecord): void {
    this.s.putOrg.run(record.id, JSON.stringify(record));
  }

  getUnit(id: string): OrganizationalUnitRecord | null {
    return one(this.s.getUnit, id);
  }

  putUnit(record: OrganizationalUnitRecord): void {
    this.s.putUnit.run(record.id, record.parentId, JSON.stringify(record));
  }

  deleteUnit(id: string): void {
    this.s.deleteUnit.run(id);
  }

  listUnits(parentId: string): OrganizationalUnitRecord[] {
    return all(this.s.listUnits, parentId);
  }

  getMember(accountId: string): MemberAccountRecord | null {
    return one(this.s.getMember, accountId);
  }

  putMember(record: MemberAccountRecord): void {
    this.s.putMember.run(record.id, record.parentId, JSON.stringify(record));
  }

  listMembers(parentId?: string): MemberAccountRecord[] {
    return parentId === undefined ? all(this.s.listMembers) : all(this.s.listMembersOf, parentId);
  }

  getPolicy(id: string): OrgPolicyRecord | null {
    return one(this.s.getPolicy, id);
  }

  putPolicy(record: OrgPolicyRecord): void {
    this.s.putPolicy.run(record.id, record.type, JSON.stringify(record));
  }

  deletePolicy(id: string): void {
    this.s.deletePolicy.run(id);
  }

  listPolicies(type: OrgPolicyType): OrgPolicyRecord[] {
    return all(this.s.listPolicies, type);
  }

  attach(policyId: string, targetId: string): void {
    this.s.attach.run(policyId, targetId);
  }

  detach(policyId: string, targetId: string): void {
    this.s.detach.run(policyId, targetId);
  }

  policiesOf(targetId: string): string[] {
    return this.s.policiesOf.all(targetId).map((row) => String(row['id']));
  }

  targetsOf(policyId: string): string[] {
    return this.s.targetsOf.all(policyId).map((row) => String(row['id']));
  }

  getCreateAccountStatus(id: string): CreateAccountStatusRecord | null {
    return one(this.s.getStatus, id);
  }

  putCreateAccountStatus(record: CreateAccountStatusRecord): void {
    this.s.putStatus.run(record.id, JSON.stringify(record));
  }
}
