// IAM operations on policies: customer managed policies with versions, attaching them to
// users, groups and roles, and inline policies.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { groupArn, parsePolicyArn, policyArn, roleArn, userArn } from '../../engines/identity/identity-arns.js';
import * as mp from '../../engines/identity/managed-policies.js';
import { noSuchEntity } from '../../engines/identity/identity-errors.js';
import { page } from '../paging.js';
import type { OperationHandler, RequestContext } from '../service-types.js';
import { encodeDocument, policyShape, versionShape } from './iam-shapes.js';
import { optBool, optStr, str, tagList } from './iam-input.js';
import { requestTagContext } from './entity-checks.js';

type HolderKind = 'user' | 'group' | 'role';
const TITLE: Record<HolderKind, string> = { user: 'User', group: 'Group', role: 'Role' };
const ARN = { user: userArn, group: groupArn, role: roleArn };

export function policyOperations(id: IdentityContext): Record<string, OperationHandler> {
  const attachments = (account: string, arn: string) => mp.policyAttachments(id, account, arn).length;
  const holderArn = (ctx: RequestContext, kind: HolderKind, name: string) =>
    id.store.getEntity(kind, ctx.caller.account, name)?.arn ?? ARN[kind](ctx.caller.account, '/', name);
  const ops: Record<string, OperationHandler> = {
    CreatePolicy: (input, ctx) => {
      const name = str(input, 'PolicyName');
      const path = optStr(input, 'Path') ?? '/';
      const tags = tagList(input);
      ctx.authorize({ action: 'iam:CreatePolicy', resource: policyArn(ctx.caller.account, path, name), context: requestTagContext(tags) });
      const policy = mp.createPolicy(id, ctx.caller.account, {
        name, path, document: str(input, 'PolicyDocument'), description: optStr(input, 'Description') ?? null, tags,
      });
      return { Policy: policyShape(policy, { attachments: 0, boundaries: 0 }) };
    },
    GetPolicy: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:GetPolicy', resource: arn });
      const policy = mp.getPolicy(id, arn);
      return { Policy: policyShape(policy, mp.policyUses(id, ctx.caller.account, arn)) };
    },
    DeletePolicy: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:DeletePolicy', resource: arn });
      mp.deletePolicy(id, arn);
      return {};
    },
    ListPolicies: (input, ctx) => {
      const scope = (optStr(input, 'Scope') ?? 'All') as 'All' | 'AWS' | 'Local';
      const prefix = optStr(input, 'PathPrefix') ?? '/';
      ctx.authorize({ action: 'iam:ListPolicies', resource: `arn:aws:iam::${ctx.caller.account}:policy${prefix}` });
      let list = mp.listPolicies(id, ctx.caller.account, scope).filter((p) => p.path.startsWith(prefix));
      if (optBool(input, 'OnlyAttached')) list = list.filter((p) => attachments(ctx.caller.account, p.arn) > 0);
      const p = page(list, input['Marker'], input['MaxItems']);
      return {
        Policies: p.items.map((policy) => policyShape(policy, mp.policyUses(id, ctx.caller.account, policy.arn))),
        IsTruncated: p.isTruncated,
        ...(p.marker ? { Marker: p.marker } : {}),
      };
    },
    CreatePolicyVersion: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:CreatePolicyVersion', resource: arn });
      const { policy, version } = mp.createPolicyVersion(id, arn, str(input, 'PolicyDocument'), optBool(input, 'SetAsDefault') ?? false);
      return { PolicyVersion: versionShape(policy, version) };
    },
    GetPolicyVersion: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:GetPolicyVersion', resource: arn });
      const { policy, version } = mp.getPolicyVersion(id, arn, str(input, 'VersionId'));
      return { PolicyVersion: versionShape(policy, version) };
    },
    ListPolicyVersions: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:ListPolicyVersions', resource: arn });
      const policy = mp.getPolicy(id, arn);
      const versions = [...policy.versions].reverse().map((v) => {
        const { Document: _document, ...rest } = versionShape(policy, v);
        return rest;
      });
      return { Versions: versions, IsTruncated: false };
    },
    DeletePolicyVersion: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:DeletePolicyVersion', resource: arn });
      mp.deletePolicyVersion(id, arn, str(input, 'VersionId'));
      return {};
    },
    SetDefaultPolicyVersion: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:SetDefaultPolicyVersion', resource: arn });
      mp.setDefaultPolicyVersion(id, arn, str(input, 'VersionId'));
      return {};
    },
    ListEntitiesForPolicy: (input, ctx) => {
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: 'iam:ListEntitiesForPolicy', resource: arn });
      mp.getPolicy(id, arn);
      const found = mp.policyAttachments(id, ctx.caller.account, arn);
      const of = (kind: HolderKind) => found.filter((f) => f.kind === kind).map((f) => f.holder);
      return {
        PolicyUsers: of('user').map((u) => ({ UserName: u.name, UserId: u.id })),
        PolicyGroups: of('group').map((g) => ({ GroupName: g.name, GroupId: g.id })),
        PolicyRoles: of('role').map((r) => ({ RoleName: r.name, RoleId: r.id })),
        IsTruncated: false,
      };
    },
  };
  for (const kind of ['user', 'group', 'role'] as const) {
    const title = TITLE[kind];
    const nameKey = `${title}Name`;
    ops[`Attach${title}Policy`] = (input, ctx) => {
      const name = str(input, nameKey);
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: `iam:Attach${title}Policy`, resource: holderArn(ctx, kind, name), context: { 'iam:PolicyARN': arn } });
      mp.attachPolicy(id, kind, ctx.caller.account, name, arn);
      return {};
    };
    ops[`Detach${title}Policy`] = (input, ctx) => {
      const name = str(input, nameKey);
      const arn = str(input, 'PolicyArn');
      ctx.authorize({ action: `iam:Detach${title}Policy`, resource: holderArn(ctx, kind, name), context: { 'iam:PolicyARN': arn } });
      mp.detachPolicy(id, kind, ctx.caller.account, name, arn);
      return {};
    };
    ops[`ListAttached${title}Policies`] = (input, ctx) => {
      const name = str(input, nameKey);
      ctx.authorize({ action: `iam:ListAttached${title}Policies`, resource: holderArn(ctx, kind, name) });
      const holder = id.store.getEntity(kind, ctx.caller.account, name);
      if (!holder) throw noSuchEntity(kind, name);
      // PathPrefix filters on the policy's path (an AWS managed policy's included), as ListPolicies does.
      const prefix = optStr(input, 'PathPrefix') ?? '/';
      const attached = holder.attachedPolicies
        .map((arn) => ({ arn, parts: parsePolicyArn(arn) }))
        .filter(({ parts }) => (parts?.path ?? '/').startsWith(prefix))
        .map(({ arn, parts }) => ({ PolicyName: parts?.name ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
      const p = page(attached, input['Marker'], input['MaxItems']);
      return { AttachedPolicies: p.items, IsTruncated: p.isTruncated, ...(p.marker ? { Marker: p.marker } : {}) };
    };
    ops[`Put${title}Policy`] = (input, ctx) => {
      const name = str(input, nameKey);
      ctx.authorize({ action: `iam:Put${title}Policy`, resource: holderArn(ctx, kind, name) });
      mp.putInlinePolicy(id, kind, ctx.caller.account, name, str(input, 'PolicyName'), str(input, 'PolicyDocument'));
      return {};
    };
    ops[`Get${title}Policy`] = (input, ctx) => {
      const name = str(input, nameKey);
      const policyName = str(input, 'PolicyName');
      ctx.authorize({ action: `iam:Get${title}Policy`, resource: holderArn(ctx, kind, name) });
      const document = mp.getInlinePolicy(id, kind, ctx.caller.account, name, policyName);
      const holder = id.store.getEntity(kind, ctx.caller.account, name);
      return { [nameKey]: holder?.name ?? name, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
    };
    ops[`Delete${title}Policy`] = (input, ctx) => {
      const name = str(input, nameKey);
      ctx.authorize({ action: `iam:Delete${title}Policy`, resource: holderArn(ctx, kind, name) });
      mp.deleteInlinePolicy(id, kind, ctx.caller.account, name, str(input, 'PolicyName'));
      return {};
    };
    ops[`List${title}Policies`] = (input, ctx) => {
      const name = str(input, nameKey);
      ctx.authorize({ action: `iam:List${title}Policies`, resource: holderArn(ctx, kind, name) });
      return { PolicyNames: mp.listInlinePolicies(id, kind, ctx.caller.account, name), IsTruncated: false };
    };
  }
  return ops;
}
