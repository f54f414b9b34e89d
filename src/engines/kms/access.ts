// How KMS operations ask for authorization: the action on the key ARN, the key policy (with
// its grants) as the resource policy, and the KMS condition keys of the request. The caller
// of the engine passes `authorize`, which throws the decision point's AccessDeniedError.
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html

import { parsePolicy, type ContextValue, type Decision, type Policy } from '../../iam/index.js';
import type { EncryptionContext } from './ciphertext.js';
import { effectivePolicy } from './key-policies.js';
import type { ResolvedKey } from './key-refs.js';
import type { KmsContext } from './kms-context.js';
import { dryRunOperation } from './kms-errors.js';
import type { KeyRecord } from './kms-records.js';

export interface KeyAccessCheck {
  readonly action: string;
  readonly resource: string;
  readonly resourcePolicy?: Policy | null;
  readonly context?: Record<string, ContextValue>;
}

/** Authorizes one check; throws (the decision point's AccessDeniedError) unless allowed. */
export type Authorize = (check: KeyAccessCheck) => Decision;

/** Who asks, and how: directly (no `via`) or through a service such as S3. */
export interface KmsCall {
  readonly authorize: Authorize;
  readonly callerAccount: string;
  readonly region: string;
  /** kms:ViaService, e.g. `s3.us-east-1.amazonaws.com`. */
  readonly via?: string;
  /** DryRun: stop with DryRunOperationException once every check has passed. */
  readonly dryRun?: boolean;
}

/** Ends a dry run after its checks: "The request would have succeeded". */
export function stopIfDryRun(call: KmsCall): void {
  if (call.dryRun === true) throw dryRunOperation();
}

/** kms:EncryptionContext:<k> for each pair and kms:EncryptionContextKeys (absent when empty). */
export function encryptionContextKeys(context: EncryptionContext, prefix = 'kms:EncryptionContext'): Record<string, ContextValue> {
  const keys = Object.keys(context);
  const out: Record<string, ContextValue> = {};
  for (const k of keys) out[`${prefix}:${k}`] = context[k] as string;
  if (keys.length > 0) out[`${prefix}Keys`] = keys;
  return out;
}

/**
 * kms:BypassPolicyLockoutSafetyCheck (CreateKey, PutKeyPolicy) is present only when the request
 * sends the parameter: AWS's own example allows PutKeyPolicy with `Null: true` on it "only when
 * the request does not include the BypassPolicyLockoutSafetyCheck parameter".
 */
export function bypassContext(bypass: boolean | undefined): Record<string, ContextValue> {
  return bypass === undefined ? {} : { 'kms:BypassPolicyLockoutSafetyCheck': String(bypass) };
}

/**
 * kms:KeySpec and kms:KeyUsage, with their deprecated names kms:CustomerMasterKeySpec and
 * kms:CustomerMasterKeyUsage, which "work the same way ... to avoid breaking changes, AWS KMS
 * supports both condition keys" (conditions-kms.html).
 */
export function keySpecContext(keySpec: string, keyUsage: string): Record<string, ContextValue> {
  return { 'kms:KeySpec': keySpec, 'kms:CustomerMasterKeySpec': keySpec, 'kms:KeyUsage': keyUsage, 'kms:CustomerMasterKeyUsage': keyUsage };
}

/**
 * The keys of a call a service makes on the caller's behalf (a forward access session, as S3
 * makes for SSE-KMS): kms:ViaService, and aws:ViaAWSService "set to true whenever a FAS request
 * is made" (access_forward_access_sessions.html). A direct call keeps the request's own
 * aws:ViaAWSService, false.
 */
function viaContext(context: Record<string, ContextValue>, call: KmsCall): void {
  if (call.via === undefined) return;
  context['kms:ViaService'] = call.via;
  context['aws:ViaAWSService'] = 'true';
}

/** The condition keys every request on a key carries. */
export function keyContext(kms: KmsContext, call: KmsCall, key: KeyRecord, alias: ResolvedKey['alias']): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'kms:CallerAccount': call.callerAccount,
    ...keySpecContext(key.keySpec, key.keyUsage),
    'kms:KeyOrigin': key.origin,
    'kms:MultiRegion': 'false',
  };
  viaContext(context, call);
  if (alias) context['kms:RequestAlias'] = alias.name;
  const aliases = kms.store.listAliases(key.account, key.region, key.keyId).map((a) => a.name);
  if (aliases.length > 0) context['kms:ResourceAliases'] = aliases;
  for (const tag of key.tags) context[`aws:ResourceTag/${tag.TagKey}`] = tag.TagValue;
  return context;
}

/** Authorizes `kms:<op>` on the key; throws when denied. */
export function authorizeKey(kms: KmsContext, call: KmsCall, op: string, resolved: ResolvedKey, extra: Record<string, ContextValue> = {}): void {
  const { key, alias } = resolved;
  call.authorize({
    action: `kms:${op}`,
    resource: key.arn,
    resourcePolicy: effectivePolicy(kms, key),
    context: { ...keyContext(kms, call, key, alias), ...extra },
  });
}

/** Authorizes an action that has no key (CreateKey, ListKeys, ListAliases, GenerateRandom). */
export function authorizeAccount(call: KmsCall, op: string, extra: Record<string, ContextValue> = {}): void {
  const context: Record<string, ContextValue> = { 'kms:CallerAccount': call.callerAccount, ...extra };
  viaContext(context, call);
  call.authorize({ action: `kms:${op}`, resource: '*', context });
}

/**
 * The resource policy of a check that AWS makes of the IAM policy alone ("(IAM policy)" in the API
 * reference) on a key: one statement delegating `action` to the account's IAM policies, so that
 * the caller's identity policy decides and the key policy is not asked.
 */
export function iamPolicyOnly(account: string, action: string): Policy {
  const parsed = parsePolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action, Resource: '*' }],
  }, 'key', `iam-policy-only:${action}`);
  if (!parsed.ok) throw new Error(`iam-policy-only statement for ${action} does not parse`);
  return parsed.policy;
}
