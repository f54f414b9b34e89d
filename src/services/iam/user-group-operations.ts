// IAM operations on users and groups. Each authorizes `iam:<Operation>` on the entity's
// ARN, with the request-tag and boundary condition keys IAM supplies.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { groupArn, userArn } from '../../engines/identity/identity-arns.js';
import * as ug from '../../engines/identity/users-groups.js';
import { setBoundary } from '../../engines/identity/managed-policies.js';
import type { ContextValue } from '../../iam/index.js';
import { page } from '../paging.js';
import type { OperationHandler, RequestContext } from '../service-types.js';
import { groupShape, userShape } from './iam-shapes.js';
import { optStr, str, tagList } from './iam-input.js';
import { checkEntity, requestTagContext } from './entity-checks.js';

/** The user named in the input, or the calling user when the name is optional and absent. */
function userNameOf(input: Record<string, unknown>, ctx: RequestContext): string {
  const name = optStr(input, 'UserName') ?? ctx.caller.user?.name;
  if (name === undefined) return str(input, 'UserName');
  return name;
}

export function userGroupOperations(id: IdentityContext): Record<string, OperationHandler> {
  const userCheck = (ctx: RequestContext, action: string, name: string, context?: Record<string, ContextValue>) =>
    checkEntity(id, ctx, 'user', action, name, context);
  const groupCheck = (ctx: RequestContext, action: string, name: string) => checkEntity(id, ctx, 'group', action, name);
  return {
    CreateUser: (input, ctx) => {
      const name = str(input, 'UserName');
      const path = optStr(input, 'Path') ?? '/';
      const tags = tagList(input);
      const boundaryArn = optStr(input, 'PermissionsBoundary') ?? null;
      ctx.authorize({
        action: 'iam:CreateUser',
        resource: userArn(ctx.caller.account, path, name),
        context: { ...requestTagContext(tags), ...(boundaryArn ? { 'iam:PermissionsBoundary': boundaryArn } : {}) },
      });
      const user = ug.createUser(id, ctx.caller.account, { name, path, tags, boundaryArn });
      if (boundaryArn) setBoundary(id, 'user', ctx.caller.account, name, boundaryArn);
      return { User: userShape(ug.getUser(id, ctx.caller.account, user.name)) };
    },
    GetUser: (input, ctx) => {
      const name = userNameOf(input, ctx);
      userCheck(ctx, 'iam:GetUser', name);
      return { User: userShape(ug.getUser(id, ctx.caller.account, name)) };
    },
    ListUsers: (input, ctx) => {
      // IAM authorizes list calls on the path prefix: arn:aws:iam::ACCT:user/ (or user/team/).
      const prefix = optStr(input, 'PathPrefix') ?? '/';
      ctx.authorize({ action: 'iam:ListUsers', resource: `arn:aws:iam::${ctx.caller.account}:user${prefix}` });
      const p = page(ug.listUsers(id, ctx.caller.account, prefix), input['Marker'], input['MaxItems']);
      return { Users: p.items.map((u) => userShape(u, true)), IsTruncated: p.isTruncated, ...(p.marker ? { Marker: p.marker } : {}) };
    },
    DeleteUser: (input, ctx) => {
      const name = str(input, 'UserName');
      userCheck(ctx, 'iam:DeleteUser', name);
      ug.deleteUser(id, ctx.caller.account, name);
      return {};
    },
    PutUserPermissionsBoundary: (input, ctx) => {
      const name = str(input, 'UserName');
      const arn = str(input, 'PermissionsBoundary');
      userCheck(ctx, 'iam:PutUserPermissionsBoundary', name, { 'iam:PermissionsBoundary': arn });
      setBoundary(id, 'user', ctx.caller.account, name, arn);
      return {};
    },
    DeleteUserPermissionsBoundary: (input, ctx) => {
      const name = str(input, 'UserName');
      userCheck(ctx, 'iam:DeleteUserPermissionsBoundary', name);
      setBoundary(id, 'user', ctx.caller.account, name, null);
      return {};
    },
    CreateGroup: (input, ctx) => {
      const name = str(input, 'GroupName');
      const path = optStr(input, 'Path') ?? '/';
      ctx.authorize({ action: 'iam:CreateGroup', resource: groupArn(ctx.caller.account, path, name) });
      return { Group: groupShape(ug.createGroup(id, ctx.caller.account, { name, path })) };
    },
    GetGroup: (input, ctx) => {
      const name = str(input, 'GroupName');
      groupCheck(ctx, 'iam:GetGroup', name);
      const group = ug.getGroup(id, ctx.caller.account, name);
      return { Group: groupShape(group), Users: ug.groupMembers(id, ctx.caller.account, name).map((u) => userShape(u)), IsTruncated: false };
    },
    ListGroups: (input, ctx) => {
      const prefix = optStr(input, 'PathPrefix') ?? '/';
      ctx.authorize({ action: 'iam:ListGroups', resource: `arn:aws:iam::${ctx.caller.account}:group${prefix}` });
      const groups = id.store.listEntities('group', ctx.caller.account).filter((g) => g.path.startsWith(prefix));
      const p = page(groups, input['Marker'], input['MaxItems']);
      return { Groups: p.items.map(groupShape), IsTruncated: p.isTruncated, ...(p.marker ? { Marker: p.marker } : {}) };
    },
    DeleteGroup: (input, ctx) => {
      const name = str(input, 'GroupName');
      groupCheck(ctx, 'iam:DeleteGroup', name);
      ug.deleteGroup(id, ctx.caller.account, name);
      return {};
    },
    AddUserToGroup: (input, ctx) => {
      const name = str(input, 'GroupName');
      groupCheck(ctx, 'iam:AddUserToGroup', name);
      ug.addUserToGroup(id, ctx.caller.account, name, str(input, 'UserName'));
      return {};
    },
    RemoveUserFromGroup: (input, ctx) => {
      const name = str(input, 'GroupName');
      groupCheck(ctx, 'iam:RemoveUserFromGroup', name);
      ug.removeUserFromGroup(id, ctx.caller.account, name, str(input, 'UserName'));
      return {};
    },
    ListGroupsForUser: (input, ctx) => {
      const name = str(input, 'UserName');
      userCheck(ctx, 'iam:ListGroupsForUser', name);
      const user = ug.getUser(id, ctx.caller.account, name);
      const groups = user.groups.map((g) => ug.getGroup(id, ctx.caller.account, g));
      return { Groups: groups.map(groupShape), IsTruncated: false };
    },
  };
}
