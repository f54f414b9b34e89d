// ARNs of Organizations resources, all in the management account's namespace.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html#awsorganizations-resources-for-iam-policies

import type { OrganizationRecord, OrgPolicyRecord, OrgPolicyType } from './organization-records.js';

const PREFIX = 'arn:aws:organizations::';

export const organizationArn = (org: OrganizationRecord) => `${PREFIX}${org.managementAccountId}:organization/${org.id}`;
export const rootArn = (org: OrganizationRecord) => `${PREFIX}${org.managementAccountId}:root/${org.id}/${org.rootId}`;
export const unitArn = (org: OrganizationRecord, ouId: string) => `${PREFIX}${org.managementAccountId}:ou/${org.id}/${ouId}`;
export const accountArn = (org: OrganizationRecord, accountId: string) => `${PREFIX}${org.managementAccountId}:account/${org.id}/${accountId}`;

export function policyTypeSegment(type: OrgPolicyType): string {
  return type.toLowerCase();
}

/** Customer policies live under the organization; AWS managed ones under `aws`. */
export function orgPolicyArn(org: OrganizationRecord, policy: Pick<OrgPolicyRecord, 'id' | 'type' | 'awsManaged'>): string {
  if (policy.awsManaged) return `${PREFIX}aws:policy/${policyTypeSegment(policy.type)}/${policy.id}`;
  return `${PREFIX}${org.managementAccountId}:policy/${org.id}/${policyTypeSegment(policy.type)}/${policy.id}`;
}

/** The ARN of a root, OU or account id. */
export function targetArn(org: OrganizationRecord, id: string): string {
  if (id.startsWith('r-')) return rootArn(org);
  if (id.startsWith('ou-')) return unitArn(org, id);
  return accountArn(org, id);
}
