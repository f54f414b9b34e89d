// The records the identity engine keeps: accounts, users, groups, roles, managed policies
// with versions, inline policies, credentials (long-term keys and STS sessions).
// Plain data, stored as documents by the IdentityStore port.

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface UserRecord {
  readonly account: string;
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly created: string;
  boundaryArn: string | null;
  tags: Tag[];
  groups: string[];
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
}

export interface GroupRecord {
  readonly account: string;
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly created: string;
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
}

export interface RoleRecord {
  readonly account: string;
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly created: string;
  trustPolicy: string;
  maxSessionDuration: number;
  description: string | null;
  boundaryArn: string | null;
  tags: Tag[];
  inlinePolicies: Record<string, string>;
  attachedPolicies: string[];
}

/**
 * When (ISO time) and in which Region a session of a role last made a request
 * (role-last-used.ts). Kept apart from the role's record: noting a use is not a change to the role.
 */
export interface RoleLastUsed {
  readonly date: string;
  readonly region: string;
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly created: string;
}

export interface ManagedPolicyRecord {
  /** The owning account, or `aws` for AWS managed policies. */
  readonly account: string;
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly created: string;
  updated: string;
  description: string | null;
  defaultVersionId: string;
  nextVersion: number;
  versions: PolicyVersion[];
  tags: Tag[];
}

export type EntityKind = 'user' | 'group' | 'role' | 'policy';

export interface EntityRecords {
  user: UserRecord;
  group: GroupRecord;
  role: RoleRecord;
  policy: ManagedPolicyRecord;
}

/** Who a credential speaks for. */
export type CredentialOwner =
  | { readonly type: 'root' }
  | { readonly type: 'user'; readonly userName: string }
  | {
      readonly type: 'assumed-role';
      readonly roleName: string;
      readonly roleArn: string;
      readonly roleId: string;
      readonly sessionName: string;
      readonly sessionPolicy: string | null;
      readonly sessionPolicyArns: readonly string[];
      readonly tags: Readonly<Record<string, string>>;
      readonly transitiveTagKeys: readonly string[];
      readonly sourceIdentity: string | null;
      readonly chained: boolean;
    }
  | { readonly type: 'session-token'; readonly userName: string | null };

export interface CredentialRecord {
  readonly accessKeyId: string;
  readonly account: string;
  /** The secret access key, sealed under the data directory's master key. */
  readonly sealedSecret: string;
  /** For temporary credentials: the session token as issued. */
  readonly sessionToken: string | null;
  /** For temporary credentials: ISO time of expiry. */
  readonly expiration: string | null;
  status: 'Active' | 'Inactive';
  readonly created: string;
  readonly owner: CredentialOwner;
}

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  /** The organizational unit (or root) the account sits in. */
  parentId: string;
  readonly created: string;
}
