// The records the organizations engine keeps: the organization and its root, OUs, member
// accounts, SCP/RCP policies, attachments and account-creation requests. Plain data.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_getting-started_concepts.html

export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export const ORG_POLICY_TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

export interface OrganizationRecord {
  /** `o-` and 10 lowercase letters or digits. */
  readonly id: string;
  /** The one root, `r-` and 4 lowercase letters or digits. */
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly managementEmail: string;
  readonly created: string;
}

export interface OrganizationalUnitRecord {
  /** `ou-<root suffix>-<8 lowercase letters or digits>`. */
  readonly id: string;
  name: string;
  /** The root or OU that contains it. */
  parentId: string;
  readonly created: string;
}

export interface MemberAccountRecord {
  readonly id: string;
  name: string;
  email: string;
  parentId: string;
  readonly joinedMethod: 'INVITED' | 'CREATED';
  readonly joined: string;
}

export interface OrgPolicyRecord {
  /** `p-` and 8 lowercase letters or digits; `p-FullAWSAccess` for AWS managed ones. */
  readonly id: string;
  name: string;
  description: string;
  readonly type: OrgPolicyType;
  content: string;
  readonly awsManaged: boolean;
}

export interface CreateAccountStatusRecord {
  /** `car-` and 32 lowercase letters or digits. */
  readonly id: string;
  readonly accountName: string;
  readonly state: 'SUCCEEDED' | 'FAILED';
  readonly requested: string;
  readonly completed: string;
  readonly accountId: string | null;
  readonly failureReason: string | null;
}

export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/** What a policy can be attached to, as the engine resolves a target id. */
export interface TargetRecord {
  readonly id: string;
  readonly type: TargetType;
  readonly name: string;
}
