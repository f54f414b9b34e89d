// Audit records in SQLite, a batch to a row: each flush of the trail appends one row holding
// its records as JSON lines (oldest first) with the batch's time span. Writing a request's
// record costs one JSON.stringify and a share of one insert, not a row and two index entries;
// reading scans batches newest first and filters the parsed records, which suits a trail of
// bounded size read by people (`gantry audit`, `gantry explain`, CloudTrail LookupEvents).
// A record's position (seq) is batch * 1000 + its index in the batch.

import type { AuditEntry, AuditFilter, AuditRecord, AuditStore } from '../engines/audit/audit-log.js';
import type { SqlDatabase, SqlParam } from './sql-database.js';

/** Records per row at most (a record's index in its batch must stay below SEQ_STRIDE). */
export const MAX_BATCH = 500;
const SEQ_STRIDE = 1000;
/** Batches read per query round. */
const SCAN_ROWS = 16;

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
  {
    id: 201,
    name: 'audit in batches',
    sql: `
      CREATE TABLE audit_batches (
        seq INTEGER PRIMARY KEY, first_time TEXT NOT NULL, last_time TEXT NOT NULL,
        count INTEGER NOT NULL, records TEXT NOT NULL);
      INSERT INTO audit_batches (seq, first_time, last_time, count, records)
        SELECT (seq - 1) / ${MAX_BATCH} + 1, min(time), max(time), count(*), group_concat(record, char(10) ORDER BY seq)
        FROM audit_events GROUP BY (seq - 1) / ${MAX_BATCH};
      DROP TABLE audit_events;
    `,
  },
];

interface BatchRow {
  readonly seq: number;
  readonly count: number;
  readonly records: string;
}

function denied(r: AuditRecord): boolean {
  for (const d of r.decisions) if (d.decision.decision !== 'Allow') return true;
  return false;
}

function matches(r: AuditRecord, f: AuditFilter): boolean {
  return (
    (f.account === undefined || r.account === f.account) &&
    (f.principal === undefined || r.principal === f.principal) &&
    (f.accessKeyId === undefined || r.accessKeyId === f.accessKeyId) &&
    (f.requestId === undefined || r.requestId === f.requestId) &&
    (f.service === undefined || r.service === f.service) &&
    (f.operation === undefined || r.operation === f.operation) &&
    (f.denied === undefined || denied(r) === f.denied) &&
    (f.since === undefined || r.time >= f.since) &&
    (f.until === undefined || r.time <= f.until)
  );
}

/** Cheap pre-checks on a line before parsing it: a value the filter needs must appear in it. */
function mayMatch(line: string, needles: readonly string[]): boolean {
  for (const needle of needles) if (!line.includes(needle)) return false;
  return true;
}

export class SqlAuditStore implements AuditStore {
  private readonly insert;
  private readonly lastSeq;
  private readonly containing;

  constructor(private readonly db: SqlDatabase) {
    this.insert = db.prepare('INSERT INTO audit_batches (seq, first_time, last_time, count, records) VALUES (?, ?, ?, ?, ?)');
    this.lastSeq = db.prepare('SELECT max(seq) AS seq FROM audit_batches');
    this.containing = db.prepare('SELECT seq, count, records FROM audit_batches WHERE instr(records, ?) > 0 ORDER BY seq DESC');
  }

  append(entries: readonly AuditEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      let seq = Number(this.lastSeq.get()?.['seq'] ?? 0);
      for (let i = 0; i < entries.length; i += MAX_BATCH) {
        const batch = entries.slice(i, i + MAX_BATCH);
        let first = (batch[0] as AuditEntry).time;
        let last = first;
        for (const e of batch) {
          if (e.time < first) first = e.time;
          if (e.time > last) last = e.time;
        }
        this.insert.run(++seq, first, last, batch.length, batch.map((e) => e.json).join('\n'));
      }
    });
  }

  get(requestId: string): AuditRecord | null {
    const needle = `"requestId":${JSON.stringify(requestId)}`;
    for (const row of this.containing.all(needle) as unknown as BatchRow[]) {
      const found = this.parse(row).find((r) => r.requestId === requestId);
      if (found) return found;
    }
    return null;
  }

  query(filter: AuditFilter): AuditRecord[] {
    const limit = filter.limit ?? 50;
    const out: AuditRecord[] = [];
    if (limit <= 0) return out;
    const needles = [filter.account, filter.principal, filter.accessKeyId, filter.requestId, filter.service, filter.operation]
      .filter((v): v is string => v !== undefined)
      .map((v) => JSON.stringify(v));
    const where: string[] = ['seq < ?'];
    const params: SqlParam[] = [];
    if (filter.since !== undefined) {
      where.push('last_time >= ?');
      params.push(filter.since);
    }
    if (filter.until !== undefined) {
      where.push('first_time <= ?');
      params.push(filter.until);
    }
    const page = this.db.prepare(`SELECT seq, count, records FROM audit_batches WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${SCAN_ROWS}`);
    let bound = filter.before === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(filter.before / SEQ_STRIDE);
    for (;;) {
      const rows = page.all(bound, ...params) as unknown as BatchRow[];
      for (const row of rows) {
        const lines = row.records.split('\n');
        for (let i = lines.length - 1; i >= 0; i--) {
          const seq = row.seq * SEQ_STRIDE + i;
          if (filter.before !== undefined && seq >= filter.before) continue;
          const line = lines[i] as string;
          if (!mayMatch(line, needles)) continue;
          const record = JSON.parse(line) as AuditRecord;
          if (!matches(record, filter)) continue;
          out.push({ ...record, seq });
          if (out.length >= limit) return out;
        }
      }
      if (rows.length < SCAN_ROWS) return out;
      bound = (rows[rows.length - 1] as BatchRow).seq;
    }
  }

  prune(keep: number): number {
    let kept = 0;
    let removed = 0;
    let cut: number | null = null;
    for (const row of this.db.prepare('SELECT seq, count FROM audit_batches ORDER BY seq DESC').all() as unknown as { seq: number; count: number }[]) {
      if (kept >= keep) {
        cut ??= row.seq;
        removed += row.count;
      } else {
        kept += row.count;
      }
    }
    if (cut !== null) this.db.prepare('DELETE FROM audit_batches WHERE seq <= ?').run(cut);
    return removed;
  }

  private parse(row: BatchRow): AuditRecord[] {
    return row.records.split('\n').map((line, i) => ({ ...(JSON.parse(line) as AuditRecord), seq: row.seq * SEQ_STRIDE + i }));
  }
}
