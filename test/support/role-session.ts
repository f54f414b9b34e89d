// A role the account's root may assume, with a given identity policy, and the credentials of
// one session of it: the caller end-to-end tests use for "a principal of this account whose
// permissions are exactly these statements".

import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
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

/**
 * A role whose inline identity policy has `statements` (none: no identity policy), and one
 * session of it; in the Gantry's own account unless `account` names another.
 */
export async function roleSession(gantry: RunningGantry, name: string, statements: object[], account?: AccountRoot): Promise<RoleSession> {
  const owner = account ?? { accountId: gantry.accountId, creds: gantry.root };
  const iam = new IAMClient(clientConfig(gantry, owner.creds));
  const trust = policy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner.accountId}:root` }, Action: 'sts:AssumeRole' }]);
  const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  if (statements.length > 0) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'identity', PolicyDocument: policy(statements) }));
  const assumed = await new STSClient(clientConfig(gantry, owner.creds)).send(new AssumeRoleCommand({ RoleArn: role.Role?.Arn, RoleSessionName: 'session' }));
  const c = assumed.Credentials;
  return {
    creds: { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string },
    roleArn: role.Role?.Arn as string,
    sessionArn: assumed.AssumedRoleUser?.Arn as string,
  };
}
