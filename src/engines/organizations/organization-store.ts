// The port through which the organizations engine keeps its records. The engine never sees
// SQL; src/store/sql-organization-store.ts implements this.

import type {
  CreateAccountStatusRecord, MemberAccountRecord, OrganizationalUnitRecord, OrganizationRecord, OrgPolicyRecord, OrgPolicyType,
} from './organization-records.js';

export interface OrganizationStore {
  /** Runs `fn` atomically: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;

  getOrganization(): OrganizationRecord | null;
  putOrganization(record: OrganizationRecord): void;

  getUnit(id: string): OrganizationalUnitRecord | null;
  putUnit(record: OrganizationalUnitRecord): void;
  deleteUnit(id: string): void;
  /** The OUs directly under a root or OU, ordered by id. */
  listUnits(parentId: string): OrganizationalUnitRecord[];

  getMember(accountId: string): MemberAccountRecord | null;
  putMember(record: MemberAccountRecord): void;
  /** Member accounts, all or those directly under one parent, ordered by id. */
  listMembers(parentId?: string): MemberAccountRecord[];

  getPolicy(id: string): OrgPolicyRecord | null;
  putPolicy(record: OrgPolicyRecord): void;
  deletePolicy(id: string): void;
  listPolicies(type: OrgPolicyType): OrgPolicyRecord[];

  attach(policyId: string, targetId: string): void;
  detach(policyId: string, targetId: string): void;
  /** Ids of the policies attached to a target, in attachment order. */
  policiesOf(targetId: string): string[];
  /** Ids of the targets a policy is attached to, in attachment order. */
  targetsOf(policyId: string): string[];

  getCreateAccountStatus(id: string): CreateAccountStatusRecord | null;
  putCreateAccountStatus(record: CreateAccountStatusRecord): void;
}
