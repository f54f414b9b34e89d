// The STS service: GetCallerIdentity (no permission needed), AssumeRole (the role's trust
// policy decides, with the caller's identity policies where AWS requires them),
// GetSessionToken (no permission needed either: "You cannot use policies to control
// authentication operations", id_credentials_temp_control-access_getsessiontoken.html).
// https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html

import { AwsError } from '../../core/aws-error.js';
import { parsePolicy, parseArn, type ContextValue } from '../../iam/index.js';
import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { assumeRole, getSessionToken, type IssuedCredentials } from '../../engines/identity/sts-sessions.js';
import type { ServiceDefinition } from '../service-types.js';
import { optNum, optStr, str, strList, tagList } from '../iam/iam-input.js';

function credentialsShape(c: IssuedCredentials) {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration };
}

export function stsService(id: IdentityContext): ServiceDefinition {
  return {
    name: 'sts',
    unauthorized: new Set(['GetCallerIdentity', 'GetSessionToken']),
    operations: {
      GetCallerIdentity: (_input, ctx) => ({ UserId: ctx.caller.userId, Account: ctx.caller.account, Arn: ctx.caller.arn }),
      AssumeRole: (input, ctx) => {
        // "You cannot call AssumeRole with the access key for the root user" (API_AssumeRole.html):
        // refused before the trust policy is read, in any account, with AWS's text (quoted verbatim
        // in many public reports of the CLI's and SDKs' output).
        if (ctx.caller.type === 'root') throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.', 403);
        const roleArn = str(input, 'RoleArn');
        const sessionName = str(input, 'RoleSessionName');
        const parsed = parseArn(roleArn);
        const roleName = parsed?.resource.startsWith('role/') ? parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1) : null;
        const role = parsed && roleName ? id.store.getEntity('role', parsed.account, roleName) : null;
        const found = role && role.arn === roleArn ? role : null;
        const tags = tagList(input);
        const context: Record<string, ContextValue> = { 'sts:RoleSessionName': sessionName };
        const externalId = optStr(input, 'ExternalId');
        if (externalId !== undefined) context['sts:ExternalId'] = externalId;
        const sourceIdentity = optStr(input, 'SourceIdentity');
        if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
        for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
        if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
        const trust = found ? parsePolicy(found.trustPolicy, 'trust', `${found.arn}#trust`) : null;
        ctx.authorize({ action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trust?.ok ? trust.policy : null, context });
        if (tags.length > 0) {
          ctx.authorize({ action: 'sts:TagSession', resource: roleArn, resourcePolicy: trust?.ok ? trust.policy : null, context });
        }
        if (sourceIdentity !== undefined) {
          ctx.authorize({ action: 'sts:SetSourceIdentity', resource: roleArn, resourcePolicy: trust?.ok ? trust.policy : null, context });
        }
        if (!found) throw new AwsError('AccessDenied', `Role ${roleArn} cannot be assumed.`, 403);
        const durationSeconds = optNum(input, 'DurationSeconds');
        const policy = optStr(input, 'Policy');
        const policyArns = Array.isArray(input['PolicyArns'])
          ? (input['PolicyArns'] as { arn?: string }[]).map((p) => p.arn ?? '').filter(Boolean)
          : [];
        const assumed = assumeRole(id, ctx.caller, found, {
          sessionName,
          ...(durationSeconds !== undefined ? { durationSeconds } : {}),
          ...(policy !== undefined ? { policy } : {}),
          policyArns,
          tags,
          transitiveTagKeys: strList(input, 'TransitiveTagKeys'),
          ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
        });
        return {
          Credentials: credentialsShape(assumed.credentials),
          AssumedRoleUser: { AssumedRoleId: assumed.assumedRoleId, Arn: assumed.arn },
          PackedPolicySize: assumed.packedPolicySize,
          ...(assumed.sourceIdentity !== null ? { SourceIdentity: assumed.sourceIdentity } : {}),
        };
      },
      GetSessionToken: (input, ctx) => ({ Credentials: credentialsShape(getSessionToken(id, ctx.caller, optNum(input, 'DurationSeconds'))) }),
    },
  };
}
