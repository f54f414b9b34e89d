// AWS's policy evaluation logic: explicit deny first, then the organization guardrails
// (SCPs on the caller's side, RCPs on the resource's side, every level must allow), then
// identity and resource policies as the account relation and the resource type require,
// then permission boundaries and session policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

import { parseArn } from './arn.js';
import { parseCaller, type Caller } from './caller.js';
import { denialMessage } from './denial-message.js';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal-match.js';
import type { CompiledCondition } from './conditions.js';
import type { ContextLookup } from './policy-variables.js';
import type { Policy } from './policy.js';
import type { CompiledStatement } from './statement.js';
import { deriveContext, givenContext, resourceAccountOf } from './request-context.js';
import type { AuthorizationRequest, Decision, PolicyType, StatementRef, StatementTrace } from './types.js';

export interface PolicyLevel {
  /** The organization root, OU or account the policies are attached to. */
  readonly target: string;
  readonly policies: readonly Policy[];
}

export interface EvaluationInput {
  readonly request: AuthorizationRequest;
  readonly identityPolicies?: readonly Policy[];
  readonly resourcePolicy?: Policy | null;
  readonly permissionBoundary?: Policy | null;
  /** The session policy, or several (inline and managed) that together form it. */
  readonly sessionPolicy?: Policy | readonly Policy[] | null;
  readonly scps?: readonly PolicyLevel[] | null;
  readonly rcps?: readonly PolicyLevel[] | null;
}

export interface EvaluateOptions {
  /** Record why each statement did or did not apply (slower; for explanations). */
  readonly explain?: boolean;
}

type DenyType = PolicyType | 'role-trust';

interface Prepared {
  readonly caller: Caller;
  readonly lowerAction: string;
  readonly resource: string;
  readonly lookup: ContextLookup;
  readonly canonicalUser: string | undefined;
  readonly hasBoundary: boolean;
  readonly matched: StatementRef[];
  /** Present only when an explanation was asked for. */
  readonly trace: StatementTrace[] | null;
}

interface Outcome {
  denied: boolean;
  allowed: boolean;
  strength: PrincipalMatch;
}

const STRENGTH: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, user: 3, session: 4 };
const ACTION_INDEX_LIMIT = 4096;

function candidates(policy: Policy, lowerAction: string): readonly number[] {
  let list = policy.actionIndex.get(lowerAction);
  if (list === undefined) {
    const found: number[] = [];
    for (const st of policy.statements) if (st.actionMatches(lowerAction) !== st.notAction) found.push(st.index);
    if (policy.actionIndex.size >= ACTION_INDEX_LIMIT) policy.actionIndex.clear();
    policy.actionIndex.set(lowerAction, found);
    list = found;
  }
  return list;
}

function evaluatePolicy(policy: Policy, type: PolicyType, p: Prepared, out: Outcome): void {
  if (p.trace) traceUnmatchedActions(policy, type, p, p.trace);
  for (const i of candidates(policy, p.lowerAction)) {
    const st = policy.statements[i];
    if (st === undefined) continue;
    if (st.resourceMatches !== null && st.resourceMatches(p.resource, p.lookup) === st.notResource) {
      p.trace?.push({ ...refOf(policy, type, st), outcome: 'resource-mismatch' });
      continue;
    }
    let strength: PrincipalMatch = 'session';
    if (st.principal !== null) {
      if (st.notPrincipal) {
        // A Deny with NotPrincipal always applies to a caller with a permissions boundary.
        const applies = notPrincipalApplies(st.principal, p.caller, p.canonicalUser, st.effect) || (st.effect === 'Deny' && p.hasBoundary);
        if (!applies) {
          p.trace?.push({ ...refOf(policy, type, st), outcome: 'principal-mismatch' });
          continue;
        }
      } else {
        strength = matchPrincipal(st.principal, p.caller, p.canonicalUser);
        if (strength === 'none') {
          p.trace?.push({ ...refOf(policy, type, st), outcome: 'principal-mismatch' });
          continue;
        }
      }
    }
    let failed: CompiledCondition | null = null;
    for (const condition of st.conditions) {
      if (!condition.test(p.lookup)) {
        failed = condition;
        break;
      }
    }
    if (failed) {
      p.trace?.push({
        ...refOf(policy, type, st),
        outcome: 'condition-failed',
        condition: { operator: failed.operator, key: failed.key, values: failed.values, requestValues: p.lookup(failed.lowerKey) ?? null },
      });
      continue;
    }
    const ref = refOf(policy, type, st);
    p.trace?.push({ ...ref, outcome: 'applied' });
    p.matched.push(ref);
    if (st.effect === 'Deny') out.denied = true;
    else {
      out.allowed = true;
      if (STRENGTH[strength] > STRENGTH[out.strength]) out.strength = strength;
    }
  }
}

/** References are made once per policy, type and statement (frozen) and shared by every decision that names them, not built per match. */
const refsByPolicy = new WeakMap<Policy, Partial<Record<PolicyType, StatementRef[]>>>();

function refOf(policy: Policy, type: PolicyType, st: CompiledStatement): StatementRef {
  let byType = refsByPolicy.get(policy);
  if (!byType) refsByPolicy.set(policy, (byType = {}));
  const refs = (byType[type] ??= []);
  return (refs[st.index] ??= Object.freeze({ policyType: type, policyId: policy.id, sid: st.sid, index: st.index, effect: st.effect }));
}

function traceUnmatchedActions(policy: Policy, type: PolicyType, p: Prepared, trace: StatementTrace[]): void {
  const applicable = new Set(candidates(policy, p.lowerAction));
  for (const st of policy.statements) {
    if (applicable.has(st.index)) continue;
    trace.push({ ...refOf(policy, type, st), outcome: 'action-mismatch' });
  }
}

function evaluateSet(policies: readonly Policy[], type: PolicyType, p: Prepared): Outcome {
  const out: Outcome = { denied: false, allowed: false, strength: 'none' };
  for (const policy of policies) evaluatePolicy(policy, type, p, out);
  return out;
}

/** Evaluates each level; `allowed` is true only when every level has an applicable Allow. */
function evaluateLevels(levels: readonly PolicyLevel[], type: PolicyType, p: Prepared): Outcome {
  const out: Outcome = { denied: false, allowed: true, strength: 'none' };
  for (const level of levels) {
    const one = evaluateSet(level.policies, type, p);
    if (one.denied) out.denied = true;
    if (!one.allowed) out.allowed = false;
  }
  return out;
}

const NONE: Outcome = { denied: false, allowed: false, strength: 'none' };

/** Whether the resource's own policy must allow (KMS key policies and role trust policies). */
export function resourcePolicyKind(lowerAction: string, resource: string): 'optional' | 'key' | 'trust' {
  const maybeKey = lowerAction.startsWith('kms:') && resource.includes(':kms:');
  const maybeRole = lowerAction.startsWith('sts:') && resource.includes(':iam:');
  if (!maybeKey && !maybeRole) return 'optional';
  const arn = parseArn(resource);
  if (!arn) return 'optional';
  if (arn.service === 'kms' && lowerAction.startsWith('kms:') && arn.resource.startsWith('key/')) return 'key';
  if (arn.service === 'iam' && arn.resource.startsWith('role/') && /^sts:(assumerole|tagsession|setsourceidentity|setcontext)/.test(lowerAction)) {
    return 'trust';
  }
  return 'optional';
}

function isServiceLinkedRole(caller: Caller): boolean {
  return caller.kind === 'role-session' && caller.principalArn.includes(':role/aws-service-role/');
}

/** Decides one request. Pure: the same input always gives the same decision. */
export function evaluate(input: EvaluationInput, options: EvaluateOptions = {}): Decision {
  const { request } = input;
  const given = givenContext(request.contextLayers, request.context);
  // Only an assumed-role session needs aws:PrincipalArn to know its role's path.
  const hint = request.principal.startsWith('arn:') && request.principal.includes(':sts:') ? given('aws:principalarn') : undefined;
  const caller = parseCaller(request.principal, hint?.length === 1 ? hint[0] : undefined) ?? unknownCaller(request.principal);
  const resourceAccount = resourceAccountOf(request.resource, request.resourceAccount, caller);
  const p: Prepared = {
    caller,
    lowerAction: request.action.toLowerCase(),
    resource: request.resource,
    lookup: deriveContext(given, caller, resourceAccount),
    canonicalUser: request.canonicalUser,
    hasBoundary: input.permissionBoundary != null,
    matched: [],
    trace: options.explain ? [] : null,
  };
  const isPrincipalInAccount = caller.account !== '';
  const scpApplies = input.scps != null && isPrincipalInAccount && !isServiceLinkedRole(caller);
  const scp = scpApplies ? evaluateLevels(input.scps ?? [], 'scp', p) : null;
  const rcp = input.rcps != null ? evaluateLevels(input.rcps, 'rcp', p) : null;
  const boundary = input.permissionBoundary ? evaluateSet([input.permissionBoundary], 'boundary', p) : null;
  const sessionPolicies = input.sessionPolicy == null ? [] : Array.isArray(input.sessionPolicy) ? input.sessionPolicy : [input.sessionPolicy as Policy];
  const session = sessionPolicies.length > 0 ? evaluateSet(sessionPolicies, 'session', p) : null;
  const identity = isPrincipalInAccount ? evaluateSet(input.identityPolicies ?? [], 'identity', p) : NONE;
  const resource = input.resourcePolicy ? evaluateSet([input.resourcePolicy], 'resource', p) : NONE;
  const kind = resourcePolicyKind(p.lowerAction, request.resource);
  const resourceType: DenyType = kind === 'trust' ? 'role-trust' : 'resource';

  const finish = (decision: Decision['decision'], decidedBy: Decision['decidedBy'], missing: DenyType[]): Decision => ({
    decision,
    decidedBy,
    matchedStatements: p.matched,
    missingAllow: missing,
    message: decision === 'Allow' ? null : denialMessage(request, caller, decision, decidedBy as DenyType),
    ...(p.trace ? { trace: p.trace } : {}),
  });

  // 1. An explicit deny anywhere decides; the message names the most senior policy type.
  const denyOrder: [Outcome | null, DenyType][] = [
    [scp, 'scp'], [rcp, 'rcp'], [boundary, 'boundary'], [session, 'session'], [identity, 'identity'], [resource, resourceType],
  ];
  for (const [outcome, type] of denyOrder) if (outcome?.denied) return finish('ExplicitDeny', type, []);

  // 2. Guardrails: every level of every applicable organization policy must allow.
  const missing: DenyType[] = [];
  if (scp && !scp.allowed) missing.push('scp');
  if (rcp && !rcp.allowed) missing.push('rcp');

  // 3. Identity and resource policies, as the caller and the resource require.
  const crossAccount = isPrincipalInAccount && resourceAccount !== '' && resourceAccount !== caller.account;
  const boundaryOk = boundary === null || boundary.allowed;
  const sessionOk = session === null || session.allowed;
  const grant = resource.allowed ? resource.strength : 'none';
  let grantedBy: PolicyType | null = null;
  const needs: DenyType[] = [];
  if (!isPrincipalInAccount) {
    // Anonymous callers and service principals: only a resource policy can grant.
    if (grant === 'none') needs.push(resourceType);
    else grantedBy = 'resource';
  } else if (crossAccount) {
    if (grant === 'none') needs.push(resourceType);
    if (!identity.allowed && caller.kind !== 'root') needs.push('identity');
    if (!boundaryOk) needs.push('boundary');
    if (!sessionOk) needs.push('session');
    grantedBy = 'identity';
  } else if (caller.kind === 'root') {
    if (kind !== 'optional' && grant === 'none') needs.push(resourceType);
  } else {
    const resourceGrants = sameAccountResourceGrant(grant, caller, boundaryOk, sessionOk);
    if (resourceGrants) grantedBy = 'resource';
    else {
      if (kind !== 'optional' && grant === 'none') needs.push(resourceType);
      if (!identity.allowed && STRENGTH[grant] < STRENGTH.role) needs.push('identity');
      if (!boundaryOk) needs.push('boundary');
      if (!sessionOk) needs.push('session');
      grantedBy = identity.allowed ? 'identity' : 'resource';
    }
  }
  missing.push(...needs);
  if (missing.length > 0) return finish('ImplicitDeny', missing[0] as DenyType, missing);
  return finish('Allow', caller.kind === 'root' && grantedBy === null ? null : grantedBy, []);
}

/**
 * Same account: a resource policy that names the caller's session (or IAM user) grants on
 * its own, past identity policies, boundaries and session policies; one that names the
 * role grants but stays within the boundary and the session policy; one that names only
 * the account delegates to the account's identity policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
function sameAccountResourceGrant(grant: PrincipalMatch, caller: Caller, boundaryOk: boolean, sessionOk: boolean): boolean {
  switch (grant) {
    case 'session':
      return true;
    case 'user':
      return caller.kind === 'user' ? true : sessionOk;
    case 'role':
      return boundaryOk && sessionOk;
    default:
      return false;
  }
}

function unknownCaller(principal: string): Caller {
  return { kind: 'other', arn: principal, partition: 'aws', account: '', accountRootArn: '', principalArn: principal, name: '', sessionName: '' };
}
