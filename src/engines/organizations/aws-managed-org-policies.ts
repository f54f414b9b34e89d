// The AWS managed policies that come with enabling SCPs and RCPs: FullAWSAccess and
// RCPFullAWSAccess, attached to the root, every OU and every account.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html

import type { OrgPolicyRecord, OrgPolicyType } from './organization-records.js';

export const FULL_AWS_ACCESS: OrgPolicyRecord = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  type: 'SERVICE_CONTROL_POLICY',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  awsManaged: true,
};

export const RCP_FULL_AWS_ACCESS: OrgPolicyRecord = {
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every operation',
  type: 'RESOURCE_CONTROL_POLICY',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
  awsManaged: true,
};

export const AWS_MANAGED_ORG_POLICIES: readonly OrgPolicyRecord[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];

/** The policy every new root, OU and account gets for each enabled type. */
export function defaultPolicyFor(type: OrgPolicyType): OrgPolicyRecord {
  return type === 'SERVICE_CONTROL_POLICY' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
}

export function isNonDetachable(policyId: string): boolean {
  return policyId === RCP_FULL_AWS_ACCESS.id;
}
