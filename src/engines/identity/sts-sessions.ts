// Temporary credentials from STS: AssumeRole (duration bounds, role chaining, session
// policies, session and transitive tags, source identity) and GetSessionToken. Whether the
// caller may assume the role is decided before, by the trust policy, at the decision point.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html

import { AwsError } from '../../core/aws-error.js';
import { parsePolicy } from '../../iam/index.js';
import type { Caller } from './callers.js';
import { assumedRoleArn } from './identity-arns.js';
import { checkTagKeys } from './entity-tags.js';
import type { IdentityContext } from './identity-context.js';
import { malformedPolicy } from './identity-errors.js';
import { getPolicy } from './managed-policies.js';
import type { CredentialOwner, CredentialRecord, RoleRecord } from './records.js';

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface AssumeRoleInput {
  readonly sessionName: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly { Key: string; Value: string }[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface AssumedRole {
  readonly credentials: IssuedCredentials;
  readonly assumedRoleId: string;
  readonly arn: string;
  readonly packedPolicySize: number;
  readonly sourceIdentity: string | null;
}

const CHAINED_MAX = 3600;

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400);
}

function issue(ctx: IdentityContext, account: string, owner: CredentialOwner, seconds: number): { record: CredentialRecord; credentials: IssuedCredentials } {
  const now = ctx.clock.now();
  const expiration = new Date(now.getTime() + seconds * 1000);
  const secretAccessKey = ctx.ids.secret();
  const sessionToken = `IQoJb3JpZ2luX2VjE${ctx.ids.token(240).replace(/=+$/, '')}`;
  const record: CredentialRecord = {
    accessKeyId: ctx.ids.uniqueId('ASIA'),
    account,
    sealedSecret: ctx.sealer.seal(secretAccessKey),
    sessionToken,
    expiration: expiration.toISOString(),
    status: 'Active',
    created: now.toISOString(),
    owner,
  };
  ctx.store.putCredential(record);
  return { record, credentials: { accessKeyId: record.accessKeyId, secretAccessKey, sessionToken, expiration } };
}

/** Issues a role session for a caller the trust policy has already let in. */
export function assumeRole(ctx: IdentityContext, caller: Caller, role: RoleRecord, input: AssumeRoleInput): AssumedRole {
  const previous = caller.credential.owner.type === 'assumed-role' ? caller.credential.owner : null;
  const chained = previous !== null;
  const duration = input.durationSeconds ?? 3600;
  if (chained && duration > CHAINED_MAX) {
    throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > role.maxSessionDuration) {
    throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (input.policy !== undefined) {
    const parsed = parsePolicy(input.policy, 'session');
    if (!parsed.ok) throw malformedPolicy(parsed.errors[0]?.message ?? 'Syntax errors in policy.');
  }
  for (const arn of input.policyArns ?? []) getPolicy(ctx, arn);

  // Tag keys are case insensitive in STS: two tags whose keys differ only in case are refused,
  // a transitive key names its tag in any case, and an inherited transitive tag cannot be
  // replaced under another case either. Texts recorded from AWS (localstack
  // tests/aws/services/sts/test_sts.snapshot.json).
  const requested = input.tags ?? [];
  const requestedKeys = checkTagKeys(requested, invalidParameter);
  const newTransitive = (input.transitiveTagKeys ?? []).map((key) => {
    const tagKey = requestedKeys.get(key.toLowerCase());
    if (tagKey === undefined) throw invalidParameter('The specified transitive tag key must be included in the requested tags.');
    return tagKey;
  });
  // Transitive tags of the calling session carry over; new tags may add, not replace them.
  const inherited: Record<string, string> = {};
  for (const key of previous?.transitiveTagKeys ?? []) {
    const value = previous?.tags[key];
    if (value !== undefined) inherited[key] = value;
  }
  const tags: Record<string, string> = { ...inherited };
  for (const tag of requested) {
    if (Object.keys(inherited).some((k) => k.toLowerCase() === tag.Key.toLowerCase())) {
      throw invalidParameter("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
    }
    tags[tag.Key] = tag.Value;
  }
  const transitiveTagKeys = [...Object.keys(inherited), ...new Set(newTransitive)];
  const priorSource = previous?.sourceIdentity ?? null;
  if (priorSource !== null && input.sourceIdentity !== undefined && input.sourceIdentity !== priorSource) {
    throw new AwsError('AccessDenied', 'SourceIdentity cannot be changed once it is set in a role session.', 403);
  }
  const sourceIdentity = input.sourceIdentity ?? priorSource;

  const owner: CredentialOwner = {
    type: 'assumed-role',
    roleName: role.name,
    roleArn: role.arn,
    roleId: role.id,
    sessionName: input.sessionName,
    sessionPolicy: input.policy ?? null,
    sessionPolicyArns: input.policyArns ?? [],
    tags,
    transitiveTagKeys,
    sourceIdentity,
    chained,
  };
  const { credentials } = issue(ctx, role.account, owner, duration);
  const packed = (input.policy ?? '').replace(/\s/g, '').length + JSON.stringify(tags).length + (input.policyArns ?? []).length * 64;
  return {
    credentials,
    assumedRoleId: `${role.id}:${input.sessionName}`,
    arn: assumedRoleArn(role.account, role.name, input.sessionName),
    packedPolicySize: Math.min(100, Math.ceil((packed / 2048) * 100)),
    sourceIdentity,
  };
}

/** GetSessionToken: IAM users up to 36 hours, the root user up to one hour. */
export function getSessionToken(ctx: IdentityContext, caller: Caller, durationSeconds: number | undefined): IssuedCredentials {
  if (caller.credential.sessionToken !== null) {
    throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
  }
  const max = caller.type === 'root' ? 3600 : 129600;
  const duration = durationSeconds ?? (caller.type === 'root' ? 3600 : 43200);
  if (duration < 900 || duration > max) {
    throw validation(`The requested DurationSeconds ${duration} is not valid. It must be between 900 and ${max} seconds for this caller.`);
  }
  const owner: CredentialOwner = { type: 'session-token', userName: caller.user?.name ?? null };
  return issue(ctx, caller.account, owner, duration).credentials;
}
