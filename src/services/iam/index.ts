// The IAM service: every operation Gantry serves, by its AWS name.

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import type { ServiceDefinition } from '../service-types.js';
import { accessKeyOperations } from './access-key-operations.js';
import { accountOperations } from './account-operations.js';
import { policyOperations } from './policy-operations.js';
import { roleOperations } from './role-operations.js';
import { simulationOperations } from './simulation-operations.js';
import { taggingOperations } from './tagging-operations.js';
import { userGroupOperations } from './user-group-operations.js';

export function iamService(identity: IdentityContext): ServiceDefinition {
  return {
    name: 'iam',
    operations: {
      ...userGroupOperations(identity),
      ...roleOperations(identity),
      ...policyOperations(identity),
      ...accessKeyOperations(identity),
      ...simulationOperations(identity),
      ...accountOperations(identity),
      ...taggingOperations(identity, 'user'),
      ...taggingOperations(identity, 'role'),
    },
  };
}
