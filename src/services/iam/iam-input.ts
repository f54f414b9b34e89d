// Reading IAM inputs after model validation (see input-fields.ts), and IAM's tag lists.

import { inputFields } from '../input-fields.js';
import type { Tag } from '../../engines/identity/records.js';
import type { Input } from '../service-types.js';

export const { str, optStr, optNum, optBool, strList } = inputFields('ValidationError');

export function tagList(input: Input, name = 'Tags'): Tag[] {
  const value = input[name];
  if (!Array.isArray(value)) return [];
  return value.map((t: { Key?: unknown; Value?: unknown }) => ({ Key: String(t.Key ?? ''), Value: String(t.Value ?? '') }));
}
