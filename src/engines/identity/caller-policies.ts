// The identity-side policies that apply to a caller: the user's (and its groups') or the
// role's inline and attached policies, the permissions boundary, and the session policies
// of a role session; and the request-context keys AWS derives from the caller.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { parsePolicy, type ContextValue, type Policy, type PolicyKind } from '../../iam/index.js';
import type { Caller } from './callers.js';
import type { IdentityContext } from './identity-context.js';
import { defaultDocument, getPolicy } from './managed-policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from './records.js';

export interface CallerPolicies {
  readonly identity: Policy[];
  readonly boundary: Policy | null;
  readonly session: Policy[];
}

const compiled = new Map<string, Policy>();
const CACHE_LIMIT = 5000;

/** Parses a stored document once; documents were validated when written. */
function compile(document: string, kind: PolicyKind, id: string): Policy | null {
  const key = `${kind}\u0000${id}\u0000${document}`;
  let policy = compiled.get(key);
  if (!policy) {
    const parsed = parsePolicy(document, kind, id);
    if (!parsed.ok) return null;
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    policy = parsed.policy;
    compiled.set(key, policy);
  }
  return policy;
}

function holderPolicies(ctx: IdentityContext, holder: UserRecord | GroupRecord | RoleRecord, out: Policy[]): void {
  for (const [name, document] of Object.entries(holder.inlinePolicies)) {
    const policy = compile(document, 'identity', `${holder.arn}#${name}`);
    if (policy) out.push(policy);
  }
  for (const arn of holder.attachedPolicies) {
    const managed = safePolicy(ctx, arn);
    const policy = managed && compile(defaultDocument(managed), 'identity', arn);
    if (policy) out.push(policy);
  }
}

function safePolicy(ctx: IdentityContext, arn: string) {
  try {
    return getPolicy(ctx, arn);
  } catch {
    return null;
  }
}

function boundaryOf(ctx: IdentityContext, arn: string | null): Policy | null {
  if (arn === null) return null;
  const managed = safePolicy(ctx, arn);
  // A boundary whose policy was deleted allows nothing, as on AWS.
  return compile(managed ? defaultDocument(managed) : '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}', 'boundary', arn);
}

export function policiesForCaller(ctx: IdentityContext, caller: Caller): CallerPolicies {
  const identity: Policy[] = [];
  const session: Policy[] = [];
  let boundary: Policy | null = null;
  if (caller.user) {
    holderPolicies(ctx, caller.user, identity);
    for (const groupName of caller.user.groups) {
      const group = ctx.store.getEntity('group', caller.account, groupName);
      if (group) holderPolicies(ctx, group, identity);
    }
    boundary = boundaryOf(ctx, caller.user.boundaryArn);
  } else if (caller.role) {
    holderPolicies(ctx, caller.role, identity);
    boundary = boundaryOf(ctx, caller.role.boundaryArn);
    const owner = caller.credential.owner;
    if (owner.type === 'assumed-role') {
      if (owner.sessionPolicy !== null) {
        const policy = compile(owner.sessionPolicy, 'session', `${caller.arn}#session-policy`);
        if (policy) session.push(policy);
      }
      for (const arn of owner.sessionPolicyArns) {
        const managed = safePolicy(ctx, arn);
        const policy = managed && compile(defaultDocument(managed), 'session', arn);
        if (policy) session.push(policy);
      }
    }
  }
  return { identity, boundary, session };
}

/** Context keys AWS derives from the caller for every request. */
export function callerContext(caller: Caller): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': caller.principalArn,
    'aws:PrincipalAccount': caller.account,
    'aws:userid': caller.userId,
    'aws:PrincipalType': caller.type === 'root' ? 'Account' : caller.type === 'user' ? 'User' : 'AssumedRole',
    'aws:MultiFactorAuthPresent': 'false',
  };
  if (caller.user) context['aws:username'] = caller.user.name;
  for (const [key, value] of Object.entries(caller.tags)) context[`aws:PrincipalTag/${key}`] = value;
  const owner = caller.credential.owner;
  if (caller.credential.sessionToken !== null) context['aws:TokenIssueTime'] = caller.credential.created;
  if (owner.type === 'assumed-role') {
    if (owner.sourceIdentity !== null) context['aws:SourceIdentity'] = owner.sourceIdentity;
  }
  return context;
}
