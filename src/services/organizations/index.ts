// The Organizations service: every operation Gantry serves, by its AWS name. Only the
// management account may call them (DescribeOrganization: any member account).
// https://docs.aws.amazon.com/organizations/latest/APIReference/Welcome.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import type { OrganizationContext } from '../../engines/organizations/organization-context.js';
import type { ServiceDefinition } from '../service-types.js';
import { accountOperations } from './account-operations.js';
import { policyOperations } from './policy-operations.js';
import { treeOperations } from './tree-operations.js';

export function organizationsService(orgs: OrganizationContext, identity: IdentityContext): ServiceDefinition {
  return {
    name: 'organizations',
    operations: {
      ...treeOperations(orgs),
      ...accountOperations(orgs, identity),
      ...policyOperations(orgs),
    },
  };
}
