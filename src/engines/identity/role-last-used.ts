// RoleLastUsed (GetRole, GetAccountAuthorizationDetails): when, and in which Region, a session
// of the role last made an authenticated request. AWS reports it with a lag ("activity ... may
// not be reported for up to 4 hours", id_credentials_access-advisor.html), so the role's record
// is rewritten at most once an hour per role and Region: a request costs a map lookup, and a
// write only when that hour has passed.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html

import type { Caller } from './callers.js';
import type { IdentityContext } from './identity-context.js';

const REWRITE_AFTER_MS = 60 * 60 * 1000;

/** Per identity context: role ARN -> when its last use was written, and for which Region. */
const written = new WeakMap<IdentityContext, Map<string, { at: number; region: string }>>();

/** Records that `caller`, when it is a role session, made a request in `region` at `now`. */
export function noteRoleUse(ctx: IdentityContext, caller: Caller, region: string, now: Date): void {
  const role = caller.role;
  if (caller.type !== 'assumed-role' || role === null) return;
  let seen = written.get(ctx);
  if (!seen) written.set(ctx, (seen = new Map()));
  const last = seen.get(role.arn);
  const at = now.getTime();
  if (last && last.region === region && at - last.at < REWRITE_AFTER_MS) return;
  seen.set(role.arn, { at, region });
  ctx.store.transaction(() => {
    // The caller's role record is a snapshot: the stored one is updated, if the role still exists.
    const current = ctx.store.getEntity('role', role.account, role.name);
    if (!current || current.arn !== role.arn) return;
    current.lastUsed = { date: now.toISOString(), region };
    ctx.store.putEntity('role', current);
  });
}
