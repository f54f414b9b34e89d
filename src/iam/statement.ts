// A compiled policy statement: matchers for its action, resource and principal elements
// and its compiled conditions, built once and evaluated many times.

import { compileArnPattern } from './arn.js';
import type { CompiledCondition } from './conditions.js';
import { parseTemplate, resolveToGlobSource, variableKey, type ContextLookup } from './policy-variables.js';
import type { PrincipalSpec } from './principal-match.js';
import type { Effect } from './types.js';
import { compileGlob, type Matcher } from './wildcard.js';

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | null;
  readonly effect: Effect;
  /** Matches a lower-case `service:action`. */
  readonly actionMatches: Matcher;
  readonly notAction: boolean;
  /** Null when the statement has no Resource element (trust policies). */
  readonly resourceMatches: ((resource: string, lookup: ContextLookup) => boolean) | null;
  readonly notResource: boolean;
  /** Null when the statement has no Principal element (identity-side policies). */
  readonly principal: PrincipalSpec | null;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
}

/** One matcher for a list of action patterns; exact names go through a set look-up. */
export function compileActions(patterns: readonly string[]): Matcher {
  const exact = new Set<string>();
  const globs: Matcher[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower === '*') return () => true;
    if (lower.includes('*') || lower.includes('?')) globs.push(compileGlob(lower));
    else exact.add(lower);
  }
  if (globs.length === 0) return (action) => exact.has(action);
  return (action) => {
    if (exact.has(action)) return true;
    for (const glob of globs) if (glob(action)) return true;
    return false;
  };
}

/** One matcher for a list of resource patterns; `variables` enables `${...}` substitution. */
export function compileResources(
  patterns: readonly string[],
  variables: boolean,
): (resource: string, lookup: ContextLookup) => boolean {
  const staticMatchers: Matcher[] = [];
  const templated: { template: NonNullable<ReturnType<typeof parseTemplate>>; cache: Map<string, RegExp> }[] = [];
  for (const pattern of patterns) {
    if (pattern === '*') return () => true;
    const template = variables ? parseTemplate(pattern) : null;
    if (template) templated.push({ template, cache: new Map() });
    else staticMatchers.push(compileArnPattern(pattern));
  }
  if (templated.length === 0) {
    if (staticMatchers.length === 1) {
      const only = staticMatchers[0] as Matcher;
      return (resource) => only(resource);
    }
    return (resource) => {
      for (const m of staticMatchers) if (m(resource)) return true;
      return false;
    };
  }
  return (resource, lookup) => {
    for (const m of staticMatchers) if (m(resource)) return true;
    for (const { template, cache } of templated) {
      const key = variableKey(template, lookup);
      if (key === null) continue;
      let re = cache.get(key);
      if (!re) {
        const source = resolveToGlobSource(template, lookup) as string;
        if (cache.size >= 256) cache.clear();
        re = new RegExp(source, 'u');
        cache.set(key, re);
      }
      if (re.test(resource)) return true;
    }
    return false;
  };
}
