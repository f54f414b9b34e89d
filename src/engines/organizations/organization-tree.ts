// The organization's tree: the organization itself (created with the first account as its
// management account, all features, SCPs and RCPs enabled), its root, OUs, and the parent
// and child relations between the root, OUs and accounts.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_ous.html

import { AwsError } from '../../core/aws-error.js';
import { AWS_MANAGED_ORG_POLICIES, defaultPolicyFor } from './aws-managed-org-policies.js';
import { isoNow, mutate, type OrganizationContext } from './organization-context.js';
import { childNotFound, constraintViolation, duplicateUnit, parentNotFound, unitNotEmpty, unitNotFound } from './organization-errors.js';
import { newOrganizationId, newRootId, newUnitId } from './organization-ids.js';
import { ORG_POLICY_TYPES, type OrganizationalUnitRecord, type OrganizationRecord } from './organization-records.js';

/** OUs nest at most five levels below the root. */
const MAX_OU_DEPTH = 5;

/** The placeholder parent the identity side uses for "the root, whatever its id". */
export const ROOT_PLACEHOLDER = 'r-root';

export function requireOrganization(ctx: OrganizationContext): OrganizationRecord {
  const org = ctx.store.getOrganization();
  if (!org) throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
  return org;
}

export function managementEmail(accountId: string): string {
  return `account-${accountId}@gantry.local`;
}

/** Attaches the default policy of every enabled type (FullAWSAccess, RCPFullAWSAccess). */
function attachDefaults(ctx: OrganizationContext, targetId: string): void {
  for (const type of ORG_POLICY_TYPES) ctx.store.attach(defaultPolicyFor(type).id, targetId);
}

function createOrganization(ctx: OrganizationContext, managementAccountId: string): OrganizationRecord {
  const now = isoNow(ctx);
  const org: OrganizationRecord = {
    id: newOrganizationId(ctx.ids),
    rootId: newRootId(ctx.ids),
    managementAccountId,
    managementEmail: managementEmail(managementAccountId),
    created: now,
  };
  ctx.store.putOrganization(org);
  for (const policy of AWS_MANAGED_ORG_POLICIES) ctx.store.putPolicy(policy);
  attachDefaults(ctx, org.rootId);
  ctx.store.putMember({
    id: managementAccountId, name: `account-${managementAccountId}`, email: org.managementEmail,
    parentId: org.rootId, joinedMethod: 'INVITED', joined: now,
  });
  return org;
}

/**
 * Makes an account a member: the first account ever joined founds the organization as its
 * management account; later ones join under `parentId` (the root by default). Idempotent.
 */
export function joinOrganization(ctx: OrganizationContext, accountId: string, parentId: string = ROOT_PLACEHOLDER): void {
  mutate(ctx, () => {
    const org = ctx.store.getOrganization();
    if (!org) {
      createOrganization(ctx, accountId);
      return;
    }
    if (ctx.store.getMember(accountId)) return;
    const parent = parentId === ROOT_PLACEHOLDER ? org.rootId : parentId;
    if (!containerExists(ctx, org, parent)) throw parentNotFound();
    ctx.store.putMember({
      id: accountId, name: `account-${accountId}`, email: managementEmail(accountId),
      parentId: parent, joinedMethod: 'CREATED', joined: isoNow(ctx),
    });
    attachDefaults(ctx, accountId);
  });
}

/** Joins accounts that predate the organization; the earliest created founds it. */
export function adoptAccounts(ctx: OrganizationContext, accounts: readonly { id: string; created: string }[]): void {
  const ordered = [...accounts].sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  for (const account of ordered) joinOrganization(ctx, account.id);
}

/** True for the root's id or an existing OU's id. */
export function containerExists(ctx: OrganizationContext, org: OrganizationRecord, id: string): boolean {
  return id === org.rootId || ctx.store.getUnit(id) !== null;
}

export function getUnit(ctx: OrganizationContext, id: string): OrganizationalUnitRecord {
  const unit = ctx.store.getUnit(id);
  if (!unit) throw unitNotFound();
  return unit;
}

/** The ids from the root down to (and including) `containerId`. */
export function pathTo(ctx: OrganizationContext, org: OrganizationRecord, containerId: string): string[] {
  const path: string[] = [];
  let id: string | undefined = containerId;
  while (id !== undefined && id !== org.rootId && path.length <= MAX_OU_DEPTH + 1) {
    path.unshift(id);
    id = ctx.store.getUnit(id)?.parentId;
  }
  path.unshift(org.rootId);
  return path;
}

export function createUnit(ctx: OrganizationContext, parentId: string, name: string): OrganizationalUnitRecord {
  return mutate(ctx, () => {
    const org = requireOrganization(ctx);
    if (!containerExists(ctx, org, parentId)) throw parentNotFound();
    if (pathTo(ctx, org, parentId).length > MAX_OU_DEPTH) throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED');
    if (ctx.store.listUnits(parentId).some((u) => u.name === name)) throw duplicateUnit();
    const unit: OrganizationalUnitRecord = { id: newUnitId(ctx.ids, org.rootId), name, parentId, created: isoNow(ctx) };
    ctx.store.putUnit(unit);
    attachDefaults(ctx, unit.id);
    return unit;
  });
}

export function listUnits(ctx: OrganizationContext, parentId: string): OrganizationalUnitRecord[] {
  const org = requireOrganization(ctx);
  if (!containerExists(ctx, org, parentId)) throw parentNotFound();
  return ctx.store.listUnits(parentId);
}

export function deleteUnit(ctx: OrganizationContext, id: string): void {
  mutate(ctx, () => {
    getUnit(ctx, id);
    if (ctx.store.listUnits(id).length > 0 || ctx.store.listMembers(id).length > 0) throw unitNotEmpty();
    for (const policyId of ctx.store.policiesOf(id)) ctx.store.detach(policyId, id);
    ctx.store.deleteUnit(id);
  });
}

export type ContainerType = 'ROOT' | 'ORGANIZATIONAL_UNIT';

/** The parent of an OU or account (there is always exactly one). */
export function parentOf(ctx: OrganizationContext, childId: string): { id: string; type: ContainerType } {
  const org = requireOrganization(ctx);
  const parentId = ctx.store.getUnit(childId)?.parentId ?? ctx.store.getMember(childId)?.parentId;
  if (parentId === undefined) throw childNotFound();
  return { id: parentId, type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
}

export function childrenOf(ctx: OrganizationContext, parentId: string, type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT'): string[] {
  const org = requireOrganization(ctx);
  if (!containerExists(ctx, org, parentId)) throw parentNotFound();
  return type === 'ACCOUNT' ? ctx.store.listMembers(parentId).map((m) => m.id) : ctx.store.listUnits(parentId).map((u) => u.id);
}
