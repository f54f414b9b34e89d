// Noting a role's use is not a change to the role: the identity caches (records, resolved
// callers, the decision point's principals) keep what they hold, and GetRole still sees the use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../../core/clock.js';
import { randomIds } from '../../core/ids.js';
import { migrate, openDatabase } from '../../store/index.js';
import { IDENTITY_MIGRATIONS, SqlIdentityStore } from '../../store/sql-identity-store.js';
import { CachingIdentityStore } from './caching-identity-store.js';
import type { Caller } from './callers.js';
import type { IdentityContext } from './identity-context.js';
import { noteRoleUse, rememberedUses, roleLastUsed } from './role-last-used.js';
import { createRole, deleteRole } from './roles.js';

const ACCOUNT = '111122223333';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function identity(): { ctx: IdentityContext; store: CachingIdentityStore } {
  const db = openDatabase(':memory:');
  migrate(db, IDENTITY_MIGRATIONS);
  const store = new CachingIdentityStore(new SqlIdentityStore(db));
  const ctx = { store, clock: fixedClock(new Date('2026-01-01T00:00:00Z')), ids: randomIds, sealer: { seal: (s: string) => s, open: (s: string) => s } };
  return { ctx, store };
}

test('noteRoleUse records the use without emptying the identity cache', () => {
  const { ctx, store } = identity();
  const role = createRole(ctx, ACCOUNT, { name: 'ml-job', trustPolicy: TRUST });
  const cached = store.getEntity('role', ACCOUNT, 'ml-job');
  const generation = store.generation;
  const session = { account: ACCOUNT, type: 'assumed-role', role } as Caller;

  noteRoleUse(ctx, session, 'eu-west-1', new Date('2026-01-01T00:00:05Z'));
  assert.equal(store.generation, generation, 'the caches built on the store are still valid');
  assert.equal(store.getEntity('role', ACCOUNT, 'ml-job'), cached, 'the cached role record is still served');
  assert.deepEqual(roleLastUsed(ctx, role), { date: '2026-01-01T00:00:05.000Z', region: 'eu-west-1' });

  // A session of a role since deleted notes nothing, even once a role of that name exists again.
  deleteRole(ctx, ACCOUNT, 'ml-job');
  const again = createRole(ctx, ACCOUNT, { name: 'ml-job', trustPolicy: TRUST });
  noteRoleUse(ctx, session, 'us-east-1', new Date('2026-01-01T00:00:06Z'));
  assert.equal(roleLastUsed(ctx, again), null);
});

test('a role deleted and created again under its name has its first use noted, within the hour of the old one\'s', () => {
  const { ctx } = identity();
  const old = createRole(ctx, ACCOUNT, { name: 'ml-job', trustPolicy: TRUST });
  noteRoleUse(ctx, { account: ACCOUNT, type: 'assumed-role', role: old } as Caller, 'eu-west-1', new Date('2026-01-01T00:00:05Z'));
  deleteRole(ctx, ACCOUNT, 'ml-job');
  const again = createRole(ctx, ACCOUNT, { name: 'ml-job', trustPolicy: TRUST });
  noteRoleUse(ctx, { account: ACCOUNT, type: 'assumed-role', role: again } as Caller, 'eu-west-1', new Date('2026-01-01T00:00:06Z'));
  assert.deepEqual(roleLastUsed(ctx, again), { date: '2026-01-01T00:00:06.000Z', region: 'eu-west-1' });
});

test('what is remembered to throttle writes is trimmed of uses whose hour has passed, and still throttles the recent ones', () => {
  const { ctx } = identity();
  const role = createRole(ctx, ACCOUNT, { name: 'ml-job', trustPolicy: TRUST });
  const session = { account: ACCOUNT, type: 'assumed-role', role } as Caller;
  for (let i = 0; i < 4095; i++) noteRoleUse(ctx, session, `region-${i}`, new Date('2026-01-01T00:00:00Z'));
  noteRoleUse(ctx, session, 'eu-west-1', new Date('2026-01-01T01:30:00Z'));
  assert.equal(rememberedUses(ctx), 4096);
  noteRoleUse(ctx, session, 'us-east-1', new Date('2026-01-01T02:00:00Z'));
  assert.equal(rememberedUses(ctx), 2, 'the 4095 uses of two hours ago are dropped; eu-west-1 (30 minutes ago) and us-east-1 stay');
  // eu-west-1 is still throttled: a use within its hour is not written.
  noteRoleUse(ctx, session, 'eu-west-1', new Date('2026-01-01T02:10:00Z'));
  assert.deepEqual(roleLastUsed(ctx, role), { date: '2026-01-01T02:00:00.000Z', region: 'us-east-1' });
});
