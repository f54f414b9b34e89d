// IAM operations on roles: create with a trust policy, read, list, update, delete, tags,
// permission boundaries.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { roleArn } from '../../engines/identity/identity-arns.js';
import { setBoundary } from '../../engines/identity/managed-policies.js';
import type { RoleRecord } from '../../engines/identity/records.js';
import { roleLastUsed } from '../../engines/identity/role-last-used.js';
import * as roles from '../../engines/identity/roles.js';
import type { ContextValue } from '../../iam/index.js';
import { page } from '../paging.js';
import type { OperationHandler, RequestContext } from '../service-types.js';
import { roleShape } from './iam-shapes.js';
import { optNum, optStr, str, tagList } from './iam-input.js';
import { checkEntity, requestTagContext } from './entity-checks.js';

export function roleOperations(id: IdentityContext): Record<string, OperationHandler> {
  const roleCheck = (ctx: RequestContext, action: string, name: string, context?: Record<string, ContextValue>) =>
    checkEntity(id, ctx, 'role', action, name, context);
  const detail = (role: RoleRecord) => roleShape(role, { lastUsed: roleLastUsed(id, role) });
  return {
    CreateRole: (input, ctx) => {
      const name = str(input, 'RoleName');
      const path = optStr(input, 'Path') ?? '/';
      const tags = tagList(input);
      const boundaryArn = optStr(input, 'PermissionsBoundary') ?? null;
      ctx.authorize({
        action: 'iam:CreateRole',
        resource: roleArn(ctx.caller.account, path, name),
        context: { ...requestTagContext(tags), ...(boundaryArn ? { 'iam:PermissionsBoundary': boundaryArn } : {}) },
      });
      const maxSessionDuration = optNum(input, 'MaxSessionDuration');
      roles.createRole(id, ctx.caller.account, {
        name,
        path,
        trustPolicy: str(input, 'AssumeRolePolicyDocument'),
        description: optStr(input, 'Description') ?? null,
        ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
        tags,
      });
      if (boundaryArn) setBoundary(id, 'role', ctx.caller.account, name, boundaryArn);
      return { Role: detail(roles.getRole(id, ctx.caller.account, name)) };
    },
    GetRole: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:GetRole', name);
      return { Role: detail(roles.getRole(id, ctx.caller.account, name)) };
    },
    ListRoles: (input, ctx) => {
      const prefix = optStr(input, 'PathPrefix') ?? '/';
      ctx.authorize({ action: 'iam:ListRoles', resource: `arn:aws:iam::${ctx.caller.account}:role${prefix}` });
      const p = page(roles.listRoles(id, ctx.caller.account, prefix), input['Marker'], input['MaxItems']);
      return { Roles: p.items.map((r) => roleShape(r, 'listed')), IsTruncated: p.isTruncated, ...(p.marker ? { Marker: p.marker } : {}) };
    },
    UpdateRole: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:UpdateRole', name);
      const description = optStr(input, 'Description');
      const maxSessionDuration = optNum(input, 'MaxSessionDuration');
      roles.updateRole(id, ctx.caller.account, name, {
        ...(description !== undefined ? { description } : {}),
        ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
      });
      return {};
    },
    UpdateRoleDescription: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:UpdateRoleDescription', name);
      roles.updateRole(id, ctx.caller.account, name, { description: str(input, 'Description') });
      return { Role: detail(roles.getRole(id, ctx.caller.account, name)) };
    },
    UpdateAssumeRolePolicy: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:UpdateAssumeRolePolicy', name);
      roles.updateTrustPolicy(id, ctx.caller.account, name, str(input, 'PolicyDocument'));
      return {};
    },
    DeleteRole: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:DeleteRole', name);
      roles.deleteRole(id, ctx.caller.account, name);
      return {};
    },
    PutRolePermissionsBoundary: (input, ctx) => {
      const name = str(input, 'RoleName');
      const arn = str(input, 'PermissionsBoundary');
      roleCheck(ctx, 'iam:PutRolePermissionsBoundary', name, { 'iam:PermissionsBoundary': arn });
      setBoundary(id, 'role', ctx.caller.account, name, arn);
      return {};
    },
    DeleteRolePermissionsBoundary: (input, ctx) => {
      const name = str(input, 'RoleName');
      roleCheck(ctx, 'iam:DeleteRolePermissionsBoundary', name);
      setBoundary(id, 'role', ctx.caller.account, name, null);
      return {};
    },
  };
}
