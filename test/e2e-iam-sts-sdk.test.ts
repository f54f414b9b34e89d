// End to end with the AWS SDK for JavaScript v3: IAM and STS against a real Gantry, with
// exact denials, role assumption, signatures refused, and state kept across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand,
  CreateInstanceProfileCommand, GetRoleCommand, GetUserCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand,
  PutUserPolicyCommand, SimulatePrincipalPolicyCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, startGantry, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const gantry = useGantry({ accountId: ACCT });

const iam = (creds: Credentials = gantry.root) => new IAMClient(clientConfig(gantry, creds));
const sts = (creds: Credentials = gantry.root) => new STSClient(clientConfig(gantry, creds));

test('root identity, users, and IAM errors with their codes', async () => {
  const me = await sts().send(new GetCallerIdentityCommand({}));
  assert.deepEqual([me.Account, me.Arn, me.UserId], [ACCT, `arn:aws:iam::${ACCT}:root`, ACCT]);
  const created = await iam().send(new CreateUserCommand({ UserName: 'carol', Path: '/team/', Tags: [{ Key: 'team', Value: 'ml' }] }));
  assert.equal(created.User?.Arn, `arn:aws:iam::${ACCT}:user/team/carol`);
  assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{16}$/);
  await rejects(iam().send(new CreateUserCommand({ UserName: 'CAROL' })), 'EntityAlreadyExistsException', 'User with name CAROL already exists.');
  await rejects(iam().send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 'The user with name nobody cannot be found.');
  await rejects(
    iam().send(new CreateUserCommand({ UserName: 'bad name!' })),
    'ValidationError',
    /^1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  await rejects(iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: 'p' })), 'NotImplemented');
});

test('a user is denied with AWS message until a policy allows', async () => {
  const dana = await userWithPolicy(gantry, 'dana');
  await rejects(
    iam(dana).send(new ListUsersCommand({})),
    'AccessDenied',
    `User: arn:aws:iam::${ACCT}:user/dana is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCT}:user/ because no identity-based policy allows the iam:ListUsers action`,
  );
  const policy = await iam().send(new CreatePolicyCommand({
    PolicyName: 'ReadUsers',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*'], Resource: '*' }] }),
  }));
  await iam().send(new AttachUserPolicyCommand({ UserName: 'dana', PolicyArn: policy.Policy?.Arn }));
  const users = await iam(dana).send(new ListUsersCommand({}));
  assert.ok(users.Users?.some((u) => u.UserName === 'dana'));
  await rejects(
    iam(dana).send(new CreateUserCommand({ UserName: 'eve' })),
    'AccessDenied',
    /because no identity-based policy allows the iam:CreateUser action$/,
  );
  const simulated = await iam().send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: `arn:aws:iam::${ACCT}:user/dana`, ActionNames: ['iam:ListUsers', 'iam:CreateUser'],
  }));
  assert.deepEqual(simulated.EvaluationResults?.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
});

test('GetSessionToken needs no permission, and policies cannot stop it (authentication is not policy-controlled)', async () => {
  // "No permissions are required for a user to get a session token ... You cannot use policies to
  // control authentication operations" (id_credentials_temp_control-access_getsessiontoken.html).
  const plain = await userWithPolicy(gantry, 'session-plain');
  const denied = await userWithPolicy(gantry, 'session-denied');
  await iam().send(new PutUserPolicyCommand({
    UserName: 'session-denied', PolicyName: 'no-sessions',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:GetSessionToken', Resource: '*' }] }),
  }));
  for (const [name, creds] of [['session-plain', plain], ['session-denied', denied]] as const) {
    const answer = await sts(creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const issued = answer.Credentials;
    assert.ok(issued?.AccessKeyId && issued.SecretAccessKey && issued.SessionToken, name);
    // The session acts as the user it was issued to.
    const me = await sts({ accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${ACCT}:user/${name}`);
  }
});

test('AssumeRole: the trust policy decides; sessions carry the role and its session policy', async () => {
  const frank = await userWithPolicy(gantry, 'frank');
  const grace = await userWithPolicy(gantry, 'grace');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/frank` }, Action: 'sts:AssumeRole' }] };
  const roleArn = `arn:aws:iam::${ACCT}:role/jobs/Worker`;
  const role = await iam().send(new CreateRoleCommand({ RoleName: 'Worker', Path: '/jobs/', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  assert.equal(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''), JSON.stringify(trust));
  await iam().send(new PutRolePolicyCommand({
    RoleName: 'Worker', PolicyName: 'read-roles',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }] }),
  }));
  await rejects(
    sts(grace).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'probe' })),
    'AccessDenied',
    `User: arn:aws:iam::${ACCT}:user/grace is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no role trust policy allows the sts:AssumeRole action`,
  );
  const assumed = await sts(frank).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'job-1', DurationSeconds: 900 }));
  assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/Worker/job-1`);
  assert.match(assumed.Credentials?.AccessKeyId ?? '', /^ASIA/);
  const expires = assumed.Credentials?.Expiration?.getTime() ?? 0;
  assert.ok(Math.abs(expires - Date.now() - 900_000) < 60_000, 'expires in 15 minutes');
  const session: Credentials = {
    accessKeyId: assumed.Credentials?.AccessKeyId as string,
    secretAccessKey: assumed.Credentials?.SecretAccessKey as string,
    sessionToken: assumed.Credentials?.SessionToken as string,
  };
  const who = await sts(session).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, `arn:aws:sts::${ACCT}:assumed-role/Worker/job-1`);
  assert.match(who.UserId ?? '', /^AROA[A-Z2-7]{16}:job-1$/);
  assert.equal((await iam(session).send(new GetRoleCommand({ RoleName: 'Worker' }))).Role?.Arn, roleArn);
  await rejects(iam(session).send(new ListUsersCommand({})), 'AccessDenied', new RegExp(`^User: arn:aws:sts::${ACCT}:assumed-role/Worker/job-1 is not authorized`));

  const limited = await sts(frank).send(new AssumeRoleCommand({
    RoleArn: roleArn, RoleSessionName: 'limited',
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }),
  }));
  const limitedCreds = { accessKeyId: limited.Credentials?.AccessKeyId as string, secretAccessKey: limited.Credentials?.SecretAccessKey as string, sessionToken: limited.Credentials?.SessionToken as string };
  await rejects(iam(limitedCreds).send(new GetRoleCommand({ RoleName: 'Worker' })), 'AccessDenied', /because no session policy allows the iam:GetRole action$/);
  await rejects(
    sts(session).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chain' })),
    'AccessDenied',
    /assumed-role\/Worker\/job-1 is not authorized to perform: sts:AssumeRole on resource: .* because no role trust policy allows/,
  );
  trust.Statement.push({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'sts:AssumeRole' });
  await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Worker', PolicyDocument: JSON.stringify(trust) }));
  const chained = await sts(session).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chain' }));
  assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/Worker/chain`);
  await rejects(
    sts(session).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chain', DurationSeconds: 7200 })),
    'ValidationError',
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  );
  await rejects(sts({ ...session, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
});

test('bad signatures and unknown keys are refused with AWS codes', async () => {
  await rejects(sts({ accessKeyId: gantry.root.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret12' }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch');
  await rejects(sts({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.');
});

test('every decision is in the audit trail, denials with their explanation', async () => {
  const henry = await userWithPolicy(gantry, 'henry');
  await rejects(iam(henry).send(new ListUsersCommand({})), 'AccessDenied');
  gantry.platform.audit.flush();
  const [denied] = gantry.platform.audit.query({ principal: `arn:aws:iam::${ACCT}:user/henry`, denied: true, limit: 1 });
  assert.ok(denied, 'the denial is recorded');
  assert.equal(denied.operation, 'ListUsers');
  assert.equal(denied.errorCode, 'AccessDenied');
  const decision = denied.decisions[0]?.decision;
  assert.equal(decision?.decision, 'ImplicitDeny');
  assert.deepEqual(decision?.missingAllow, ['identity']);
  assert.ok(Array.isArray(decision?.trace), 'denials carry the per-statement trace');
  assert.equal(gantry.platform.audit.get(denied.requestId)?.requestId, denied.requestId);
});

test('state survives a restart', async () => {
  const ivan = await userWithPolicy(gantry, 'ivan');
  await iam().send(new AttachUserPolicyCommand({ UserName: 'ivan', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  // The file's Gantry stops for good (its after hook removes the data directory); a second one opens that directory.
  await gantry.stop();
  const restarted = await startGantry({ dataDir: gantry.dataDir });
  try {
    assert.equal(restarted.accountId, ACCT, 'the same account, from the data directory');
    const users = await new IAMClient(clientConfig(restarted, ivan)).send(new ListUsersCommand({}));
    assert.deepEqual(users.Users?.map((u) => u.UserName).sort(), ['carol', 'dana', 'frank', 'grace', 'henry', 'ivan', 'session-denied', 'session-plain']);
  } finally {
    await restarted.stop();
  }
});
