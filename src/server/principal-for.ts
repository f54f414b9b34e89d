// The decision point's view of a caller: identity policies, boundary, session policies and
// the context keys AWS derives from the caller. Built once per credential and kept until an
// identity or organization change (the caches' generations) makes it stale.

import type { AuthPrincipal } from '../authz/decision-point.js';
import { callerContext, policiesForCaller } from '../engines/identity/caller-policies.js';
import type { Caller } from '../engines/identity/callers.js';
import type { Platform } from './platform.js';

interface Kept {
  readonly stamp: string;
  readonly principal: AuthPrincipal;
}

const kept = new WeakMap<Platform, Map<string, Kept>>();

export function principalFor(platform: Platform, caller: Caller): AuthPrincipal {
  const generation = platform.identity.store.generation;
  const stamp = `${generation ?? 'x'}:${platform.organizations.changes.revision}`;
  let memo = kept.get(platform);
  const key = caller.credential.accessKeyId;
  const hit = memo?.get(key);
  if (hit && hit.stamp === stamp && generation !== undefined) return hit.principal;
  const policies = policiesForCaller(platform.identity, caller);
  const principal: AuthPrincipal = {
    arn: caller.arn,
    account: caller.account,
    identityPolicies: policies.identity,
    boundary: policies.boundary,
    sessionPolicies: policies.session,
    // Frozen: the IAM engine folds a frozen context once and reuses the fold.
    context: Object.freeze({ ...callerContext(caller), ...platform.organizationContext(caller.account) }),
  };
  if (!memo || memo.size >= 10_000) {
    memo = new Map();
    kept.set(platform, memo);
  }
  memo.set(key, { stamp, principal });
  return principal;
}
