// The policy of a browser POST upload: base64 JSON with an expiration and conditions that the
// form's fields must meet (exact match, "eq", "starts-with", "content-length-range"), and every
// field but a few must be named by one. Field names compare case-insensitively, values exactly.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
// Error texts are those AWS answered (LocalStack's AWS-recorded snapshots of TestS3PresignedPost)
// unless marked [INFER].

import { S3Error } from '../../engines/objects/s3-errors.js';

type Condition =
  | { readonly kind: 'match'; readonly op: 'eq' | 'starts-with'; readonly field: string | null; readonly value: string; readonly text: string }
  | { readonly kind: 'length'; readonly min: number | null; readonly max: number | null; readonly text: string };

export interface PostPolicy {
  readonly expiration: Date;
  readonly conditions: readonly Condition[];
}

/** The file's size bounds from content-length-range (the narrowest, if several); null without one. */
export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

/** Fields no condition needs to name: "x-amz-signature, file, policy, and field names that have an x-ignore- prefix". */
const UNCOVERED = new Set(['x-amz-signature', 'file', 'policy']);

function invalidPolicy(detail: string): S3Error {
  return new S3Error('InvalidPolicyDocument', `Invalid Policy: ${detail}`, 400);
}

function denied(detail: string): S3Error {
  return new S3Error('AccessDenied', `Invalid according to Policy: ${detail}`, 403);
}

/** How AWS quotes a condition in its message: JSON items separated by ", " (as recorded). */
function conditionText(items: readonly unknown[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** A field reference (`$key`) as the lower-case field name; null when it lacks the `$` (such a condition never holds). */
function fieldOf(reference: unknown): string | null {
  return typeof reference === 'string' && reference.startsWith('$') ? reference.slice(1).toLowerCase() : null;
}

/** A whole number as content-length-range takes it (a number, or text of one); null otherwise (the condition then fails). */
function sizeOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function parseCondition(raw: unknown): Condition {
  if (Array.isArray(raw)) {
    const op = typeof raw[0] === 'string' ? raw[0].toLowerCase() : '';
    const text = conditionText(raw);
    if (op === 'content-length-range' && raw.length === 3) return { kind: 'length', min: sizeOf(raw[1]), max: sizeOf(raw[2]), text };
    if ((op === 'eq' || op === 'starts-with') && raw.length === 3) {
      return { kind: 'match', op, field: fieldOf(raw[1]), value: typeof raw[2] === 'string' ? raw[2] : JSON.stringify(raw[2]), text };
    }
    // [INFER] text: AWS's answer for an unknown operator or a wrong arity was not recorded.
    throw invalidPolicy(`Invalid Condition: ${text}`);
  }
  if (typeof raw === 'object' && raw !== null) {
    const entries = Object.entries(raw);
    if (entries.length !== 1) throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    const [name, value] = entries[0] as [string, unknown];
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // [INFER] an exact match is quoted in its "eq" form when it fails.
    return { kind: 'match', op: 'eq', field: name.toLowerCase(), value: text, text: conditionText(['eq', `$${name}`, text]) };
  }
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}`);
}

/** Decodes the policy field; InvalidPolicyDocument when it is no policy. [INFER] texts but the Simple-Condition one. */
export function parsePostPolicy(base64: string): PostPolicy {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = document as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  const expires = typeof expiration === 'string' ? new Date(expiration) : new Date(NaN);
  if (Number.isNaN(expires.getTime())) throw invalidPolicy(`Invalid 'expiration' value: '${String(expiration)}'`);
  if (conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a List.");
  return { expiration: expires, conditions: conditions.map(parseCondition) };
}

/**
 * Checks the form against the policy, in AWS's order: expiry, then each condition (the first
 * that fails is named), then fields that no condition names. `fields` are the form's fields by
 * lower-case name, with `bucket` set to the bucket the form was posted to.
 */
export function checkPostPolicy(policy: PostPolicy, fields: ReadonlyMap<string, string>, now: Date): void {
  if (now.getTime() >= policy.expiration.getTime()) throw denied('Policy expired.');
  const named = new Set<string>();
  for (const condition of policy.conditions) {
    if (condition.kind === 'length') {
      if (condition.min === null || condition.max === null) throw denied(`Policy Condition failed: ${condition.text}`);
      continue;
    }
    if (condition.field !== null) named.add(condition.field);
    const value = condition.field === null ? undefined : fields.get(condition.field);
    const holds = value !== undefined && (condition.op === 'eq' ? value === condition.value : value.startsWith(condition.value));
    // A starts-with "" allows any value, or none ([INFER] for an absent field).
    if (!holds && !(condition.op === 'starts-with' && condition.value === '' && condition.field !== null)) {
      throw denied(`Policy Condition failed: ${condition.text}`);
    }
  }
  const extra = [...fields.keys()].filter((name) => name !== 'bucket' && !UNCOVERED.has(name) && !name.startsWith('x-ignore-') && !named.has(name));
  // [INFER] text and the list's separator: AWS's answer was not recorded.
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`);
}

/** The size bounds the policy sets for the file; null when it sets none. */
export function lengthRange(policy: PostPolicy): LengthRange | null {
  let range: LengthRange | null = null;
  for (const condition of policy.conditions) {
    if (condition.kind !== 'length' || condition.min === null || condition.max === null) continue;
    range = range === null ? { min: condition.min, max: condition.max } : { min: Math.max(range.min, condition.min), max: Math.min(range.max, condition.max) };
  }
  return range;
}

/**
 * The file's bytes, refused as soon as they are more than `range.max` (the rest is never read),
 * and at their end when fewer than `range.min`.
 */
export async function* withinRange(stream: AsyncIterable<Buffer>, range: LengthRange): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > range.max) {
      // AWS names the size proposed; [INFER] the bytes seen so far stand for it: counting the rest
      // would read the whole upload to refuse it, and the request's Content-Length bounds the
      // form, not the file.
      throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
        ProposedSize: String(size), MaxSizeAllowed: String(range.max),
      });
    }
    yield chunk;
  }
  if (size < range.min) {
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
      ProposedSize: String(size), MinSizeAllowed: String(range.min),
    });
  }
}
