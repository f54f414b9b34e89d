// GetAccountAuthorizationDetails: every user, group, role and customer managed policy of
// the account with their policies, as IAM reports them.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { listPolicies, policyUses } from '../../engines/identity/managed-policies.js';
import { roleLastUsed } from '../../engines/identity/role-last-used.js';
import type { OperationHandler } from '../service-types.js';
import { encodeDocument, groupShape, policyShape, roleShape, userShape, versionShape } from './iam-shapes.js';
import { strList } from './iam-input.js';

function inline(policies: Record<string, string>) {
  return Object.entries(policies).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodeDocument(document) }));
}

function attached(arns: string[]) {
  return arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
}

export function accountOperations(id: IdentityContext): Record<string, OperationHandler> {
  return {
    GetAccountAuthorizationDetails: (input, ctx) => {
      const account = ctx.caller.account;
      ctx.authorize({ action: 'iam:GetAccountAuthorizationDetails', resource: '*' });
      const filter = new Set(strList(input, 'Filter'));
      const want = (f: string) => filter.size === 0 || filter.has(f);
      const users = id.store.listEntities('user', account);
      const groups = id.store.listEntities('group', account);
      const roles = id.store.listEntities('role', account);
      return {
        UserDetailList: want('User')
          ? users.map((u) => ({ ...userShape(u), UserPolicyList: inline(u.inlinePolicies), GroupList: u.groups, AttachedManagedPolicies: attached(u.attachedPolicies) }))
          : [],
        GroupDetailList: want('Group')
          ? groups.map((g) => ({ ...groupShape(g), GroupPolicyList: inline(g.inlinePolicies), AttachedManagedPolicies: attached(g.attachedPolicies) }))
          : [],
        RoleDetailList: want('Role')
          ? roles.map((r) => ({ ...roleShape(r, { lastUsed: roleLastUsed(id, r) }), InstanceProfileList: [], RolePolicyList: inline(r.inlinePolicies), AttachedManagedPolicies: attached(r.attachedPolicies) }))
          : [],
        Policies: listPolicies(id, account, want('LocalManagedPolicy') && want('AWSManagedPolicy') ? 'All' : want('AWSManagedPolicy') ? 'AWS' : 'Local')
          .map((p) => ({ p, uses: policyUses(id, account, p.arn) }))
          .filter(({ p, uses }) => p.account !== 'aws' || uses.attachments > 0)
          .map(({ p, uses }) => ({ ...policyShape(p, uses), PolicyVersionList: p.versions.map((v) => versionShape(p, v)) })),
        IsTruncated: false,
      };
    },
  };
}
