// The identity store's RoleLastUsed table: a data directory written before it, whose role
// records carried `lastUsed`, still shows when each role was last used after the migration.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RoleRecord } from '../engines/identity/records.js';
import { migrate } from './migrate.js';
import { describeForEachAdapter } from './sql-contract-harness.js';
import { IDENTITY_MIGRATIONS, SqlIdentityStore } from './sql-identity-store.js';

const role: RoleRecord = {
  account: '111122223333',
  name: 'Ml-Job',
  id: 'AROAEXAMPLEEXAMPLE01',
  path: '/',
  arn: 'arn:aws:iam::111122223333:role/Ml-Job',
  created: '2026-01-01T00:00:00.000Z',
  trustPolicy: '{}',
  maxSessionDuration: 3600,
  description: null,
  boundaryArn: null,
  tags: [],
  inlinePolicies: {},
  attachedPolicies: [],
};

describeForEachAdapter('SqlIdentityStore role last used', (t) => {
  it('moves a lastUsed kept in a role record before migration 101 to its own table', () => {
    const db = t.open(t.freshPath());
    migrate(db, IDENTITY_MIGRATIONS.filter((m) => m.id < 101));
    const legacy = { ...role, lastUsed: { date: '2026-02-03T04:05:06.000Z', region: 'eu-west-1' } };
    const unused = { ...role, name: 'idle', id: 'AROAEXAMPLEEXAMPLE02', arn: 'arn:aws:iam::111122223333:role/idle' };
    // As the store wrote them then (its statements now need the new table).
    const insert = db.prepare("INSERT INTO iam_entities (account, kind, name_key, record) VALUES (?, 'role', ?, ?)");
    for (const r of [legacy, unused]) insert.run(r.account, r.name.toLowerCase(), JSON.stringify(r));

    migrate(db, IDENTITY_MIGRATIONS);
    const store = new SqlIdentityStore(db);
    assert.deepEqual(store.getRoleLastUsed(role), { date: '2026-02-03T04:05:06.000Z', region: 'eu-west-1' });
    assert.equal(store.getRoleLastUsed(unused), null);
    assert.deepEqual(store.getEntity('role', role.account, role.name), role, 'the record no longer carries lastUsed');
  });

  it('forgets a role\'s last use when the role is deleted, and shows none for a role created again under its name', () => {
    const db = t.open(t.freshPath());
    migrate(db, IDENTITY_MIGRATIONS);
    const store = new SqlIdentityStore(db);
    store.putEntity('role', role);
    store.putRoleLastUsed(role, { date: '2026-02-03T04:05:06.000Z', region: 'us-east-1' });
    assert.equal(store.getRoleLastUsed({ ...role, name: 'ML-JOB' })?.region, 'us-east-1', 'role names ignore case');
    assert.equal(store.getRoleLastUsed({ ...role, id: 'AROAEXAMPLEEXAMPLE09' }), null, 'another role of that name');
    store.deleteEntity('role', role.account, role.name);
    store.putEntity('role', role);
    assert.equal(store.getRoleLastUsed(role), null);
  });
});
