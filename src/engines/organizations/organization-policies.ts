// Organization policies (SCPs and RCPs): create with content checked by the IAM engine,
// describe, update, delete, list, and attach to or detach from the root, OUs and accounts.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html

import { parsePolicy } from '../../iam/index.js';
import { isNonDetachable } from './aws-managed-org-policies.js';
import { mutate, type OrganizationContext } from './organization-context.js';
import {
  constraintViolation, duplicateAttachment, duplicatePolicy, invalidInput, malformedPolicy, policyInUse, policyNotAttached,
  policyNotFound, targetNotFound,
} from './organization-errors.js';
import { kindOfId, newPolicyId } from './organization-ids.js';
import type { OrgPolicyRecord, OrgPolicyType, TargetRecord } from './organization-records.js';
import { requireOrganization } from './organization-tree.js';

/** Maximum characters of an SCP or RCP (whitespace included). */
const MAX_CONTENT = 5120;
/** Policies of one type attached to one root, OU or account. */
const MAX_ATTACHED = 5;

export function policyKindOf(type: OrgPolicyType): 'scp' | 'rcp' {
  return type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
}

/** Checks policy content with the IAM engine's grammar for the policy type. */
export function checkContent(type: OrgPolicyType, content: string): void {
  if (content.length > MAX_CONTENT) throw constraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED');
  const parsed = parsePolicy(content, policyKindOf(type));
  if (!parsed.ok) throw malformedPolicy(parsed.errors[0]?.message);
}

export function getOrgPolicy(ctx: OrganizationContext, id: string): OrgPolicyRecord {
  requireOrganization(ctx);
  const policy = ctx.store.getPolicy(id);
  if (!policy) throw policyNotFound();
  return policy;
}

export interface NewPolicy {
  readonly name: string;
  readonly description: string;
  readonly type: OrgPolicyType;
  readonly content: string;
  /** Chosen in advance so that the caller can be authorized on the policy's ARN. */
  readonly id?: string;
}

export function newOrgPolicyId(ctx: OrganizationContext): string {
  return newPolicyId(ctx.ids);
}

export function createOrgPolicy(ctx: OrganizationContext, input: NewPolicy): OrgPolicyRecord {
  checkContent(input.type, input.content);
  return mutate(ctx, () => {
    requireOrganization(ctx);
    if (ctx.store.listPolicies(input.type).some((p) => p.name === input.name)) throw duplicatePolicy();
    const policy: OrgPolicyRecord = {
      id: input.id ?? newPolicyId(ctx.ids),
      name: input.name,
      description: input.description,
      type: input.type,
      content: input.content,
      awsManaged: false,
    };
    ctx.store.putPolicy(policy);
    return policy;
  });
}

export function updateOrgPolicy(ctx: OrganizationContext, id: string, changes: { name?: string; description?: string; content?: string }): OrgPolicyRecord {
  return mutate(ctx, () => {
    const policy = getOrgPolicy(ctx, id);
    if (policy.awsManaged) throw invalidInput('IMMUTABLE_POLICY');
    if (changes.content !== undefined) checkContent(policy.type, changes.content);
    if (changes.name !== undefined && changes.name !== policy.name) {
      if (ctx.store.listPolicies(policy.type).some((p) => p.name === changes.name)) throw duplicatePolicy();
      policy.name = changes.name;
    }
    if (changes.description !== undefined) policy.description = changes.description;
    if (changes.content !== undefined) policy.content = changes.content;
    ctx.store.putPolicy(policy);
    return policy;
  });
}

export function deleteOrgPolicy(ctx: OrganizationContext, id: string): void {
  mutate(ctx, () => {
    const policy = getOrgPolicy(ctx, id);
    if (policy.awsManaged) throw invalidInput('IMMUTABLE_POLICY');
    if (ctx.store.targetsOf(id).length > 0) throw policyInUse();
    ctx.store.deletePolicy(id);
  });
}

export function listOrgPolicies(ctx: OrganizationContext, type: OrgPolicyType): OrgPolicyRecord[] {
  requireOrganization(ctx);
  return ctx.store.listPolicies(type);
}

/** The root, OU or account with this id. */
export function resolveTarget(ctx: OrganizationContext, targetId: string): TargetRecord {
  const org = requireOrganization(ctx);
  const kind = kindOfId(targetId);
  if (kind === null) throw invalidInput('INVALID_PATTERN_TARGET_ID');
  if (kind === 'root' && targetId === org.rootId) return { id: targetId, type: 'ROOT', name: 'Root' };
  const unit = kind === 'ou' ? ctx.store.getUnit(targetId) : null;
  if (unit) return { id: unit.id, type: 'ORGANIZATIONAL_UNIT', name: unit.name };
  const member = kind === 'account' ? ctx.store.getMember(targetId) : null;
  if (member) return { id: member.id, type: 'ACCOUNT', name: member.name };
  throw targetNotFound();
}

function attachedOfType(ctx: OrganizationContext, targetId: string, type: OrgPolicyType): string[] {
  return ctx.store.policiesOf(targetId).filter((id) => ctx.store.getPolicy(id)?.type === type);
}

export function attachOrgPolicy(ctx: OrganizationContext, policyId: string, targetId: string): void {
  mutate(ctx, () => {
    const policy = getOrgPolicy(ctx, policyId);
    resolveTarget(ctx, targetId);
    const attached = attachedOfType(ctx, targetId, policy.type);
    if (attached.includes(policyId)) throw duplicateAttachment();
    if (attached.length >= MAX_ATTACHED) throw constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    ctx.store.attach(policyId, targetId);
  });
}

/** Every root, OU and account keeps at least one SCP; RCPFullAWSAccess never comes off. */
export function detachOrgPolicy(ctx: OrganizationContext, policyId: string, targetId: string): void {
  mutate(ctx, () => {
    const policy = getOrgPolicy(ctx, policyId);
    resolveTarget(ctx, targetId);
    const attached = attachedOfType(ctx, targetId, policy.type);
    if (!attached.includes(policyId)) throw policyNotAttached();
    if (isNonDetachable(policyId)) throw invalidInput('NON_DETACHABLE_POLICY');
    if (attached.length <= 1) throw constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    ctx.store.detach(policyId, targetId);
  });
}

export function policiesForTarget(ctx: OrganizationContext, targetId: string, type: OrgPolicyType): OrgPolicyRecord[] {
  resolveTarget(ctx, targetId);
  return attachedOfType(ctx, targetId, type).map((id) => ctx.store.getPolicy(id)).filter((p): p is OrgPolicyRecord => p !== null);
}

export function targetsForPolicy(ctx: OrganizationContext, policyId: string): TargetRecord[] {
  getOrgPolicy(ctx, policyId);
  return ctx.store.targetsOf(policyId).map((id) => resolveTarget(ctx, id));
}
