// IAM roles: trust policy, maximum session duration, description, path, tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html

import { roleArn } from './identity-arns.js';
import { isoNow, type IdentityContext } from './identity-context.js';
import { alreadyExists, deleteConflict, invalidInput, noSuchEntity } from './identity-errors.js';
import { checkTagKeys } from './entity-tags.js';
import { parsePolicyDocument } from './policy-documents.js';
import { checkTrustPrincipalsExist } from './principal-existence.js';
import type { RoleRecord, Tag } from './records.js';

export function getRole(ctx: IdentityContext, account: string, name: string): RoleRecord {
  const role = ctx.store.getEntity('role', account, name);
  if (!role) throw noSuchEntity('role', name);
  return role;
}

export function createRole(
  ctx: IdentityContext,
  account: string,
  input: {
    name: string;
    path?: string;
    trustPolicy: string;
    description?: string | null;
    maxSessionDuration?: number;
    boundaryArn?: string | null;
    tags?: Tag[];
  },
): RoleRecord {
  checkTagKeys(input.tags ?? []);
  checkTrustPrincipalsExist(ctx, parsePolicyDocument(input.trustPolicy, 'trust'));
  const maxSessionDuration = validMaxSessionDuration(input.maxSessionDuration ?? 3600);
  return ctx.store.transaction(() => {
    if (ctx.store.getEntity('role', account, input.name)) throw alreadyExists('role', input.name);
    const path = input.path ?? '/';
    const role: RoleRecord = {
      account,
      name: input.name,
      id: ctx.ids.uniqueId('AROA'),
      path,
      arn: roleArn(account, path, input.name),
      created: isoNow(ctx),
      trustPolicy: input.trustPolicy,
      maxSessionDuration,
      description: input.description ?? null,
      boundaryArn: input.boundaryArn ?? null,
      tags: input.tags ?? [],
      inlinePolicies: {},
      attachedPolicies: [],
    };
    ctx.store.putEntity('role', role);
    return role;
  });
}

/** IAM accepts 1 to 12 hours. */
function validMaxSessionDuration(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200) {
    throw invalidInput(`The requested MaxSessionDuration ${seconds} is invalid. It must be between 3600 and 43200 seconds.`);
  }
  return seconds;
}

export function updateRole(
  ctx: IdentityContext,
  account: string,
  name: string,
  changes: { description?: string; maxSessionDuration?: number },
): void {
  ctx.store.transaction(() => {
    const role = getRole(ctx, account, name);
    if (changes.description !== undefined) role.description = changes.description;
    if (changes.maxSessionDuration !== undefined) role.maxSessionDuration = validMaxSessionDuration(changes.maxSessionDuration);
    ctx.store.putEntity('role', role);
  });
}

export function updateTrustPolicy(ctx: IdentityContext, account: string, name: string, document: string): void {
  checkTrustPrincipalsExist(ctx, parsePolicyDocument(document, 'trust'));
  ctx.store.transaction(() => {
    const role = getRole(ctx, account, name);
    role.trustPolicy = document;
    ctx.store.putEntity('role', role);
  });
}

export function deleteRole(ctx: IdentityContext, account: string, name: string): void {
  ctx.store.transaction(() => {
    const role = getRole(ctx, account, name);
    if (Object.keys(role.inlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (role.attachedPolicies.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    ctx.store.deleteEntity('role', account, name);
  });
}

export function listRoles(ctx: IdentityContext, account: string, pathPrefix = '/'): RoleRecord[] {
  return ctx.store.listEntities('role', account).filter((r) => r.path.startsWith(pathPrefix));
}
