// Records to Organizations response shapes (member names as in the Organizations model),
// and NextToken/MaxResults paging as the JSON services do it.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html

import { accountArn, orgPolicyArn, organizationArn, rootArn, targetArn, unitArn } from '../../engines/organizations/organization-arns.js';
import { invalidInput } from '../../engines/organizations/organization-errors.js';
import type {
  CreateAccountStatusRecord, MemberAccountRecord, OrganizationalUnitRecord, OrganizationRecord, OrgPolicyRecord, TargetRecord,
} from '../../engines/organizations/organization-records.js';
import { ORG_POLICY_TYPES } from '../../engines/organizations/organization-records.js';

const enabledTypes = () => ORG_POLICY_TYPES.map((Type) => ({ Type, Status: 'ENABLED' }));

export function organizationShape(org: OrganizationRecord) {
  return {
    Id: org.id,
    Arn: organizationArn(org),
    FeatureSet: 'ALL',
    MasterAccountArn: accountArn(org, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: org.managementEmail,
    // Deprecated by AWS: DescribeOrganization reports only SCPs here.
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  };
}

export function rootShape(org: OrganizationRecord) {
  return { Id: org.rootId, Arn: rootArn(org), Name: 'Root', PolicyTypes: enabledTypes() };
}

export function unitShape(org: OrganizationRecord, unit: OrganizationalUnitRecord) {
  return { Id: unit.id, Arn: unitArn(org, unit.id), Name: unit.name };
}

export function accountShape(org: OrganizationRecord, member: MemberAccountRecord) {
  return {
    Id: member.id,
    Arn: accountArn(org, member.id),
    Email: member.email,
    Name: member.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: member.joinedMethod,
    JoinedTimestamp: new Date(member.joined),
  };
}

export function createAccountStatusShape(status: CreateAccountStatusRecord) {
  return {
    Id: status.id,
    AccountName: status.accountName,
    State: status.state,
    RequestedTimestamp: new Date(status.requested),
    CompletedTimestamp: new Date(status.completed),
    ...(status.accountId !== null ? { AccountId: status.accountId } : {}),
    ...(status.failureReason !== null ? { FailureReason: status.failureReason } : {}),
  };
}

export function policySummaryShape(org: OrganizationRecord, policy: OrgPolicyRecord) {
  return {
    Id: policy.id,
    Arn: orgPolicyArn(org, policy),
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: policy.awsManaged,
  };
}

export function policyShape(org: OrganizationRecord, policy: OrgPolicyRecord) {
  return { PolicySummary: policySummaryShape(org, policy), Content: policy.content };
}

export function targetShape(org: OrganizationRecord, target: TargetRecord) {
  return { TargetId: target.id, Arn: targetArn(org, target.id), Name: target.name, Type: target.type };
}

/** One page of a list; NextToken is the position of the next item. */
export function pageOf<T>(items: readonly T[], nextToken: unknown, maxResults: unknown): { items: T[]; NextToken?: string } {
  const size = typeof maxResults === 'number' ? maxResults : 20;
  let start = 0;
  if (typeof nextToken === 'string' && nextToken !== '') {
    const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidInput('INVALID_NEXT_TOKEN');
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const next = start + slice.length;
  return next < items.length ? { items: slice, NextToken: Buffer.from(String(next)).toString('base64url') } : { items: slice };
}
