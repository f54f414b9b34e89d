// RoleLastUsed (GetRole, GetAccountAuthorizationDetails): when, and in which Region, a session
// of the role last made an authenticated request. AWS reports it with a lag ("activity ... may
// not be reported for up to 4 hours", id_credentials_access-advisor.html), so it is written at
// most once an hour per role and Region: a request costs a map lookup, and a write only when
// that hour has passed (a session moving between Regions may show the one it left for up to
// that hour). It is kept apart from the role's record, so a write leaves the identity caches be.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html

import type { Caller } from './callers.js';
import type { IdentityContext } from './identity-context.js';
import type { RoleLastUsed, RoleRecord } from './records.js';

const REWRITE_AFTER_MS = 60 * 60 * 1000;
/** Past this many entries, a write first drops those whose hour has passed (they would be rewritten anyway). */
const TRIM_ABOVE = 4096;

/**
 * Per identity context: `<role id> <Region>` -> when a use there was last written. The id, not
 * the ARN: a role deleted and created again under its name is another role, its first use noted.
 */
const written = new WeakMap<IdentityContext, Map<string, number>>();

/** Records that `caller`, when it is a role session, made a request in `region` at `now`. */
export function noteRoleUse(ctx: IdentityContext, caller: Caller, region: string, now: Date): void {
  const role = caller.role;
  if (caller.type !== 'assumed-role' || role === null) return;
  let seen = written.get(ctx);
  if (!seen) written.set(ctx, (seen = new Map()));
  const id = `${role.id} ${region}`;
  const last = seen.get(id);
  const at = now.getTime();
  if (last !== undefined && at - last < REWRITE_AFTER_MS) return;
  if (seen.size >= TRIM_ABOVE) trim(seen, at);
  seen.set(id, at);
  // The caller's role record is a snapshot: the use is noted only if that role still exists.
  const current = ctx.store.getEntity('role', role.account, role.name);
  if (!current || current.id !== role.id) return;
  ctx.store.putRoleLastUsed(current, { date: now.toISOString(), region });
}

/** Drops the entries whose hour has passed, so roles churned through do not grow the map for good. */
function trim(seen: Map<string, number>, at: number): void {
  for (const [id, last] of seen) if (at - last >= REWRITE_AFTER_MS) seen.delete(id);
}

/** How many role-and-Region uses this context remembers (for tests of the trimming). */
export function rememberedUses(ctx: IdentityContext): number {
  return written.get(ctx)?.size ?? 0;
}

/** When and where a session of `role` last made a request; null until one has. */
export function roleLastUsed(ctx: IdentityContext, role: RoleRecord): RoleLastUsed | null {
  return ctx.store.getRoleLastUsed(role);
}
