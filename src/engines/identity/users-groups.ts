// IAM users and groups: create, read, list, delete (with IAM's delete conflicts), group
// membership and permission boundaries.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html

import { groupArn, userArn } from './identity-arns.js';
import { isoNow, type IdentityContext } from './identity-context.js';
import { checkTagKeys } from './entity-tags.js';
import { alreadyExists, deleteConflict, noSuchEntity } from './identity-errors.js';
import type { GroupRecord, Tag, UserRecord } from './records.js';

export function getUser(ctx: IdentityContext, account: string, name: string): UserRecord {
  const user = ctx.store.getEntity('user', account, name);
  if (!user) throw noSuchEntity('user', name);
  return user;
}

export function createUser(
  ctx: IdentityContext,
  account: string,
  input: { name: string; path?: string; boundaryArn?: string | null; tags?: Tag[] },
): UserRecord {
  checkTagKeys(input.tags ?? []);
  return ctx.store.transaction(() => {
    if (ctx.store.getEntity('user', account, input.name)) throw alreadyExists('user', input.name);
    const path = input.path ?? '/';
    const user: UserRecord = {
      account,
      name: input.name,
      id: ctx.ids.uniqueId('AIDA'),
      path,
      arn: userArn(account, path, input.name),
      created: isoNow(ctx),
      boundaryArn: input.boundaryArn ?? null,
      tags: input.tags ?? [],
      groups: [],
      inlinePolicies: {},
      attachedPolicies: [],
    };
    ctx.store.putEntity('user', user);
    return user;
  });
}

export function deleteUser(ctx: IdentityContext, account: string, name: string): void {
  ctx.store.transaction(() => {
    const user = getUser(ctx, account, name);
    if (ctx.store.listCredentials(account, user.name).length > 0) {
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    }
    if (Object.keys(user.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (user.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (user.groups.length > 0) throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
    ctx.store.deleteEntity('user', account, name);
  });
}

export function listUsers(ctx: IdentityContext, account: string, pathPrefix = '/'): UserRecord[] {
  return ctx.store.listEntities('user', account).filter((u) => u.path.startsWith(pathPrefix));
}

export function getGroup(ctx: IdentityContext, account: string, name: string): GroupRecord {
  const group = ctx.store.getEntity('group', account, name);
  if (!group) throw noSuchEntity('group', name);
  return group;
}

export function createGroup(ctx: IdentityContext, account: string, input: { name: string; path?: string }): GroupRecord {
  return ctx.store.transaction(() => {
    if (ctx.store.getEntity('group', account, input.name)) throw alreadyExists('group', input.name);
    const path = input.path ?? '/';
    const group: GroupRecord = {
      account,
      name: input.name,
      id: ctx.ids.uniqueId('AGPA'),
      path,
      arn: groupArn(account, path, input.name),
      created: isoNow(ctx),
      inlinePolicies: {},
      attachedPolicies: [],
    };
    ctx.store.putEntity('group', group);
    return group;
  });
}

export function groupMembers(ctx: IdentityContext, account: string, groupName: string): UserRecord[] {
  const lower = groupName.toLowerCase();
  return ctx.store.listEntities('user', account).filter((u) => u.groups.some((g) => g.toLowerCase() === lower));
}

export function deleteGroup(ctx: IdentityContext, account: string, name: string): void {
  ctx.store.transaction(() => {
    const group = getGroup(ctx, account, name);
    if (groupMembers(ctx, account, group.name).length > 0) {
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    }
    if (Object.keys(group.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (group.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    ctx.store.deleteEntity('group', account, name);
  });
}

export function addUserToGroup(ctx: IdentityContext, account: string, groupName: string, userName: string): void {
  ctx.store.transaction(() => {
    const group = getGroup(ctx, account, groupName);
    const user = getUser(ctx, account, userName);
    if (!user.groups.includes(group.name)) user.groups.push(group.name);
    ctx.store.putEntity('user', user);
  });
}

export function removeUserFromGroup(ctx: IdentityContext, account: string, groupName: string, userName: string): void {
  ctx.store.transaction(() => {
    const group = getGroup(ctx, account, groupName);
    const user = getUser(ctx, account, userName);
    if (!user.groups.includes(group.name)) throw noSuchEntity('user', `${userName} in group ${groupName}`);
    user.groups = user.groups.filter((g) => g !== group.name);
    ctx.store.putEntity('user', user);
  });
}
