// What every organizations operation needs: the store, time, ids, the way to provision a
// new account's identity (root user and credentials), and a change counter that lets the
// guardrail cache know when attachments or the tree moved.

import type { Clock } from '../../core/clock.js';
import type { IdGenerator } from '../../core/ids.js';
import type { OrganizationStore } from './organization-store.js';

/** Creates accounts on the identity side; the platform implements it. */
export interface AccountProvisioner {
  /** True when an account with this id exists (in or out of the organization). */
  exists(accountId: string): boolean;
  /** Creates the account with its root user and root credentials; joins it to the root. */
  provision(accountId: string): void;
}

export interface OrganizationContext {
  readonly store: OrganizationStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly accounts: AccountProvisioner;
  /** Bumped after every write; caches compare it. */
  readonly changes: { revision: number };
}

export function isoNow(ctx: OrganizationContext): string {
  return ctx.clock.now().toISOString();
}

/** Runs a write atomically and marks derived caches stale. */
export function mutate<T>(ctx: OrganizationContext, fn: () => T): T {
  try {
    return ctx.store.transaction(fn);
  } finally {
    ctx.changes.revision++;
  }
}
