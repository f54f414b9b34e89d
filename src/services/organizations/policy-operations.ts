// Organizations operations on policies (SCPs and RCPs): create, describe, update, delete,
// list, attach, detach, and the two views of attachments.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html

import { orgPolicyArn, targetArn } from '../../engines/organizations/organization-arns.js';
import type { OrganizationContext } from '../../engines/organizations/organization-context.js';
import { invalidInput } from '../../engines/organizations/organization-errors.js';
import * as policies from '../../engines/organizations/organization-policies.js';
import type { OrganizationRecord, OrgPolicyRecord, OrgPolicyType } from '../../engines/organizations/organization-records.js';
import { optStr, str, tagList } from '../iam/iam-input.js';
import type { OperationHandler, RequestContext } from '../service-types.js';
import { authorizeOrg } from './organization-access.js';
import { pageOf, policyShape, policySummaryShape, targetShape } from './organization-shapes.js';
import { requestTagContext } from './tree-operations.js';

const TYPES = new Set<string>(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);

/** Gantry enables SCPs and RCPs; the other policy types are not served. */
function policyType(input: Record<string, unknown>, name: string): OrgPolicyType {
  const type = str(input, name);
  if (!TYPES.has(type)) throw invalidInput('INVALID_INPUT', `Gantry supports only SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY, not ${type}.`);
  return type as OrgPolicyType;
}

export function policyOperations(orgs: OrganizationContext): Record<string, OperationHandler> {
  /** Authorizes on the policy's ARN (and more resources), with organizations:PolicyType when the policy exists. */
  const onPolicy = (ctx: RequestContext, operation: string, policyId: string, more: (o: OrganizationRecord) => string[] = () => []) => {
    const existing = orgs.store.getPolicy(policyId);
    const fallback = { id: policyId, type: 'SERVICE_CONTROL_POLICY' as const, awsManaged: false };
    const org = authorizeOrg(orgs, ctx, {
      operation,
      resources: (o) => [orgPolicyArn(o, existing ?? fallback), ...more(o)],
      ...(existing ? { context: { 'organizations:PolicyType': existing.type } } : {}),
    });
    return { org, policy: policies.getOrgPolicy(orgs, policyId) };
  };
  const list = (org: OrganizationRecord, items: OrgPolicyRecord[], input: Record<string, unknown>) => {
    const page = pageOf(items, input['NextToken'], input['MaxResults']);
    return { Policies: page.items.map((p) => policySummaryShape(org, p)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  };
  return {
    CreatePolicy: (input, ctx) => {
      const type = policyType(input, 'Type');
      const id = policies.newOrgPolicyId(orgs);
      const org = authorizeOrg(orgs, ctx, {
        operation: 'CreatePolicy',
        resources: (o) => [orgPolicyArn(o, { id, type, awsManaged: false })],
        context: { ...requestTagContext(tagList(input)), 'organizations:PolicyType': type },
      });
      const policy = policies.createOrgPolicy(orgs, {
        id, type, name: str(input, 'Name'), description: str(input, 'Description'), content: str(input, 'Content'),
      });
      return { Policy: policyShape(org, policy) };
    },
    DescribePolicy: (input, ctx) => {
      const { org, policy } = onPolicy(ctx, 'DescribePolicy', str(input, 'PolicyId'));
      return { Policy: policyShape(org, policy) };
    },
    UpdatePolicy: (input, ctx) => {
      const id = str(input, 'PolicyId');
      const { org } = onPolicy(ctx, 'UpdatePolicy', id);
      const name = optStr(input, 'Name');
      const description = optStr(input, 'Description');
      const content = optStr(input, 'Content');
      const updated = policies.updateOrgPolicy(orgs, id, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(content !== undefined ? { content } : {}),
      });
      return { Policy: policyShape(org, updated) };
    },
    DeletePolicy: (input, ctx) => {
      const id = str(input, 'PolicyId');
      onPolicy(ctx, 'DeletePolicy', id);
      policies.deleteOrgPolicy(orgs, id);
      return {};
    },
    ListPolicies: (input, ctx) => {
      const type = policyType(input, 'Filter');
      const org = authorizeOrg(orgs, ctx, { operation: 'ListPolicies', context: { 'organizations:PolicyType': type } });
      return list(org, policies.listOrgPolicies(orgs, type), input);
    },
    AttachPolicy: (input, ctx) => {
      const id = str(input, 'PolicyId');
      const targetId = str(input, 'TargetId');
      onPolicy(ctx, 'AttachPolicy', id, (o) => [targetArn(o, targetId)]);
      policies.attachOrgPolicy(orgs, id, targetId);
      return {};
    },
    DetachPolicy: (input, ctx) => {
      const id = str(input, 'PolicyId');
      const targetId = str(input, 'TargetId');
      onPolicy(ctx, 'DetachPolicy', id, (o) => [targetArn(o, targetId)]);
      policies.detachOrgPolicy(orgs, id, targetId);
      return {};
    },
    ListPoliciesForTarget: (input, ctx) => {
      const targetId = str(input, 'TargetId');
      const type = policyType(input, 'Filter');
      const org = authorizeOrg(orgs, ctx, {
        operation: 'ListPoliciesForTarget',
        resources: (o) => [targetArn(o, targetId)],
        context: { 'organizations:PolicyType': type },
      });
      return list(org, policies.policiesForTarget(orgs, targetId, type), input);
    },
    ListTargetsForPolicy: (input, ctx) => {
      const id = str(input, 'PolicyId');
      const { org } = onPolicy(ctx, 'ListTargetsForPolicy', id);
      const page = pageOf(policies.targetsForPolicy(orgs, id), input['NextToken'], input['MaxResults']);
      return { Targets: page.items.map((t) => targetShape(org, t)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
  };
}
