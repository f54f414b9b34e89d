// Customer managed policies with versions (at most five, one default), AWS managed policies,
// and attaching them to users, groups and roles.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html

import { parsePolicyArn, policyArn } from './identity-arns.js';
import { isoNow, type IdentityContext } from './identity-context.js';
import { AwsError } from '../../core/aws-error.js';
import { alreadyExists, deleteConflict, invalidInput, limitExceeded, noSuchEntity, noSuchInlinePolicy, policyNotFound } from './identity-errors.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { checkTagKeys } from './entity-tags.js';
import { checkPolicyDocument } from './policy-documents.js';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord, Tag, UserRecord } from './records.js';

const MAX_VERSIONS = 5;
const MAX_ATTACHED = 10;

/**
 * The managed policy an ARN names. `notFound` is the error for one that does not exist: IAM says
 * "was not found" where a policy is deleted (recorded), and "does not exist or is not attachable"
 * where it is attached (recorded; the default here, which the operations not confirmed either way keep).
 */
export function getPolicy(ctx: IdentityContext, arn: string, notFound: (arn: string) => AwsError = (a) => noSuchEntity('policy', a)): ManagedPolicyRecord {
  const parts = parsePolicyArn(arn);
  if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
  const policy = parts.account === 'aws' ? AWS_MANAGED_POLICIES.get(arn) : ctx.store.getEntity('policy', parts.account, parts.name);
  if (!policy || policy.arn !== arn) throw notFound(arn);
  return policy;
}

export function createPolicy(
  ctx: IdentityContext,
  account: string,
  input: { name: string; path?: string; document: string; description?: string | null; tags?: Tag[] },
): ManagedPolicyRecord {
  checkTagKeys(input.tags ?? []);
  const document = checkPolicyDocument(input.document, 'managed');
  return ctx.store.transaction(() => {
    if (ctx.store.getEntity('policy', account, input.name)) throw alreadyExists('policy', input.name);
    const path = input.path ?? '/';
    const now = isoNow(ctx);
    const policy: ManagedPolicyRecord = {
      account,
      name: input.name,
      id: ctx.ids.uniqueId('ANPA'),
      path,
      arn: policyArn(account, path, input.name),
      created: now,
      updated: now,
      description: input.description ?? null,
      defaultVersionId: 'v1',
      nextVersion: 2,
      versions: [{ versionId: 'v1', document, created: now }],
      tags: input.tags ?? [],
    };
    ctx.store.putEntity('policy', policy);
    return policy;
  });
}

function customerPolicy(ctx: IdentityContext, arn: string, notFound?: (arn: string) => AwsError): ManagedPolicyRecord {
  const policy = getPolicy(ctx, arn, notFound);
  if (policy.account === 'aws') throw invalidInput(`Policy ${arn} is an AWS managed policy and cannot be changed.`);
  return policy;
}

export function createPolicyVersion(ctx: IdentityContext, arn: string, documentText: string, setAsDefault: boolean) {
  const document = checkPolicyDocument(documentText, 'managed');
  return ctx.store.transaction(() => {
    const policy = customerPolicy(ctx, arn);
    // Unlike IAM's other quotas ("Cannot exceed quota for ..."), this one has its own text, as
    // the CLI prints it for a sixth version (quoted in many deploy-script reports).
    if (policy.versions.length >= MAX_VERSIONS) {
      throw new AwsError('LimitExceeded', `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`, 409);
    }
    const version = { versionId: `v${policy.nextVersion}`, document, created: isoNow(ctx) };
    policy.nextVersion += 1;
    policy.versions.push(version);
    if (setAsDefault) policy.defaultVersionId = version.versionId;
    policy.updated = version.created;
    ctx.store.putEntity('policy', policy);
    return { policy, version };
  });
}

export function getPolicyVersion(ctx: IdentityContext, arn: string, versionId: string) {
  const policy = getPolicy(ctx, arn);
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version) throw noSuchVersion(arn, versionId);
  return { policy, version };
}

export function setDefaultPolicyVersion(ctx: IdentityContext, arn: string, versionId: string): void {
  ctx.store.transaction(() => {
    const policy = customerPolicy(ctx, arn);
    if (!policy.versions.some((v) => v.versionId === versionId)) throw noSuchVersion(arn, versionId);
    policy.defaultVersionId = versionId;
    ctx.store.putEntity('policy', policy);
  });
}

export function deletePolicyVersion(ctx: IdentityContext, arn: string, versionId: string): void {
  ctx.store.transaction(() => {
    const policy = customerPolicy(ctx, arn);
    if (!policy.versions.some((v) => v.versionId === versionId)) throw noSuchVersion(arn, versionId);
    if (policy.defaultVersionId === versionId) throw deleteConflict('Cannot delete the default version of a policy.');
    policy.versions = policy.versions.filter((v) => v.versionId !== versionId);
    ctx.store.putEntity('policy', policy);
  });
}

function noSuchVersion(arn: string, versionId: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, 404);
}

export function defaultDocument(policy: ManagedPolicyRecord): string {
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
  return version ? version.document : '{}';
}

type Holder = UserRecord | GroupRecord | RoleRecord;
type HolderKind = 'user' | 'group' | 'role';

/** Every user, group and role of the policy's account that has the policy attached. */
export function policyAttachments(ctx: IdentityContext, account: string, arn: string): { kind: HolderKind; holder: Holder }[] {
  const out: { kind: HolderKind; holder: Holder }[] = [];
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const holder of ctx.store.listEntities(kind, account)) {
      if (holder.attachedPolicies.includes(arn)) out.push({ kind, holder });
    }
  }
  return out;
}

/**
 * How many users, groups and roles of the policy's account have it attached, and how many users
 * and roles have it as their permissions boundary: one read of each kind.
 */
export function policyUses(ctx: IdentityContext, account: string, arn: string): { attachments: number; boundaries: number } {
  const uses = { attachments: 0, boundaries: 0 };
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const holder of ctx.store.listEntities(kind, account)) {
      if (holder.attachedPolicies.includes(arn)) uses.attachments += 1;
      if ('boundaryArn' in holder && holder.boundaryArn === arn) uses.boundaries += 1;
    }
  }
  return uses;
}

export function deletePolicy(ctx: IdentityContext, arn: string): void {
  ctx.store.transaction(() => {
    const policy = customerPolicy(ctx, arn, policyNotFound);
    // A boundary in use counts as an attachment: IAM refuses to delete it with a DeleteConflict
    // too (github.com/gruntwork-io/cloud-nuke/issues/972), [INFER] with the same text.
    const uses = policyUses(ctx, policy.account, arn);
    if (uses.attachments > 0 || uses.boundaries > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.versions.length > 1) throw deleteConflict('Cannot delete a policy with non-default versions. Delete the versions first.');
    ctx.store.deleteEntity('policy', policy.account, policy.name);
  });
}

export function listPolicies(ctx: IdentityContext, account: string, scope: 'All' | 'AWS' | 'Local'): ManagedPolicyRecord[] {
  const local = scope === 'AWS' ? [] : ctx.store.listEntities('policy', account);
  const aws = scope === 'Local' ? [] : [...AWS_MANAGED_POLICIES.values()];
  return [...aws, ...local];
}

function holder(ctx: IdentityContext, kind: HolderKind, account: string, name: string): Holder {
  const record = ctx.store.getEntity(kind, account, name);
  if (!record) throw noSuchEntity(kind, name);
  return record;
}

export function attachPolicy(ctx: IdentityContext, kind: HolderKind, account: string, name: string, arn: string): void {
  ctx.store.transaction(() => {
    const target = holder(ctx, kind, account, name);
    const policy = getPolicy(ctx, arn);
    if (policy.account !== 'aws' && policy.account !== account) throw noSuchEntity('policy', arn);
    if (target.attachedPolicies.includes(arn)) return;
    if (target.attachedPolicies.length >= MAX_ATTACHED) {
      throw limitExceeded(`PoliciesPer${kind[0]?.toUpperCase()}${kind.slice(1)}`, MAX_ATTACHED);
    }
    target.attachedPolicies.push(arn);
    ctx.store.putEntity(kind, target as never);
  });
}

export function detachPolicy(ctx: IdentityContext, kind: HolderKind, account: string, name: string, arn: string): void {
  ctx.store.transaction(() => {
    const target = holder(ctx, kind, account, name);
    // "Policy <arn> was not found." for one that is not attached, as Terraform users quote it [INFER: not recorded].
    if (!target.attachedPolicies.includes(arn)) throw policyNotFound(arn);
    target.attachedPolicies = target.attachedPolicies.filter((a) => a !== arn);
    ctx.store.putEntity(kind, target as never);
  });
}

/** Inline policies: put (create or replace), get, delete, list. */
export function putInlinePolicy(ctx: IdentityContext, kind: HolderKind, account: string, name: string, policyName: string, document: string): void {
  const checked = checkPolicyDocument(document, `${kind}-inline`);
  ctx.store.transaction(() => {
    const target = holder(ctx, kind, account, name);
    target.inlinePolicies[policyName] = checked;
    ctx.store.putEntity(kind, target as never);
  });
}

export function getInlinePolicy(ctx: IdentityContext, kind: HolderKind, account: string, name: string, policyName: string): string {
  const target = holder(ctx, kind, account, name);
  const document = target.inlinePolicies[policyName];
  if (document === undefined) throw noSuchInlinePolicy(kind, policyName);
  return document;
}

export function deleteInlinePolicy(ctx: IdentityContext, kind: HolderKind, account: string, name: string, policyName: string): void {
  ctx.store.transaction(() => {
    getInlinePolicy(ctx, kind, account, name, policyName);
    const target = holder(ctx, kind, account, name);
    delete target.inlinePolicies[policyName];
    ctx.store.putEntity(kind, target as never);
  });
}

export function listInlinePolicies(ctx: IdentityContext, kind: HolderKind, account: string, name: string): string[] {
  return Object.keys(holder(ctx, kind, account, name).inlinePolicies).sort();
}

/** Sets or removes (null) the permissions boundary of a user or role. */
export function setBoundary(ctx: IdentityContext, kind: 'user' | 'role', account: string, name: string, arn: string | null): void {
  ctx.store.transaction(() => {
    const target = holder(ctx, kind, account, name) as UserRecord | RoleRecord;
    if (arn !== null) {
      const policy = getPolicy(ctx, arn);
      checkPolicyDocument(defaultDocument(policy), 'boundary');
    }
    target.boundaryArn = arn;
    ctx.store.putEntity(kind, target as never);
  });
}
