import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AuditEntry, AuditRecord } from '../engines/audit/audit-log.js';
import { migrate } from './migrate.js';
import { AUDIT_MIGRATIONS, MAX_BATCH, SqlAuditStore } from './sql-audit-store.js';
import { describeForEachAdapter } from './sql-contract-harness.js';

function record(i: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: new Date(Date.UTC(2026, 10, 23, 12, 0, 0, i)).toISOString(),
    requestId: `req-${String(i).padStart(6, '0')}`,
    service: i % 2 === 0 ? 'iam' : 's3',
    operation: i % 2 === 0 ? 'GetUser' : 'GetObject',
    account: '111122223333',
    principal: `arn:aws:iam::111122223333:user/u${i % 3}`,
    accessKeyId: `AKIA${i % 3}`,
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    decisions: [{
      action: 'iam:GetUser',
      resource: '*',
      decision: { decision: i % 5 === 0 ? 'ImplicitDeny' : 'Allow', decidedBy: null, matchedStatements: [], missingAllow: [], message: null },
    }],
    status: i % 5 === 0 ? 403 : 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 0.5,
    ...overrides,
  } as AuditRecord;
}

const entries = (records: readonly AuditRecord[]): AuditEntry[] => records.map((r) => ({ requestId: r.requestId, time: r.time, json: JSON.stringify(r) }));

describeForEachAdapter('SqlAuditStore', ({ open, freshPath }) => {
  const fresh = () => {
    const db = open(freshPath('audit'));
    migrate(db, AUDIT_MIGRATIONS);
    const store = new SqlAuditStore(db);
    return { get: store.get.bind(store), query: store.query.bind(store), prune: store.prune.bind(store), append: (records: readonly AuditRecord[]) => store.append(entries(records)) };
  };

  it('finds a record by request id, in the newest batch holding it', () => {
    const store = fresh();
    store.append([record(1), record(2)]);
    store.append([record(3)]);
    assert.equal(store.get('req-000002')?.operation, 'GetUser');
    assert.equal(store.get('req-000003')?.service, 's3');
    assert.equal(store.get('req-000009'), null);
    assert.equal(store.get('req-00000'), null, 'a prefix of an id is not the id');
  });

  it('queries newest first with every filter, a limit, and paging by position', () => {
    const store = fresh();
    const all = Array.from({ length: 1200 }, (_, i) => record(i));
    store.append(all.slice(0, 700)); // two rows: 500 + 200
    store.append(all.slice(700));
    const newest = store.query({ limit: 3 });
    assert.deepEqual(newest.map((r) => r.requestId), ['req-001199', 'req-001198', 'req-001197']);
    assert.ok((newest[0]?.seq ?? 0) > (newest[1]?.seq ?? 0));

    const denied = store.query({ denied: true, limit: 1000 });
    assert.equal(denied.length, 240);
    assert.ok(denied.every((r) => r.decisions[0]?.decision.decision !== 'Allow'));
    assert.equal(store.query({ denied: false, limit: 2000 }).length, 960);

    const u1 = store.query({ principal: 'arn:aws:iam::111122223333:user/u1', service: 's3', limit: 2000 });
    assert.equal(u1.length, all.filter((r, i) => i % 3 === 1 && i % 2 === 1).length);
    assert.equal(store.query({ accessKeyId: 'AKIA2', operation: 'GetUser', limit: 2000 }).length, all.filter((_, i) => i % 3 === 2 && i % 2 === 0).length);
    assert.equal(store.query({ account: '444455556666' }).length, 0);
    assert.deepEqual(store.query({ requestId: 'req-000042' }).map((r) => r.requestId), ['req-000042']);

    const window = store.query({ since: record(100).time, until: record(104).time, limit: 100 });
    assert.deepEqual(window.map((r) => r.requestId), ['req-000104', 'req-000103', 'req-000102', 'req-000101', 'req-000100']);

    // Paging: each page continues strictly below the last position seen, across rows.
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = store.query({ limit: 97, ...(before !== undefined ? { before } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.requestId));
      before = page[page.length - 1]?.seq;
    }
    assert.equal(seen.length, 1200);
    assert.deepEqual(seen, all.map((r) => r.requestId).reverse());
  });

  it('splits a large append into rows of at most MAX_BATCH records', () => {
    const store = fresh();
    store.append(Array.from({ length: MAX_BATCH * 2 + 1 }, (_, i) => record(i)));
    const positions = store.query({ limit: 5000 }).map((r) => r.seq as number);
    assert.equal(positions.length, MAX_BATCH * 2 + 1);
    assert.equal(new Set(positions.map((p) => Math.floor(p / 1000))).size, 3);
  });

  it('prunes whole batches, keeping at least the newest `keep` records', () => {
    const store = fresh();
    for (let b = 0; b < 5; b++) store.append(Array.from({ length: 100 }, (_, i) => record(b * 100 + i)));
    assert.equal(store.prune(250), 200, 'the three newest batches hold the 250 newest');
    const left = store.query({ limit: 1000 });
    assert.equal(left.length, 300);
    assert.equal(left[left.length - 1]?.requestId, 'req-000200');
    assert.equal(store.prune(1000), 0);
  });

  it('moves rows of the one-row-per-record table into batches, in order', () => {
    const db = open(freshPath('old'));
    migrate(db, AUDIT_MIGRATIONS.slice(0, 1));
    const insert = db.prepare(
      'INSERT INTO audit_events (request_id, time, account, principal, access_key_id, service, operation, denied, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const old = Array.from({ length: 620 }, (_, i) => record(i));
    for (const r of old) insert.run(r.requestId, r.time, r.account, r.principal, r.accessKeyId, r.service, r.operation, 0, JSON.stringify(r));
    migrate(db, AUDIT_MIGRATIONS);
    const store = new SqlAuditStore(db);
    assert.deepEqual(store.query({ limit: 1000 }).map((r) => r.requestId), old.map((r) => r.requestId).reverse());
    assert.equal(store.get('req-000007')?.time, old[7]?.time);
    store.append(entries([record(5000)]));
    assert.equal(store.query({ limit: 1 })[0]?.requestId, 'req-005000');
  });
});
