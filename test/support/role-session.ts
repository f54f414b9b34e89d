// A role of an account, with a given identity policy, and the credentials of
// one session of it: the caller end-to-end tests use for "a principal of this account whose
// permissions are exactly these statements". A root user may not assume a role, so an IAM user
// of the account (roleAssumer) does.

import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type Credentials, type RunningGantry } from './gantry-fixture.js';

export interface RoleSession {
  readonly creds: Credentials;
  readonly roleArn: string;
  readonly sessionArn: string;
}

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** An account's id and its root user's credentials: where a role is made and who assumes it. */
export interface AccountRoot {
  readonly accountId: string;
  readonly creds: Credentials;
}

/** Per Gantry and account: the user who assumes the roles made here (a root user may not). */
const assumers = new Map<string, Promise<Credentials>>();

/**
 * An IAM user of the account allowed sts:AssumeRole, made once per Gantry and account: AWS
 * refuses AssumeRole by a root user ("Roles may not be assumed by root accounts."), so the
 * account's root makes the roles and this user assumes them (the trust policy delegates to the
 * account, whose identity policy then decides).
 */
export function roleAssumer(gantry: RunningGantry, owner: AccountRoot): Promise<Credentials> {
  const id = `${gantry.url} ${owner.accountId}`;
  let made = assumers.get(id);
  if (!made) {
    made = (async () => {
      const iam = new IAMClient(clientConfig(gantry, owner.creds));
      await iam.send(new CreateUserCommand({ UserName: 'role-assumer' }));
      await iam.send(new PutUserPolicyCommand({
        UserName: 'role-assumer', PolicyName: 'assume', PolicyDocument: policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]),
      }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'role-assumer' }))).AccessKey;
      return { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
    })();
    // A failed set-up is not kept: the next role session tries again and reports its own error.
    made.catch(() => assumers.delete(id));
    assumers.set(id, made);
  }
  return made;
}

/**
 * A role whose inline identity policy has `statements` (none: no identity policy), and one
 * session of it, assumed by the account's roleAssumer; in the Gantry's own account unless
 * `account` names another.
 */
export async function roleSession(gantry: RunningGantry, name: string, statements: object[], account?: AccountRoot): Promise<RoleSession> {
  const owner = account ?? { accountId: gantry.accountId, creds: gantry.root };
  const iam = new IAMClient(clientConfig(gantry, owner.creds));
  const trust = policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner.accountId}:root` }, Action: 'sts:AssumeRole' }]);
  const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  if (statements.length > 0) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'identity', PolicyDocument: policy(statements) }));
  const assumer = await roleAssumer(gantry, owner);
  const assumed = await new STSClient(clientConfig(gantry, assumer)).send(new AssumeRoleCommand({ RoleArn: role.Role?.Arn, RoleSessionName: 'session' }));
  const c = assumed.Credentials;
  return {
    creds: { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string },
    roleArn: role.Role?.Arn as string,
    sessionArn: assumed.AssumedRoleUser?.Arn as string,
  };
}
