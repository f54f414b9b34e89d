// Checks of the Action / NotAction element against the action catalog: unknown services and
// actions, wildcards that match nothing, wildcards in service names, redundant actions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
import type { CheckContext, StatementView } from './context.js';
import type { LocatedString } from './json-document.js';
import type { CatalogAction } from './types.js';
import { closest } from './suggest.js';
import { covers, hasWildcard, wildcardMatch } from './wildcard.js';

export interface ResolvedAction {
  readonly at: LocatedString;
  /** Lowercase service prefix. */
  readonly service: string;
  readonly matched: readonly CatalogAction[];
  readonly wildcard: boolean;
}

/** What a statement's actions resolve to, for the resource and condition checks. */
export interface ActionResolution {
  readonly resolved: readonly ResolvedAction[];
  /** True when some action could not be pinned down (`*`, a wildcard service, NotAction, ...). */
  readonly open: boolean;
}

export function checkActions(s: StatementView, ctx: CheckContext): ActionResolution {
  const resolved: ResolvedAction[] = [];
  const valid: LocatedString[] = [];
  let open = s.actionKey !== 'Action';
  for (const a of s.actions) {
    const before = ctx.reporter.findings.length;
    const one = checkAction(a, ctx);
    if (one === undefined) open = true;
    else resolved.push(one);
    if (ctx.reporter.findings.length === before) valid.push(a);
  }
  if (s.actionKey === 'Action') checkRedundantActions(valid, ctx);
  return { resolved, open };
}

function checkAction(a: LocatedString, ctx: CheckContext): ResolvedAction | undefined {
  const r = ctx.reporter;
  const value = a.value;
  if (value === '*') return undefined;
  const variable = /\$\{[^}]*\}?/.exec(value);
  if (variable !== null) {
    r.report('VARIABLE_UNSUPPORTED_IN_ELEMENT', { variable: variable[0] }, [a]);
    return undefined;
  }
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    r.report('INVALID_ACTION', { action: value, didYouMean: '' }, [a]);
    return undefined;
  }
  const service = value.slice(0, colon).toLowerCase();
  const name = value.slice(colon + 1);
  if (hasWildcard(service)) {
    r.report('WILDCARD_IN_SERVICE_NAME', {}, [a]);
    return undefined;
  }
  const services = ctx.catalog.serviceNames();
  if (!services.includes(service)) {
    const guess = closest(service, services, 2);
    r.report('INVALID_SERVICE_IN_ACTION', { service: value.slice(0, colon), didYouMean: didYouMean(guess) }, [a]);
    return undefined;
  }
  const actions = ctx.catalog.actions(service);
  if (actions === undefined) return undefined;
  const wildcard = hasWildcard(name);
  const matched = wildcard
    ? actions.filter((x) => wildcardMatch(name, x.name))
    : actions.filter((x) => x.name.toLowerCase() === name.toLowerCase());
  if (matched.length === 0) {
    const guess = wildcard ? undefined : closest(name, actions.map((x) => x.name), 3);
    const suggestion = guess === undefined ? undefined : `${value.slice(0, colon)}:${guess}`;
    r.report('INVALID_ACTION', { action: value, didYouMean: didYouMean(suggestion) }, [a]);
    return undefined;
  }
  return { at: a, service, matched, wildcard };
}

function didYouMean(guess: string | undefined): string {
  return guess === undefined ? '' : ` Did you mean ${guess}?`;
}

/**
 * An action is redundant when another entry of the same statement already grants it
 * (`s3:GetObject` beside `s3:Get*`, or the same action twice).
 */
function checkRedundantActions(actions: readonly LocatedString[], ctx: CheckContext): void {
  const redundant = redundantEntries(actions, true);
  const first = redundant[0];
  if (first === undefined) return;
  ctx.reporter.report('REDUNDANT_ACTION', { count: redundant.length, action: first.value }, redundant);
}

/** Entries covered by another entry; of two equal entries the later one is the redundant one. */
export function redundantEntries(list: readonly LocatedString[], ignoreCase: boolean): LocatedString[] {
  const out: LocatedString[] = [];
  list.forEach((b, j) => {
    const coveredBy = (a: LocatedString, i: number): boolean => {
      if (i === j || !covers(a.value, b.value, ignoreCase)) return false;
      const mutual = covers(b.value, a.value, ignoreCase);
      return !mutual || i < j;
    };
    if (list.some(coveredBy)) out.push(b);
  });
  return out;
}
