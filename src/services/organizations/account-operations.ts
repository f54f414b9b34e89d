// Organizations operations on member accounts: CreateAccount (synchronous: SUCCEEDED at once,
// with the account's own root credentials and an OrganizationAccountAccessRole the management
// account can assume), describing, listing and moving accounts.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { rootArn as iamRootArn } from '../../engines/identity/identity-arns.js';
import { attachPolicy } from '../../engines/identity/managed-policies.js';
import { createRole } from '../../engines/identity/roles.js';
import { accountArn, targetArn } from '../../engines/organizations/organization-arns.js';
import type { OrganizationContext } from '../../engines/organizations/organization-context.js';
import * as accounts from '../../engines/organizations/member-accounts.js';
import { containerExists } from '../../engines/organizations/organization-tree.js';
import { parentNotFound } from '../../engines/organizations/organization-errors.js';
import { optStr, str, tagList } from '../iam/iam-input.js';
import type { OperationHandler } from '../service-types.js';
import { authorizeOrg } from './organization-access.js';
import { accountShape, createAccountStatusShape, pageOf } from './organization-shapes.js';
import { requestTagContext } from './tree-operations.js';

/** Gantry extension: a CreateAccount tag with this key chooses the new account's id (the tag is not kept). */
export const ACCOUNT_ID_TAG = 'gantry:AccountId';

const DEFAULT_ROLE = 'OrganizationAccountAccessRole';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

function accessRoleTrust(managementAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: iamRootArn(managementAccountId) }, Action: 'sts:AssumeRole' }],
  });
}

export function accountOperations(orgs: OrganizationContext, identity: IdentityContext): Record<string, OperationHandler> {
  return {
    CreateAccount: (input, ctx) => {
      const allTags = tagList(input);
      const org = authorizeOrg(orgs, ctx, { operation: 'CreateAccount', context: requestTagContext(allTags) });
      const wanted = allTags.find((t) => t.Key === ACCOUNT_ID_TAG)?.Value;
      const roleName = optStr(input, 'RoleName') ?? DEFAULT_ROLE;
      const status = identity.store.transaction(() => {
        const created = accounts.createMemberAccount(orgs, {
          name: str(input, 'AccountName'),
          email: str(input, 'Email'),
          ...(wanted !== undefined ? { accountId: wanted } : {}),
        });
        const accountId = created.accountId as string;
        createRole(identity, accountId, { name: roleName, trustPolicy: accessRoleTrust(org.managementAccountId) });
        attachPolicy(identity, 'role', accountId, roleName, ADMINISTRATOR_ACCESS);
        return created;
      });
      return { CreateAccountStatus: createAccountStatusShape(status) };
    },
    DescribeCreateAccountStatus: (input, ctx) => {
      authorizeOrg(orgs, ctx, { operation: 'DescribeCreateAccountStatus' });
      return { CreateAccountStatus: createAccountStatusShape(accounts.getCreateAccountStatus(orgs, str(input, 'CreateAccountRequestId'))) };
    },
    ListAccounts: (input, ctx) => {
      const org = authorizeOrg(orgs, ctx, { operation: 'ListAccounts' });
      const page = pageOf(accounts.listMembers(orgs), input['NextToken'], input['MaxResults']);
      return { Accounts: page.items.map((m) => accountShape(org, m)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    DescribeAccount: (input, ctx) => {
      const id = str(input, 'AccountId');
      const org = authorizeOrg(orgs, ctx, { operation: 'DescribeAccount', resources: (o) => [accountArn(o, id)] });
      return { Account: accountShape(org, accounts.getMember(orgs, id)) };
    },
    ListAccountsForParent: (input, ctx) => {
      const parentId = str(input, 'ParentId');
      const org = authorizeOrg(orgs, ctx, { operation: 'ListAccountsForParent', resources: (o) => [targetArn(o, parentId)] });
      if (!containerExists(orgs, org, parentId)) throw parentNotFound();
      const page = pageOf(accounts.listMembers(orgs, parentId), input['NextToken'], input['MaxResults']);
      return { Accounts: page.items.map((m) => accountShape(org, m)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    MoveAccount: (input, ctx) => {
      const id = str(input, 'AccountId');
      const source = str(input, 'SourceParentId');
      const destination = str(input, 'DestinationParentId');
      authorizeOrg(orgs, ctx, {
        operation: 'MoveAccount',
        resources: (o) => [accountArn(o, id), targetArn(o, source), targetArn(o, destination)],
      });
      accounts.moveAccount(orgs, id, source, destination);
      return {};
    },
  };
}
