// How AWS (Coral) writes input-validation messages: member paths, rendered values, constraint texts.
// Format observed on AWS (shared/spec/behavior-spec.md §0.4): `Value '<v>' at '<path>' failed to
// satisfy constraint: <constraint>`, joined as `N validation error(s) detected: a; b`.
import type { Shape } from './model-types.js';

export interface Violation {
  readonly path: string;
  /** Already rendered: `'x'`, `null`, or '' for sensitive members (then the text reads `Value at`). */
  readonly rendered: string;
  readonly constraint: string;
}

/** Member names appear lowerCamelCase in paths: only the first character is lowered (`SSEKMSKeyId` → `sSEKMSKeyId`). */
export function pathSegment(memberName: string): string {
  return memberName.charAt(0).toLowerCase() + memberName.slice(1);
}

/** Java-style rendering of a value, as Coral's messages show it. */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.byteLength} cap=${value.byteLength}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as object).map(([k, v]) => `${k}=${renderValue(v)}`).join(', ')}}`;
  }
  return String(value);
}

export function quoted(shape: Shape, value: unknown): string {
  if (shape.sensitive) return '';
  return `'${renderValue(value)}'`;
}

export function violationText(v: Violation): string {
  const value = v.rendered === '' ? 'Value' : `Value ${v.rendered}`;
  return `${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
}

export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map(violationText).join('; ')}`;
}

export const constraintText = {
  notNull: 'Member must not be null',
  maxLength: (n: number) => `Member must have length less than or equal to ${n}`,
  minLength: (n: number) => `Member must have length greater than or equal to ${n}`,
  maxValue: (n: number) => `Member must have value less than or equal to ${n}`,
  minValue: (n: number) => `Member must have value greater than or equal to ${n}`,
  pattern: (p: string) => `Member must satisfy regular expression pattern: ${p}`,
  enumSet: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`,
  /** A scalar list item failed: reported at the list, e.g. `Member must satisfy constraint: [Member must …]`. */
  listMember: (inner: readonly string[]) => `Member must satisfy constraint: [${inner.join(', ')}]`,
  mapKeys: (inner: readonly string[]) => `Map keys must satisfy constraint: [${inner.join(', ')}]`,
  mapValues: (inner: readonly string[]) => `Map value must satisfy constraint: [${inner.join(', ')}]`,
};
