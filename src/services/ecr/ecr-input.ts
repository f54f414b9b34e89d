// Reading ECR inputs after model validation (types, lengths and enums are already checked):
// members, tags, image ids, nextToken/maxResults paging, and the engine call of a request
// (the caller's account, the region and the request's authorization).

import { AwsError } from '../../core/aws-error.js';
import type { EcrCall, EcrTag } from '../../engines/registry/index.js';
import type { Input, RequestContext } from '../service-types.js';

export function str(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') {
    throw new AwsError('ValidationException', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optStr(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

export function optBool(input: Input, name: string): boolean | undefined {
  const value = input[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function optNum(input: Input, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

export function strList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

export function obj(input: Input, name: string): Input | undefined {
  const value = input[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Input) : undefined;
}

export function tags(input: Input, name = 'tags'): EcrTag[] {
  const value = input[name];
  if (!Array.isArray(value)) return [];
  return value.map((t: { Key?: unknown; Value?: unknown }) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
}

export function imageIds(input: Input, name = 'imageIds'): { imageDigest?: string; imageTag?: string }[] | undefined {
  const value = input[name];
  if (!Array.isArray(value)) return undefined;
  return value.map((id: { imageDigest?: unknown; imageTag?: unknown }) => ({
    ...(typeof id.imageDigest === 'string' ? { imageDigest: id.imageDigest } : {}),
    ...(typeof id.imageTag === 'string' ? { imageTag: id.imageTag } : {}),
  }));
}

/** The engine call for this request. */
export function callOf(ctx: RequestContext): EcrCall {
  return { authorize: (check) => ctx.authorize(check), callerAccount: ctx.caller.account, region: ctx.region };
}

/** ECR paging: maxResults (default 100) and an opaque nextToken. */
export function page<T>(items: readonly T[], input: Input): { items: T[]; nextToken?: string } {
  const limit = optNum(input, 'maxResults') ?? 100;
  const token = optStr(input, 'nextToken');
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidParameterException', "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid pagination token'");
  }
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return next < items.length ? { items: slice, nextToken: Buffer.from(String(next)).toString('base64url') } : { items: slice };
}

/** The registry id of a request: its `registryId`, when given. */
export function registryId(input: Input): string | undefined {
  return optStr(input, 'registryId');
}
