// Reading IAM inputs after model validation: required strings, optional strings, lists of
// tags. Validation against the model has already run; these only narrow the types.

import { AwsError } from '../../core/aws-error.js';
import type { Tag } from '../../engines/identity/records.js';
import type { Input } from '../service-types.js';

export function str(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw new AwsError('ValidationError', `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`, 400);
  return value;
}

export function optStr(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

export function optNum(input: Input, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

export function optBool(input: Input, name: string): boolean | undefined {
  const value = input[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function strList(input: Input, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function tagList(input: Input, name = 'Tags'): Tag[] {
  const value = input[name];
  if (!Array.isArray(value)) return [];
  return value.map((t: { Key?: unknown; Value?: unknown }) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
}
