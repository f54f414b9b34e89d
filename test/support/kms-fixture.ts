// Test fixture for the KMS engine's unit tests (kept with the test support, outside src, since
// it wires the engine to the SQLite store): an in-memory engine, a movable clock, and an
// `authorize` that asks the IAM engine directly for a given caller, as the decision point would.

import { fixedClock } from '../../src/core/clock.js';
import { secretBox } from '../../src/core/secret-box.js';
import { evaluate, parsePolicy, type Decision, type Policy } from '../../src/iam/index.js';
import { migrate, openDatabase } from '../../src/store/index.js';
import { KMS_MIGRATIONS, SqlKmsStore } from '../../src/store/sql-kms-store.js';
import type { Authorize, KmsCall } from '../../src/engines/kms/access.js';
import { createKms, type Kms } from '../../src/engines/kms/index.js';

export class Denied extends Error {
  constructor(readonly decision: Decision) {
    super(decision.message ?? 'denied');
  }
}

export function testKms(): { kms: Kms; clock: ReturnType<typeof fixedClock>; db: ReturnType<typeof openDatabase> } {
  const db = openDatabase(':memory:');
  migrate(db, KMS_MIGRATIONS);
  const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
  const kms = createKms({
    store: new SqlKmsStore(db),
    clock,
    region: 'us-east-1',
    box: secretBox(Buffer.alloc(32, 7)),
    principals: { exists: (arn) => !arn.endsWith('/ghost') },
  });
  return { kms, clock, db };
}

export function identityPolicy(statement: Record<string, unknown>): Policy {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, 'identity');
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  return parsed.policy;
}

/** The engine call of `principal` (root by default) with the given identity policies. */
export function callAs(principal: string, identity: Policy[] = [], via?: string): KmsCall & { decide: Authorize } {
  const account = /::(\d{12}):/.exec(principal)?.[1] ?? '111122223333';
  const decide: Authorize = (check) =>
    evaluate({
      request: { principal, action: check.action, resource: check.resource, context: check.context ?? {} },
      identityPolicies: identity,
      resourcePolicy: check.resourcePolicy ?? null,
    });
  const authorize: Authorize = (check) => {
    const decision = decide(check);
    if (decision.decision !== 'Allow') throw new Denied(decision);
    return decision;
  };
  return { authorize, decide, callerAccount: account, region: 'us-east-1', ...(via !== undefined ? { via } : {}) };
}
