// The guardrails the decision point reads: SCP and RCP levels (root, each OU down the path,
// the account; none for the management account) and aws:PrincipalOrgID/PrincipalOrgPaths,
// cached per account until the organization changes.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths

import { parsePolicy, type ContextValue, type Policy, type PolicyLevel } from '../../iam/index.js';
import type { OrganizationContext } from './organization-context.js';
import type { OrganizationRecord, OrgPolicyType } from './organization-records.js';
import { pathTo } from './organization-tree.js';
import { policyKindOf } from './organization-policies.js';

export interface OrganizationGuardrails {
  /** SCP levels for a principal's account; null when SCPs don't apply to it. */
  scpsFor(account: string): PolicyLevel[] | null;
  /** RCP levels for a resource owner's account; null when RCPs don't apply to it. */
  rcpsFor(account: string): PolicyLevel[] | null;
  /** aws:PrincipalOrgID and aws:PrincipalOrgPaths for a principal's account ({} outside the organization). */
  principalContext(account: string): Record<string, ContextValue>;
}

interface AccountView {
  readonly scps: PolicyLevel[] | null;
  readonly rcps: PolicyLevel[] | null;
  readonly context: Record<string, ContextValue>;
}

const NONE: AccountView = { scps: null, rcps: null, context: {} };
const PARSED_LIMIT = 1024;

export function organizationGuardrails(ctx: OrganizationContext): OrganizationGuardrails {
  let revision = -1;
  const views = new Map<string, AccountView>();
  const parsed = new Map<string, Policy | null>();

  const parse = (id: string, type: OrgPolicyType, content: string): Policy | null => {
    const key = `${type}\n${id}\n${content}`;
    let policy = parsed.get(key);
    if (policy === undefined) {
      const result = parsePolicy(content, policyKindOf(type), id);
      policy = result.ok ? result.policy : null;
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(key, policy);
    }
    return policy;
  };

  const levels = (targets: readonly string[], type: OrgPolicyType): PolicyLevel[] =>
    targets.map((target) => {
      const policies: Policy[] = [];
      for (const id of ctx.store.policiesOf(target)) {
        const record = ctx.store.getPolicy(id);
        if (record?.type !== type) continue;
        const policy = parse(record.id, type, record.content);
        if (policy) policies.push(policy);
      }
      return { target, policies };
    });

  const build = (org: OrganizationRecord, account: string): AccountView => {
    const member = ctx.store.getMember(account);
    if (!member) return NONE;
    const path = pathTo(ctx, org, member.parentId);
    const context = { 'aws:PrincipalOrgID': org.id, 'aws:PrincipalOrgPaths': [`${org.id}/${path.join('/')}/`] };
    if (account === org.managementAccountId) return { scps: null, rcps: null, context };
    const targets = [...path, account];
    return { scps: levels(targets, 'SERVICE_CONTROL_POLICY'), rcps: levels(targets, 'RESOURCE_CONTROL_POLICY'), context };
  };

  const view = (account: string): AccountView => {
    if (revision !== ctx.changes.revision) {
      views.clear();
      revision = ctx.changes.revision;
    }
    let found = views.get(account);
    if (!found) {
      const org = ctx.store.getOrganization();
      found = org ? build(org, account) : NONE;
      views.set(account, found);
    }
    return found;
  };

  return {
    scpsFor: (account) => view(account).scps,
    rcpsFor: (account) => view(account).rcps,
    principalContext: (account) => view(account).context,
  };
}
