// AWS's access-denied message, built from a decision: who, what, on which resource, and
// which policy type denied explicitly or lacked an Allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html

import type { Caller } from './caller.js';
import type { AuthorizationRequest, DecisionEffect, PolicyType } from './types.js';

type DenyType = PolicyType | 'role-trust';

const EXPLICIT: Record<DenyType, string> = {
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  'role-trust': 'the role trust policy',
};

const IMPLICIT: Record<DenyType, string> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  'role-trust': 'role trust policy',
};

export function denialMessage(
  request: AuthorizationRequest,
  caller: Caller,
  decision: DecisionEffect,
  type: DenyType,
): string {
  const who = caller.kind === 'anonymous' ? 'anonymous' : request.principal;
  const head = `User: ${who} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  return decision === 'ExplicitDeny'
    ? `${head} with an explicit deny in ${EXPLICIT[type]}`
    : `${head} because no ${IMPLICIT[type]} allows the ${request.action} action`;
}
