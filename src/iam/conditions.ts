// Compiles a statement's Condition block and evaluates it against a request context:
// operators AND together, keys within an operator AND together, values of a key OR together;
// `...IfExists`, `ForAnyValue:` / `ForAllValues:` and negated operators as AWS defines them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import { OPERATORS, type ValueTest } from './condition-operators.js';
import { parseTemplate, resolveToGlobSource, resolveToText, variableKey, type ContextLookup, type Template } from './policy-variables.js';

export type SetOperator = 'none' | 'any' | 'all';

export interface CompiledCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The key as written, and lower-cased for look-ups. */
  readonly key: string;
  readonly lowerKey: string;
  readonly values: readonly string[];
  /** True when the condition holds for this context. */
  readonly test: (lookup: ContextLookup) => boolean;
}

export type ConditionParse =
  | { ok: true; conditions: CompiledCondition[] }
  | { ok: false; message: string; path: string };

const SYNTAX = 'Syntax errors in policy.';

/** Splits `ForAnyValue:StringEqualsIfExists` into its parts; null when unknown. */
export function parseOperatorName(name: string): { set: SetOperator; base: string; ifExists: boolean } | null {
  let rest = name;
  let set: SetOperator = 'none';
  const lower = name.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    rest = name.slice('ForAnyValue:'.length);
  } else if (lower.startsWith('forallvalues:')) {
    set = 'all';
    rest = name.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = rest.toLowerCase();
  if (base === 'null') return ifExists ? null : { set, base, ifExists };
  return OPERATORS.has(base) ? { set, base, ifExists } : null;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Compiles a Condition element; `variables` says whether the policy Version allows them. */
export function compileConditions(block: unknown, variables: boolean, basePath: string): ConditionParse {
  if (block === undefined) return { ok: true, conditions: [] };
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    return { ok: false, message: SYNTAX, path: basePath };
  }
  const conditions: CompiledCondition[] = [];
  for (const [operator, entries] of Object.entries(block as Record<string, unknown>)) {
    const path = `${basePath}/${operator}`;
    const parsed = parseOperatorName(operator);
    if (!parsed) return { ok: false, message: `Invalid Condition type : ${operator}.`, path };
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      return { ok: false, message: SYNTAX, path };
    }
    for (const [key, raw] of Object.entries(entries as Record<string, unknown>)) {
      const list = Array.isArray(raw) ? raw : [raw];
      const values: string[] = [];
      for (const item of list) {
        const text = scalarText(item);
        if (text === null) return { ok: false, message: SYNTAX, path: `${path}/${key}` };
        values.push(text);
      }
      if (values.length === 0) return { ok: false, message: SYNTAX, path: `${path}/${key}` };
      conditions.push(compileOne(operator, parsed, key, values, variables));
    }
  }
  return { ok: true, conditions };
}

function compileOne(
  operator: string,
  parsed: { set: SetOperator; base: string; ifExists: boolean },
  key: string,
  values: string[],
  variables: boolean,
): CompiledCondition {
  const lowerKey = key.toLowerCase();
  if (parsed.base === 'null') {
    const wantAbsent = values.map((v) => v.toLowerCase() === 'true');
    const test = (lookup: ContextLookup) => {
      const present = lookup(lowerKey) !== undefined;
      return wantAbsent.some((absent) => absent !== present);
    };
    return { operator, key, lowerKey, values, test };
  }
  const spec = OPERATORS.get(parsed.base);
  if (!spec) throw new Error(`unreachable: operator ${parsed.base}`);
  const staticTests: ValueTest[] = [];
  const templates: Template[] = [];
  for (const value of values) {
    const template = variables && spec.allowsVariables ? parseTemplate(value) : null;
    if (template) templates.push(template);
    else {
      const prepared = spec.prepare(value);
      if (prepared) staticTests.push(prepared);
    }
  }
  const regexCache = new Map<string, RegExp>();
  const matchesAny = (requestValue: string, lookup: ContextLookup): boolean => {
    for (const t of staticTests) if (t(requestValue)) return true;
    for (const template of templates) {
      if (resolvedMatch(template, requestValue, lookup, spec, regexCache)) return true;
    }
    return false;
  };
  const { set, ifExists } = parsed;
  const negated = spec.negated;
  const test = (lookup: ContextLookup): boolean => {
    const requestValues = lookup(lowerKey);
    if (requestValues === undefined) {
      if (set === 'all') return true;
      if (set === 'any') return ifExists;
      return ifExists || negated;
    }
    if (set === 'none') {
      let positive = false;
      for (const v of requestValues) {
        if (matchesAny(v, lookup)) {
          positive = true;
          break;
        }
      }
      return negated ? !positive : positive;
    }
    if (set === 'any') {
      for (const v of requestValues) if (matchesAny(v, lookup) !== negated) return true;
      return false;
    }
    for (const v of requestValues) if (matchesAny(v, lookup) === negated) return false;
    return true;
  };
  return { operator, key, lowerKey, values, test };
}

function resolvedMatch(
  template: Template,
  requestValue: string,
  lookup: ContextLookup,
  spec: { wildcards: boolean; prepare(v: string): ValueTest | null },
  cache: Map<string, RegExp>,
): boolean {
  if (!spec.wildcards) {
    const text = resolveToText(template, lookup);
    if (text === null) return false;
    const t = spec.prepare(text);
    return t !== null && t(requestValue);
  }
  // Request-supplied text is matched literally; the policy's own wildcards still apply.
  const key = variableKey(template, lookup);
  if (key === null) return false;
  let re = cache.get(key);
  if (!re) {
    const source = resolveToGlobSource(template, lookup) as string;
    if (cache.size >= 256) cache.clear();
    re = new RegExp(source, 'u');
    cache.set(key, re);
  }
  return re.test(requestValue);
}
