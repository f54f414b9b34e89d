// End to end with the AWS SDK for JavaScript v3: AWS Organizations inside Gantry. The tree,
// accounts with their own root credentials, SCPs (deny list and allow list), an RCP on
// aws:PrincipalOrgID, and cross-account role assumption, with AWS's errors and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand, DeleteOrganizationalUnitCommand,
  DeletePolicyCommand, DescribeAccountCommand, DescribeCreateAccountStatusCommand, DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand, DescribePolicyCommand, DetachPolicyCommand, ListAccountsCommand, ListAccountsForParentCommand,
  ListChildrenCommand, ListOrganizationalUnitsForParentCommand, ListParentsCommand, ListPoliciesCommand, ListPoliciesForTargetCommand,
  ListRootsCommand, ListTargetsForPolicyCommand, MoveAccountCommand, OrganizationsClient, UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand as CreateIamPolicyCommand, CreateRoleCommand, CreateUserCommand,
  IAMClient, ListUsersCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { roleAssumer } from './support/role-session.js';

const MGMT = '111122223333';
let rootId = '';
let orgId = '';

const gantry = useGantry({ accountId: MGMT });

const orgs = (creds: Credentials = gantry.root) => new OrganizationsClient(clientConfig(gantry, creds));
const iam = (creds: Credentials = gantry.root) => new IAMClient(clientConfig(gantry, creds));
const sts = (creds: Credentials) => new STSClient(clientConfig(gantry, creds));

function rootOf(accountId: string): Credentials {
  const root = gantry.platform.roots.get(accountId);
  assert.ok(root, `root credentials of ${accountId}`);
  return { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
}

async function newAccount(name: string, parentId?: string): Promise<string> {
  const created = await orgs().send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  assert.equal(created.CreateAccountStatus?.State, 'SUCCEEDED');
  const id = created.CreateAccountStatus?.AccountId as string;
  if (parentId) await orgs().send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }));
  return id;
}

async function newOu(name: string): Promise<string> {
  const ou = await orgs().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }));
  return ou.OrganizationalUnit?.Id as string;
}

async function scp(name: string, statements: object[], type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' = 'SERVICE_CONTROL_POLICY'): Promise<string> {
  const created = await orgs().send(new CreatePolicyCommand({
    Name: name, Description: name, Type: type, Content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  }));
  return created.Policy?.PolicySummary?.Id as string;
}

async function userWithKey(account: Credentials, name: string, policyDocument?: object): Promise<{ creds: Credentials; arn: string }> {
  const user = await iam(account).send(new CreateUserCommand({ UserName: name }));
  if (policyDocument) {
    const policy = await iam(account).send(new CreateIamPolicyCommand({ PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policyDocument) }));
    await iam(account).send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policy.Policy?.Arn }));
  }
  const key = await iam(account).send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    creds: { accessKeyId: key.AccessKey?.AccessKeyId as string, secretAccessKey: key.AccessKey?.SecretAccessKey as string },
    arn: user.User?.Arn as string,
  };
}

test('the organization exists from the first start, with SCPs and RCPs enabled', async () => {
  const { Organization: org } = await orgs().send(new DescribeOrganizationCommand({}));
  assert.equal(org?.MasterAccountId, MGMT);
  assert.equal(org?.FeatureSet, 'ALL');
  assert.match(org?.Id ?? '', /^o-[a-z0-9]{10}$/);
  orgId = org?.Id as string;
  assert.equal(org?.Arn, `arn:aws:organizations::${MGMT}:organization/${orgId}`);
  const { Roots } = await orgs().send(new ListRootsCommand({}));
  assert.equal(Roots?.length, 1);
  rootId = Roots?.[0]?.Id as string;
  assert.match(rootId, /^r-[a-z0-9]{4}$/);
  assert.deepEqual(Roots?.[0]?.PolicyTypes?.map((t) => `${t.Type}:${t.Status}`), ['SERVICE_CONTROL_POLICY:ENABLED', 'RESOURCE_CONTROL_POLICY:ENABLED']);
  const scps = await orgs().send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'SERVICE_CONTROL_POLICY' }));
  assert.deepEqual(scps.Policies?.map((p) => [p.Id, p.AwsManaged, p.Arn]), [
    ['p-FullAWSAccess', true, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess'],
  ]);
  const rcps = await orgs().send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'RESOURCE_CONTROL_POLICY' }));
  assert.deepEqual(rcps.Policies?.map((p) => p.Id), ['p-RCPFullAWSAccess']);
  const accounts = await orgs().send(new ListAccountsCommand({}));
  assert.deepEqual(accounts.Accounts?.map((a) => [a.Id, a.Status, a.JoinedMethod]), [[MGMT, 'ACTIVE', 'INVITED']]);
});

test('OUs and accounts: create, describe, move, list, with Organizations errors', async () => {
  const ou = await newOu('Workloads');
  assert.match(ou, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
  const described = await orgs().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ou }));
  assert.equal(described.OrganizationalUnit?.Arn, `arn:aws:organizations::${MGMT}:ou/${orgId}/${ou}`);
  await rejects(orgs().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })), 'DuplicateOrganizationalUnitException');
  const units = await orgs().send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
  assert.ok(units.OrganizationalUnits?.some((u) => u.Id === ou && u.Name === 'Workloads'));

  const created = await orgs().send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }));
  const status = created.CreateAccountStatus;
  assert.equal(status?.State, 'SUCCEEDED');
  assert.match(status?.Id ?? '', /^car-[a-z0-9]{32}$/);
  const id = status?.AccountId as string;
  assert.match(id, /^\d{12}$/);
  const again = await orgs().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status?.Id }));
  assert.equal(again.CreateAccountStatus?.AccountId, id);
  const me = await sts(rootOf(id)).send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:iam::${id}:root`);

  await orgs().send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ou }));
  await rejects(orgs().send(new MoveAccountCommand({ AccountId: id, SourceParentId: ou, DestinationParentId: ou })), 'DuplicateAccountException');
  const parents = await orgs().send(new ListParentsCommand({ ChildId: id }));
  assert.deepEqual(parents.Parents, [{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }]);
  const children = await orgs().send(new ListChildrenCommand({ ParentId: ou, ChildType: 'ACCOUNT' }));
  assert.deepEqual(children.Children, [{ Id: id, Type: 'ACCOUNT' }]);
  const inOu = await orgs().send(new ListAccountsForParentCommand({ ParentId: ou }));
  assert.deepEqual(inOu.Accounts?.map((a) => [a.Id, a.Name, a.Email, a.JoinedMethod]), [[id, 'dev', 'dev@example.com', 'CREATED']]);
  const account = await orgs().send(new DescribeAccountCommand({ AccountId: id }));
  assert.equal(account.Account?.Arn, `arn:aws:organizations::${MGMT}:account/${orgId}/${id}`);

  await rejects(orgs().send(new DescribeAccountCommand({ AccountId: '999999999999' })), 'AccountNotFoundException', "You specified an account that doesn't exist.");
  await rejects(
    orgs().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: `ou-${rootId.slice(2)}-zzzzzzzz` })),
    'OrganizationalUnitNotFoundException',
    "You specified an organizational unit that doesn't exist.",
  );
  await rejects(orgs().send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou })), 'OrganizationalUnitNotEmptyException');

  // Member accounts may describe the organization, and nothing else.
  const seen = await orgs(rootOf(id)).send(new DescribeOrganizationCommand({}));
  assert.equal(seen.Organization?.Id, orgId);
  await rejects(orgs(rootOf(id)).send(new ListAccountsCommand({})), 'AccessDeniedException', "You don't have permissions to access this resource.");
  // An IAM user of the management account needs organizations:* permissions first.
  const clerk = await userWithKey(gantry.root, 'clerk');
  await rejects(
    orgs(clerk.creds).send(new ListRootsCommand({})),
    'AccessDeniedException',
    `User: ${clerk.arn} is not authorized to perform: organizations:ListRoots on resource: * because no identity-based policy allows the organizations:ListRoots action`,
  );
});

test('an SCP denying iam:CreateUser on an OU binds the account root and its users, not the management account', async () => {
  const ou = await newOu('Sandbox');
  const account = await newAccount('sandbox', ou);
  const root = rootOf(account);
  const admin = await userWithKey(root, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const deny = await scp('DenyCreateUser', [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }]);
  await orgs().send(new AttachPolicyCommand({ PolicyId: deny, TargetId: ou }));
  await rejects(orgs().send(new AttachPolicyCommand({ PolicyId: deny, TargetId: ou })), 'DuplicatePolicyAttachmentException');
  await rejects(
    orgs().send(new DeletePolicyCommand({ PolicyId: deny })),
    'PolicyInUseException',
    'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
  );

  await rejects(
    iam(root).send(new CreateUserCommand({ UserName: 'mallory' })),
    'AccessDenied',
    `User: arn:aws:iam::${account}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/mallory with an explicit deny in a service control policy`,
  );
  // The SCP doesn't stop other actions; an administrator user there is denied the same way,
  // and so is the management account's session in the account's OrganizationAccountAccessRole.
  await iam(root).send(new ListUsersCommand({}));
  await iam(admin.creds).send(new ListUsersCommand({}));
  await rejects(
    iam(admin.creds).send(new CreateUserCommand({ UserName: 'mallory' })),
    'AccessDenied',
    `User: ${admin.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/mallory with an explicit deny in a service control policy`,
  );
  const session = await accessRoleSession(account);
  await rejects(iam(session.creds).send(new CreateUserCommand({ UserName: 'mallory' })), 'AccessDenied', /with an explicit deny in a service control policy$/);
  // The management account is unaffected, even with the SCP attached to the root.
  await orgs().send(new AttachPolicyCommand({ PolicyId: deny, TargetId: rootId }));
  await iam().send(new CreateUserCommand({ UserName: 'allowed-in-management' }));
  const targets = await orgs().send(new ListTargetsForPolicyCommand({ PolicyId: deny }));
  assert.deepEqual(targets.Targets?.map((t) => t.Type).sort(), ['ORGANIZATIONAL_UNIT', 'ROOT']);

  await orgs().send(new DetachPolicyCommand({ PolicyId: deny, TargetId: rootId }));
  await orgs().send(new DetachPolicyCommand({ PolicyId: deny, TargetId: ou }));
  await rejects(orgs().send(new DetachPolicyCommand({ PolicyId: deny, TargetId: ou })), 'PolicyNotAttachedException');
  await iam(root).send(new CreateUserCommand({ UserName: 'mallory' }));
  await orgs().send(new DeletePolicyCommand({ PolicyId: deny }));
  await rejects(orgs().send(new DescribePolicyCommand({ PolicyId: deny })), 'PolicyNotFoundException', "You specified a policy that doesn't exist.");
});

async function accessRoleSession(account: string) {
  const role = `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
  // The management account's root may not assume a role: one of its IAM users does.
  const assumer = await roleAssumer(gantry, { accountId: MGMT, creds: gantry.root });
  const session = await sts(assumer).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'admin' }));
  return {
    creds: {
      accessKeyId: session.Credentials?.AccessKeyId as string,
      secretAccessKey: session.Credentials?.SecretAccessKey as string,
      sessionToken: session.Credentials?.SessionToken as string,
    },
    arn: session.AssumedRoleUser?.Arn as string,
  };
}

test('an SCP allow list on an OU: only what every level allows', async () => {
  const ou = await newOu('ReadOnly');
  const account = await newAccount('readonly', ou);
  const listOnly = await scp('AllowIamList', [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }]);
  await rejects(
    orgs().send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou })),
    'ConstraintViolationException',
    /fewer than the minimum number of policies/,
  );
  await orgs().send(new AttachPolicyCommand({ PolicyId: listOnly, TargetId: ou }));
  await orgs().send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou }));
  const attached = await orgs().send(new ListPoliciesForTargetCommand({ TargetId: ou, Filter: 'SERVICE_CONTROL_POLICY' }));
  assert.deepEqual(attached.Policies?.map((p) => p.Name), ['AllowIamList']);

  const root = rootOf(account);
  await iam(root).send(new ListUsersCommand({}));
  await rejects(
    iam(root).send(new CreateUserCommand({ UserName: 'nobody' })),
    'AccessDenied',
    `User: arn:aws:iam::${account}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/nobody because no service control policy allows the iam:CreateUser action`,
  );
  const listed = await orgs().send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
  assert.deepEqual(listed.Policies?.map((p) => p.Name).sort(), ['AllowIamList', 'FullAWSAccess']);
});

test('cross-account AssumeRole needs the trust policy and the caller identity policy; an RCP on aws:PrincipalOrgID', async () => {
  const a = await newAccount('resources');
  const b = await newAccount('callers');
  const roleArn = `arn:aws:iam::${a}:role/shared`;
  await iam(rootOf(a)).send(new CreateRoleCommand({
    RoleName: 'shared',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b}:root` }, Action: 'sts:AssumeRole' }],
    }),
  }));
  // The trusted account's root may not assume it (no root user may assume a role); its users may, as their policies allow.
  await rejects(
    sts(rootOf(b)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'from-b' })), 'AccessDenied', 'Roles may not be assumed by root accounts.',
  );

  const bob = await userWithKey(rootOf(b), 'bob');
  await rejects(
    sts(bob.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bob' })),
    'AccessDenied',
    `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no identity-based policy allows the sts:AssumeRole action`,
  );
  const carol = await userWithKey(rootOf(b), 'carol', {
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
  });
  const assumed = await sts(carol.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'carol' }));
  assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${a}:assumed-role/shared/carol`);

  // An RCP on account A: deny sts:AssumeRole to principals outside (here: a different) organization.
  const rcpContent = (org: string) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': org } },
    }],
  });
  const created = await orgs().send(new CreatePolicyCommand({
    Name: 'OrgOnlyAssumeRole', Description: 'org only', Type: 'RESOURCE_CONTROL_POLICY', Content: rcpContent('o-0000000000'),
  }));
  const rcp = created.Policy?.PolicySummary?.Id as string;
  assert.equal(created.Policy?.PolicySummary?.Arn, `arn:aws:organizations::${MGMT}:policy/${orgId}/resource_control_policy/${rcp}`);
  await orgs().send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: a }));
  await rejects(
    sts(carol.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'carol' })),
    'AccessDenied',
    `User: ${carol.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} with an explicit deny in a resource control policy`,
  );
  await orgs().send(new UpdatePolicyCommand({ PolicyId: rcp, Content: rcpContent(orgId) }));
  await sts(carol.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'carol' }));
  await rejects(orgs().send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: a })), 'InvalidInputException');
});

test('policy content is checked by the IAM engine, with Organizations errors', async () => {
  await rejects(
    orgs().send(new CreatePolicyCommand({ Name: 'bad', Description: 'bad', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Statement": 7}' })),
    'MalformedPolicyDocumentException',
    /^The provided policy document does not meet the requirements of the specified policy type\./,
  );
  await rejects(
    orgs().send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Description: 'mine now' })),
    'InvalidInputException',
  );
  const policy = await orgs().send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
  assert.deepEqual(JSON.parse(policy.Policy?.Content ?? '{}'), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
});
