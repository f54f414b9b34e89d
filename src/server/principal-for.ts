// The decision point's view of a caller: identity policies, boundary, session policies and
// the context keys AWS derives from the caller.

import type { AuthPrincipal } from '../authz/decision-point.js';
import { callerContext, policiesForCaller } from '../engines/identity/caller-policies.js';
import type { Caller } from '../engines/identity/callers.js';
import type { Platform } from './platform.js';

export function principalFor(platform: Platform, caller: Caller): AuthPrincipal {
  const policies = policiesForCaller(platform.identity, caller);
  return {
    arn: caller.arn,
    account: caller.account,
    identityPolicies: policies.identity,
    boundary: policies.boundary,
    sessionPolicies: policies.session,
    context: { ...callerContext(caller), ...platform.organizationContext(caller.account) },
  };
}
