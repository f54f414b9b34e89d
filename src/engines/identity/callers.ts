// Who a credential speaks for: resolves an access key id to the caller's identity (root,
// IAM user, assumed-role session, session-token session), with the ARNs, ids and tags
// that authorization and GetCallerIdentity need. Expired or inactive credentials resolve
// to a reason instead.

import type { IdentityContext } from './identity-context.js';
import { assumedRoleArn, rootArn } from './identity-arns.js';
import type { CredentialRecord, RoleRecord, UserRecord } from './records.js';

export interface Caller {
  readonly account: string;
  /** The ARN AWS names the caller by: user ARN, root ARN or assumed-role session ARN. */
  readonly arn: string;
  /** The IAM identity behind it: user ARN, role ARN (with path) or root ARN. */
  readonly principalArn: string;
  /** GetCallerIdentity's UserId. */
  readonly userId: string;
  readonly type: 'root' | 'user' | 'assumed-role';
  readonly user: UserRecord | null;
  readonly role: RoleRecord | null;
  readonly credential: CredentialRecord;
  /** Principal tags: the user's or role's tags, overridden by session tags. */
  readonly tags: Readonly<Record<string, string>>;
}

export type CallerResolution =
  | { ok: true; caller: Caller; secretAccessKey: string }
  | { ok: false; reason: 'unknown-key' | 'inactive' | 'expired' | 'owner-gone' };

interface Resolved {
  readonly generation: number;
  readonly caller: Caller;
  readonly secretAccessKey: string;
}

const resolvedCallers = new WeakMap<IdentityContext, Map<string, Resolved>>();

/** Resolves an access key to its caller; memoized until the identity store changes. */
export function resolveCaller(ctx: IdentityContext, accessKeyId: string): CallerResolution {
  const generation = ctx.store.generation;
  let memo = resolvedCallers.get(ctx);
  const hit = generation === undefined ? undefined : memo?.get(accessKeyId);
  if (hit && hit.generation === generation) {
    const { expiration } = hit.caller.credential;
    if (expiration === null || Date.parse(expiration) > ctx.clock.now().getTime()) {
      return { ok: true, caller: hit.caller, secretAccessKey: hit.secretAccessKey };
    }
  }
  const resolution = resolveUncached(ctx, accessKeyId);
  if (resolution.ok && generation !== undefined) {
    if (!memo || memo.size >= 10_000) {
      memo = new Map();
      resolvedCallers.set(ctx, memo);
    }
    memo.set(accessKeyId, { generation, caller: resolution.caller, secretAccessKey: resolution.secretAccessKey });
  }
  return resolution;
}

function resolveUncached(ctx: IdentityContext, accessKeyId: string): CallerResolution {
  const credential = ctx.store.getCredential(accessKeyId);
  if (!credential) return { ok: false, reason: 'unknown-key' };
  if (credential.status !== 'Active') return { ok: false, reason: 'inactive' };
  if (credential.expiration !== null && Date.parse(credential.expiration) <= ctx.clock.now().getTime()) {
    return { ok: false, reason: 'expired' };
  }
  const caller = callerOf(ctx, credential);
  if (!caller) return { ok: false, reason: 'owner-gone' };
  return { ok: true, caller, secretAccessKey: ctx.sealer.open(credential.sealedSecret) };
}

function tagsOf(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) out[tag.Key] = tag.Value;
  return out;
}

function callerOf(ctx: IdentityContext, credential: CredentialRecord): Caller | null {
  const { account, owner } = credential;
  const base = { account, credential };
  switch (owner.type) {
    case 'root':
      return { ...base, arn: rootArn(account), principalArn: rootArn(account), userId: account, type: 'root', user: null, role: null, tags: {} };
    case 'user':
    case 'session-token': {
      if (owner.userName === null) {
        return { ...base, arn: rootArn(account), principalArn: rootArn(account), userId: account, type: 'root', user: null, role: null, tags: {} };
      }
      const user = ctx.store.getEntity('user', account, owner.userName);
      if (!user) return null;
      return { ...base, arn: user.arn, principalArn: user.arn, userId: user.id, type: 'user', user, role: null, tags: tagsOf(user.tags) };
    }
    case 'assumed-role': {
      const role = ctx.store.getEntity('role', account, owner.roleName);
      if (!role || role.id !== owner.roleId) return null;
      return {
        ...base,
        arn: assumedRoleArn(account, role.name, owner.sessionName),
        principalArn: role.arn,
        userId: `${role.id}:${owner.sessionName}`,
        type: 'assumed-role',
        user: null,
        role,
        tags: { ...tagsOf(role.tags), ...owner.tags },
      };
    }
  }
}
