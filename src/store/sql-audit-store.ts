// Audit records in SQLite: searchable columns for the filters `gantry audit` and CloudTrail's
// LookupEvents use, and the whole record as JSON.

import type { AuditFilter, AuditRecord, AuditStore } from '../engines/audit/audit-log.js';
import type { SqlDatabase, SqlParam } from './sql-database.js';

export const AUDIT_MIGRATIONS = [
  {
    id: 200,
    name: 'audit',
    sql: `
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,
        account TEXT, principal TEXT, access_key_id TEXT, service TEXT NOT NULL, operation TEXT,
        denied INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE INDEX audit_by_time ON audit_events (time);
    `,
  },
];

const BATCH = 50;

function deniedOf(r: AuditRecord): 0 | 1 {
  for (const d of r.decisions) if (d.decision.decision !== 'Allow') return 1;
  return 0;
}

function rowOf(r: AuditRecord): SqlParam[] {
  return [r.requestId, r.time, r.account, r.principal, r.accessKeyId, r.service, r.operation, deniedOf(r), JSON.stringify(r)];
}

/** Appends a record's row to `values` (no intermediate array). */
function pushRow(values: SqlParam[], r: AuditRecord): void {
  values.push(r.requestId, r.time, r.account, r.principal, r.accessKeyId, r.service, r.operation, deniedOf(r), JSON.stringify(r));
}

export class SqlAuditStore implements AuditStore {
  private readonly insert;
  private readonly byId;

  private readonly insertMany;

  constructor(private readonly db: SqlDatabase) {
    const columns = 'INSERT OR REPLACE INTO audit_events (request_id, time, account, principal, access_key_id, service, operation, denied, record) VALUES ';
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
    this.insert = db.prepare(columns + row);
    // One statement per BATCH rows: a row costs a fraction of a statement's fixed overhead.
    this.insertMany = db.prepare(columns + Array<string>(BATCH).fill(row).join(', '));
    this.byId = db.prepare('SELECT record FROM audit_events WHERE request_id = ?');
  }

  append(records: readonly AuditRecord[]): void {
    this.db.transaction(() => {
      let i = 0;
      for (; i + BATCH <= records.length; i += BATCH) {
        const values: SqlParam[] = [];
        for (let j = i; j < i + BATCH; j++) pushRow(values, records[j] as AuditRecord);
        this.insertMany.run(...values);
      }
      for (; i < records.length; i++) this.insert.run(...rowOf(records[i] as AuditRecord));
    });
  }

  get(requestId: string): AuditRecord | null {
    const row = this.byId.get(requestId) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as AuditRecord) : null;
  }

  query(filter: AuditFilter): AuditRecord[] {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (clause: string, value: SqlParam) => {
      where.push(clause);
      params.push(value);
    };
    if (filter.account !== undefined) add('account = ?', filter.account);
    if (filter.principal !== undefined) add('principal = ?', filter.principal);
    if (filter.accessKeyId !== undefined) add('access_key_id = ?', filter.accessKeyId);
    if (filter.requestId !== undefined) add('request_id = ?', filter.requestId);
    if (filter.before !== undefined) add('seq < ?', filter.before);
    if (filter.service !== undefined) add('service = ?', filter.service);
    if (filter.operation !== undefined) add('operation = ?', filter.operation);
    if (filter.denied !== undefined) add('denied = ?', filter.denied ? 1 : 0);
    if (filter.since !== undefined) add('time >= ?', filter.since);
    if (filter.until !== undefined) add('time <= ?', filter.until);
    const sql = `SELECT seq, record FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    params.push(filter.limit ?? 50);
    return (this.db.prepare(sql).all(...params) as { seq: number; record: string }[]).map((row) => ({ ...(JSON.parse(row.record) as AuditRecord), seq: row.seq }));
  }

  prune(keep: number): number {
    return this.db.prepare('DELETE FROM audit_events WHERE seq <= (SELECT MAX(seq) FROM audit_events) - ?').run(keep).changes;
  }
}
