// Records to IAM response shapes (member names as in the IAM model). Policy documents
// travel URL-encoded, as IAM sends them.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html

import type { GroupRecord, ManagedPolicyRecord, PolicyVersion, RoleLastUsed, RoleRecord, Tag, UserRecord } from '../../engines/identity/records.js';

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

function boundary(arn: string | null) {
  return arn === null ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } };
}

function tags(list: Tag[]) {
  return list.length > 0 ? { Tags: list } : {};
}

/**
 * `listed`: the user as ListUsers returns it. "IAM resource-listing operations return a subset
 * of the available attributes": no PermissionsBoundary, no Tags (API_ListUsers.html); GetUser has them.
 */
export function userShape(user: UserRecord, listed = false) {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: new Date(user.created),
    ...(listed ? {} : { ...boundary(user.boundaryArn), ...tags(user.tags) }),
  };
}

export function groupShape(group: GroupRecord) {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: new Date(group.created) };
}

/**
 * `'listed'`: the role as ListRoles returns it, without PermissionsBoundary, Tags and RoleLastUsed
 * (API_ListRoles.html); GetRole has them, `lastUsed` from role-last-used.ts.
 */
export function roleShape(role: RoleRecord, detail: { lastUsed: RoleLastUsed | null } | 'listed') {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.created),
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy),
    ...(role.description !== null ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(detail === 'listed' ? {} : { ...boundary(role.boundaryArn), ...tags(role.tags), RoleLastUsed: roleLastUsed(detail.lastUsed) }),
  };
}

/** An empty structure until the role is used: AWS's GetRole answers `<RoleLastUsed/>` (recorded). */
function roleLastUsed(used: RoleLastUsed | null) {
  return used ? { LastUsedDate: new Date(used.date), Region: used.region } : {};
}

/** `uses`: how many entities have the policy attached, and how many have it as their permissions boundary. */
export function policyShape(policy: ManagedPolicyRecord, uses: { attachments: number; boundaries: number }) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: uses.attachments,
    PermissionsBoundaryUsageCount: uses.boundaries,
    IsAttachable: true,
    ...(policy.description !== null ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.created),
    UpdateDate: new Date(policy.updated),
    ...tags(policy.tags),
  };
}

export function versionShape(policy: ManagedPolicyRecord, version: PolicyVersion) {
  return {
    Document: encodeDocument(version.document),
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: new Date(version.created),
  };
}
