// The request format of `gantry iam simulate`: reads one JSON request (policies as objects
// or JSON strings), checks every field with an error that names it, and decides.

import { evaluate, resourcePolicyKind, type EvaluationInput, type PolicyLevel } from './evaluate.js';
import { parsePolicy, type Policy } from './policy.js';
import type { AuthorizationRequest, ContextValue, Decision, PolicyKind } from './types.js';

export type SimulateOutcome =
  | { ok: true; decision: Decision }
  | { ok: false; error: { field: string; message: string } };

export interface SimulateOptions {
  /** Reuse compiled policies across calls, keyed by their JSON text (default true). */
  readonly cache?: boolean;
  /** Add a per-statement trace to the decision. */
  readonly explain?: boolean;
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const TOP_FIELDS = new Set(['request', 'identityPolicies', 'resourcePolicy', 'permissionBoundary', 'sessionPolicy', 'scps', 'rcps']);
const REQUEST_FIELDS = new Set(['principal', 'action', 'resource', 'resourceAccount', 'context', 'canonicalUser']);
const CACHE_LIMIT = 10_000;
const compiled = new Map<string, Policy>();

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function policyFrom(raw: unknown, kind: PolicyKind, field: string, useCache: boolean): Policy {
  if (typeof raw !== 'string' && !isObject(raw)) throw new FieldError(field, 'must be a policy document (an object or a JSON string)');
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const key = `${kind}\u0000${field}\u0000${text}`;
  if (useCache) {
    const hit = compiled.get(key);
    if (hit) return hit;
  }
  const parsed = parsePolicy(typeof raw === 'string' ? raw : raw, kind, field);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new FieldError(`${field}${first?.path ?? ''}`, `MalformedPolicyDocument: ${first?.message ?? 'invalid policy'}`);
  }
  if (useCache) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(key, parsed.policy);
  }
  return parsed.policy;
}

function optionalPolicy(raw: unknown, kind: PolicyKind, field: string, useCache: boolean): Policy | null {
  return raw === undefined || raw === null ? null : policyFrom(raw, kind, field, useCache);
}

function levels(raw: unknown, kind: 'scp' | 'rcp', field: string, useCache: boolean): PolicyLevel[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw new FieldError(field, 'must be an array of { "target", "policies" } or null');
  return raw.map((level, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(level)) throw new FieldError(at, 'must be an object with "target" and "policies"');
    for (const key of Object.keys(level)) if (key !== 'target' && key !== 'policies') throw new FieldError(`${at}.${key}`, 'is not a known field');
    if (typeof level['target'] !== 'string' || level['target'] === '') throw new FieldError(`${at}.target`, 'must be a root, OU or account id');
    const policies = level['policies'];
    if (!Array.isArray(policies)) throw new FieldError(`${at}.policies`, 'must be an array of policies');
    return { target: level['target'], policies: policies.map((p, j) => policyFrom(p, kind, `${at}.policies[${j}]`, useCache)) };
  });
}

function readContext(raw: unknown): Record<string, ContextValue> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw new FieldError('request.context', 'must be an object of condition keys');
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = `request.context.${key}`;
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else if (Array.isArray(value)) {
      out[key] = value.map((v, i) => {
        if (typeof v === 'string') return v;
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        throw new FieldError(`${field}[${i}]`, 'must be a string');
      });
    } else throw new FieldError(field, 'must be a string or an array of strings');
  }
  return out;
}

function readRequest(raw: unknown): AuthorizationRequest {
  if (!isObject(raw)) throw new FieldError('request', 'is required and must be an object');
  for (const key of Object.keys(raw)) if (!REQUEST_FIELDS.has(key)) throw new FieldError(`request.${key}`, 'is not a known field');
  const text = (name: string, required: boolean): string | undefined => {
    const value = raw[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') throw new FieldError(`request.${name}`, 'is required and must be a non-empty string');
    return value;
  };
  const principal = text('principal', true) as string;
  const action = text('action', true) as string;
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/.test(action)) throw new FieldError('request.action', 'must look like service:Action');
  const resource = text('resource', true) as string;
  const resourceAccount = text('resourceAccount', false);
  if (resourceAccount !== undefined && !/^\d{12}$/.test(resourceAccount)) throw new FieldError('request.resourceAccount', 'must be 12 digits');
  const canonicalUser = text('canonicalUser', false);
  const context = readContext(raw['context']);
  return { principal, action, resource, ...(resourceAccount ? { resourceAccount } : {}), ...(context ? { context } : {}), ...(canonicalUser ? { canonicalUser } : {}) };
}

/** Builds the engine input from a simulate request, or throws a FieldError. */
function readInput(raw: unknown, useCache: boolean): EvaluationInput {
  if (!isObject(raw)) throw new FieldError('', 'the request must be a JSON object');
  for (const key of Object.keys(raw)) if (!TOP_FIELDS.has(key)) throw new FieldError(key, 'is not a known field');
  const identity = raw['identityPolicies'];
  if (identity !== undefined && identity !== null && !Array.isArray(identity)) throw new FieldError('identityPolicies', 'must be an array of policies');
  const request = readRequest(raw['request']);
  const resourceKind = resourcePolicyKind(request.action.toLowerCase(), request.resource);
  const resourcePolicyAs: PolicyKind = resourceKind === 'optional' ? 'resource' : resourceKind;
  return {
    request,
    identityPolicies: (identity ?? []).map((p: unknown, i: number) => policyFrom(p, 'identity', `identityPolicies[${i}]`, useCache)),
    resourcePolicy: optionalPolicy(raw['resourcePolicy'], resourcePolicyAs, 'resourcePolicy', useCache),
    permissionBoundary: optionalPolicy(raw['permissionBoundary'], 'boundary', 'permissionBoundary', useCache),
    sessionPolicy: optionalPolicy(raw['sessionPolicy'], 'session', 'sessionPolicy', useCache),
    scps: levels(raw['scps'], 'scp', 'scps', useCache),
    rcps: levels(raw['rcps'], 'rcp', 'rcps', useCache),
  };
}

/** Decides one simulate request; malformed input yields an error naming the field. */
export function simulate(raw: unknown, options: SimulateOptions = {}): SimulateOutcome {
  try {
    return { ok: true, decision: evaluate(readInput(raw, options.cache ?? true), { explain: options.explain ?? false }) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: { field: error.field, message: error.message } };
    throw error;
  }
}
