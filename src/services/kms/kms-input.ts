// Reading KMS inputs after model validation (which already checked types, lengths and
// enums): required and optional members, encryption contexts, tags, grant tokens, and
// KMS's Limit/Marker paging. Also the engine call of a request: the caller's account, the
// region and the request's authorization.

import { AwsError } from '../../core/aws-error.js';
import { checkGrantTokens } from '../../engines/kms/grants.js';
import type { KmsCall, KmsTag } from '../../engines/kms/index.js';
import type { Input, RequestContext } from '../service-types.js';
import { inputFields } from '../input-fields.js';

export const { str, optStr, optNum, optBool, strList, blob } = inputFields('ValidationException');


export function contextMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

export function tags(input: Input, name = 'Tags'): KmsTag[] {
  const value = input[name];
  if (!Array.isArray(value)) return [];
  return value.map((t: { TagKey?: unknown; TagValue?: unknown }) => ({ TagKey: String(t.TagKey ?? ''), TagValue: String(t.TagValue ?? '') }));
}

/** The engine call for this request; checks GrantTokens and reads DryRun when given the input. */
export function callOf(ctx: RequestContext, input?: Input): KmsCall {
  if (input) checkGrantTokens(strList(input, 'GrantTokens'));
  const call: KmsCall = { authorize: (check) => ctx.authorize(check), callerAccount: ctx.caller.account, region: ctx.region };
  return input?.['DryRun'] === true ? { ...call, dryRun: true } : call;
}

/**
 * KMS paging: Limit, an opaque Marker, NextMarker and Truncated. Without a Limit, a page holds
 * `defaultLimit` items: 100 for ListKeys, ListKeyPolicies and ListKeyRotations, 50 for ListAliases,
 * ListGrants, ListRetirableGrants and ListResourceTags ("If you do not include a value, it
 * defaults to 50", each operation's API reference).
 */
export function page<T>(items: readonly T[], input: Input, defaultLimit: 50 | 100 = 100): { items: T[]; more: { NextMarker?: string; Truncated: boolean } } {
  const limit = optNum(input, 'Limit') ?? defaultLimit;
  const marker = optStr(input, 'Marker');
  let start = 0;
  if (marker !== undefined) {
    start = Number(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidMarkerException', 'The marker that specifies where to start is not valid.');
  }
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  if (next < items.length) return { items: slice, more: { NextMarker: Buffer.from(String(next)).toString('base64url'), Truncated: true } };
  return { items: slice, more: { Truncated: false } };
}
