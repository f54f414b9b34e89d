// How every Organizations call is authorized: `organizations:<Operation>` on the resources the
// Service Authorization Reference lists; then only the management account may go on.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

import type { OrganizationContext } from '../../engines/organizations/organization-context.js';
import { accessDenied } from '../../engines/organizations/organization-errors.js';
import type { OrganizationRecord } from '../../engines/organizations/organization-records.js';
import { requireOrganization } from '../../engines/organizations/organization-tree.js';
import type { ContextValue } from '../../iam/index.js';
import type { RequestContext } from '../service-types.js';

export interface AccessRequest {
  /** The operation; the action is `organizations:<operation>`. */
  readonly operation: string;
  /** ARNs of the resources, given the organization; `*` when the action has none. */
  readonly resources?: (org: OrganizationRecord) => readonly string[];
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** DescribeOrganization may be called from any account in the organization. */
  readonly anyMember?: boolean;
}

export function authorizeOrg(orgs: OrganizationContext, ctx: RequestContext, request: AccessRequest): OrganizationRecord {
  const org = requireOrganization(orgs);
  const resources = request.resources?.(org) ?? ['*'];
  for (const resource of resources) {
    ctx.authorize({ action: `organizations:${request.operation}`, resource, ...(request.context ? { context: request.context } : {}) });
  }
  if (request.anyMember ? orgs.store.getMember(ctx.caller.account) === null : ctx.caller.account !== org.managementAccountId) {
    throw accessDenied();
  }
  return org;
}
