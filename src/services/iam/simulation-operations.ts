// SimulatePrincipalPolicy and SimulateCustomPolicy, answered by Gantry's own IAM engine, so
// that the simulator and real enforcement can never disagree.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html

import { AwsError } from '../../core/aws-error.js';
import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { defaultDocument, getPolicy } from '../../engines/identity/managed-policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../engines/identity/records.js';
import { evaluate, parsePolicy, parseArn, type ContextValue, type Decision, type Policy, type PolicyKind } from '../../iam/index.js';
import type { Input, OperationHandler } from '../service-types.js';
import { optStr, str, strList } from './iam-input.js';

interface Sourced {
  readonly policy: Policy;
  readonly type: string;
}

function parse(document: string, kind: PolicyKind, id: string): Policy {
  const parsed = parsePolicy(document, kind, id);
  if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.errors[0]?.message ?? 'Syntax errors in policy.', 400);
  return parsed.policy;
}

function holderPolicies(id: IdentityContext, holder: UserRecord | GroupRecord | RoleRecord, type: string, out: Sourced[]): void {
  for (const [name, document] of Object.entries(holder.inlinePolicies)) out.push({ policy: parse(document, 'identity', name), type });
  for (const arn of holder.attachedPolicies) {
    const managed = getPolicy(id, arn);
    out.push({ policy: parse(defaultDocument(managed), 'identity', managed.name), type: managed.account === 'aws' ? 'aws-managed' : 'user-managed' });
  }
}

function contextEntries(input: Input): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  const entries = input['ContextEntries'];
  if (!Array.isArray(entries)) return out;
  for (const entry of entries as { ContextKeyName?: string; ContextKeyValues?: string[]; ContextKeyType?: string }[]) {
    if (!entry.ContextKeyName) continue;
    const values = entry.ContextKeyValues ?? [];
    out[entry.ContextKeyName] = entry.ContextKeyType?.endsWith('List') ? values : (values[0] ?? '');
  }
  return out;
}

const DECISION: Record<Decision['decision'], string> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };

function simulateAll(input: Input, principal: string, identity: Sourced[], boundary: Policy | null) {
  const actions = strList(input, 'ActionNames');
  const resources = strList(input, 'ResourceArns');
  const resourcePolicyText = optStr(input, 'ResourcePolicy');
  const resourcePolicy = resourcePolicyText ? parse(resourcePolicyText, 'resource', 'ResourcePolicy') : null;
  const owner = optStr(input, 'ResourceOwner');
  const context = contextEntries(input);
  const typeOf = new Map<Policy, string>(identity.map((s) => [s.policy, s.type]));
  const results = [];
  for (const action of actions) {
    for (const resource of resources.length > 0 ? resources : ['*']) {
      const ownerAccount = owner ? parseArn(owner)?.account ?? owner : undefined;
      const decision = evaluate({
        request: { principal, action, resource, ...(ownerAccount ? { resourceAccount: ownerAccount } : {}), context },
        identityPolicies: identity.map((s) => s.policy),
        resourcePolicy,
        permissionBoundary: boundary,
      });
      const matched = decision.matchedStatements.map((m) => ({
        SourcePolicyId: m.policyId,
        SourcePolicyType: m.policyType === 'resource' ? 'resource' : m.policyType === 'boundary' ? 'user-managed' : typeOf.get(identity.find((s) => s.policy.id === m.policyId)?.policy as Policy) ?? 'user',
      }));
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISION[decision.decision],
        MatchedStatements: matched,
        MissingContextValues: [],
        ...(boundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: !decision.missingAllow.includes('boundary') && decision.decidedBy !== 'boundary' } } : {}),
      });
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
}

export function simulationOperations(id: IdentityContext): Record<string, OperationHandler> {
  return {
    SimulatePrincipalPolicy: (input, ctx) => {
      const source = str(input, 'PolicySourceArn');
      ctx.authorize({ action: 'iam:SimulatePrincipalPolicy', resource: source });
      const arn = parseArn(source);
      const [type, ...rest] = (arn?.resource ?? '').split('/');
      const name = rest[rest.length - 1] ?? '';
      const account = arn?.account ?? '';
      const identity: Sourced[] = [];
      let boundary: Policy | null = null;
      let principal = source;
      if (type === 'user') {
        const user = id.store.getEntity('user', account, name);
        if (!user) throw new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
        holderPolicies(id, user, 'user', identity);
        for (const g of user.groups) {
          const group = id.store.getEntity('group', account, g);
          if (group) holderPolicies(id, group, 'group', identity);
        }
        if (user.boundaryArn) boundary = parse(defaultDocument(getPolicy(id, user.boundaryArn)), 'boundary', user.boundaryArn);
      } else if (type === 'role') {
        const role = id.store.getEntity('role', account, name);
        if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
        holderPolicies(id, role, 'role', identity);
        if (role.boundaryArn) boundary = parse(defaultDocument(getPolicy(id, role.boundaryArn)), 'boundary', role.boundaryArn);
        principal = optStr(input, 'CallerArn') ?? `arn:aws:sts::${account}:assumed-role/${role.name}/SimulatedSession`;
      } else if (type === 'group') {
        const group = id.store.getEntity('group', account, name);
        if (!group) throw new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`, 404);
        holderPolicies(id, group, 'group', identity);
        principal = optStr(input, 'CallerArn') ?? `arn:aws:iam::${account}:user/SimulatedUser`;
      } else {
        throw new AwsError('InvalidInput', `Invalid ARN: ${source}`, 400);
      }
      strList(input, 'PolicyInputList').forEach((doc, i) => identity.push({ policy: parse(doc, 'identity', `PolicyInputList.${i + 1}`), type: 'none' }));
      return simulateAll(input, principal, identity, boundary);
    },
    SimulateCustomPolicy: (input, ctx) => {
      ctx.authorize({ action: 'iam:SimulateCustomPolicy', resource: '*' });
      const identity = strList(input, 'PolicyInputList').map((doc, i) => ({ policy: parse(doc, 'identity', `PolicyInputList.${i + 1}`), type: 'none' }));
      const boundaries = strList(input, 'PermissionsBoundaryPolicyInputList');
      const boundary = boundaries[0] ? parse(boundaries[0], 'boundary', 'PermissionsBoundaryPolicyInputList.1') : null;
      const principal = optStr(input, 'CallerArn') ?? `arn:aws:iam::${ctx.caller.account}:user/SimulatedUser`;
      return simulateAll(input, principal, identity, boundary);
    },
  };
}
