// Checks of the Condition block: operators, keys (existence, operator type, qualifiers, the
// statement's actions supporting them) and values (empty, malformed, wildcards, variables).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
import type { ActionResolution } from './action-checks.js';
import { EXACT_STRING_OPERATORS, familiesForKeyType, isMultivaluedType, parseOperator, valueFits } from './condition-operators.js';
import type { ParsedOperator } from './condition-operators.js';
import type { CheckContext, StatementView } from './context.js';
import { child, propertiesOf, type Located, type Property } from './json-document.js';
import { actionSupportsKey } from './condition-support.js';

export function checkCondition(s: StatementView, actions: ActionResolution, ctx: CheckContext): void {
  const at = s.condition;
  if (at === undefined) return;
  const r = ctx.reporter;
  if (at.node.type !== 'object') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'Object' }, [at]);
    return;
  }
  const operators = propertiesOf(at.node);
  if (operators.length === 0) r.report('EMPTY_OBJECT_CONDITION', {}, [at]);
  for (const op of operators) {
    const opAt = child(at, op.key, op.value);
    const parsed = parseOperator(op.key);
    if (parsed === undefined) {
      r.report('INVALID_CONDITION_OPERATOR', { operator: op.key }, [opAt]);
      continue;
    }
    if (parsed.family === 'Null' && parsed.ifExists) r.report('NULL_WITH_IF_EXISTS', {}, [opAt]);
    if (parsed.family === 'Null' && parsed.qualifier !== undefined) r.report('NULL_WITH_QUALIFIER', {}, [opAt]);
    if (op.value.type !== 'object') {
      r.report('DATA_TYPE_MISMATCH', { dataType: 'Object' }, [opAt]);
      continue;
    }
    const keys = propertiesOf(op.value);
    if (keys.length === 0) r.report('EMPTY_OBJECT_CONDITION', {}, [opAt]);
    const seen = new Map<string, string>();
    for (const k of keys) {
      const earlier = seen.get(k.key.toLowerCase());
      if (earlier !== undefined && earlier !== k.key) {
        r.report('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', { key: k.key }, [child(opAt, k.key, k.value)]);
      }
      seen.set(k.key.toLowerCase(), k.key);
      checkKey(k, opAt, op.key, parsed, s, actions, ctx);
    }
  }
}

function checkKey(
  k: Property,
  opAt: Located,
  operator: string,
  op: ParsedOperator,
  s: StatementView,
  actions: ActionResolution,
  ctx: CheckContext,
): void {
  const r = ctx.reporter;
  const at = child(opAt, k.key, k.value);
  const values = checkValues(at, k.key, operator, op, ctx);

  const colon = k.key.indexOf(':');
  if (colon <= 0 || colon === k.key.length - 1) {
    r.report('INVALID_CONDITION_KEY_FORMAT', {}, [at]);
    return;
  }
  const prefix = k.key.slice(0, colon);
  const known = ctx.catalog.conditionKey(k.key);
  if (known === undefined) {
    // Keys of custom identity providers (`oidc.example.com/id/X:sub`) are not in any catalog.
    if (prefix.toLowerCase() === 'aws') r.report('INVALID_GLOBAL_CONDITION_KEY', { key: k.key }, [at]);
    else if (!/[./]/.test(prefix)) r.report('INVALID_SERVICE_CONDITION_KEY', { key: k.key, service: prefix }, [at]);
    return;
  }
  const fit = familiesForKeyType(known.type);
  if (fit !== undefined && op.family !== 'Null' && !fit.allowed.includes(op.family)) {
    r.report('TYPE_MISMATCH', { allowed: fit.name, operator, key: k.key }, [at]);
  }
  const multivalued = isMultivaluedType(known.type);
  if (op.qualifier === 'ForAllValues' && !multivalued && s.effect === 'Allow') {
    r.report('FORALLVALUES_WITH_SINGLE_VALUED_KEY', { key: k.key }, [at]);
  }
  if (op.qualifier === undefined && multivalued && op.family !== 'Null' && values > 0) {
    r.report('MISSING_QUALIFIER', { key: k.key }, [at]);
  }
  if (prefix.toLowerCase() !== 'aws') checkKeySupported(k.key, known.key, at, s, actions, ctx);
}

/** Reports malformed values; returns how many values the key has. */
function checkValues(at: Located, key: string, operator: string, op: ParsedOperator, ctx: CheckContext): number {
  const r = ctx.reporter;
  const items: Located[] = at.node.type === 'array' ? (at.node.children ?? []).map((n, i) => child(at, i, n)) : [at];
  if (at.node.type === 'array' && items.length === 0) {
    const code =
      op.qualifier === 'ForAllValues'
        ? 'EMPTY_ARRAY_CONDITION_FORALLVALUES'
        : op.qualifier === 'ForAnyValue'
          ? 'EMPTY_ARRAY_CONDITION_FORANYVALUE'
          : op.ifExists
            ? 'EMPTY_ARRAY_CONDITION_IFEXISTS'
            : 'EMPTY_ARRAY_CONDITION';
    r.report(code, { key }, [at]);
    return 0;
  }
  for (const item of items) {
    const v: unknown = item.node.value;
    if (!['string', 'number', 'boolean'].includes(item.node.type)) {
      r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [item]);
      continue;
    }
    const value = v as string | number | boolean;
    if (typeof value === 'string' && value.includes('${')) {
      if (op.family !== 'String' && op.family !== 'Arn') r.report('INVALID_VARIABLE_FOR_OPERATOR', {}, [item]);
      else if (ctx.version !== '2012-10-17') r.report('VARIABLE_UNSUPPORTED_IN_VERSION', {}, [item]);
      continue;
    }
    if (!valueFits(op.family, value)) {
      const code = {
        Numeric: 'TYPE_MISMATCH_NUMBER',
        Date: 'TYPE_MISMATCH_DATE',
        Bool: 'TYPE_MISMATCH_BOOLEAN',
        Null: 'TYPE_MISMATCH_BOOLEAN',
        IpAddress: 'TYPE_MISMATCH_IP_RANGE',
        Binary: 'TYPE_MISMATCH_STRING',
      } as const;
      if (op.family in code) r.report(code[op.family as keyof typeof code], { operator }, [item]);
    } else if (EXACT_STRING_OPERATORS.has(op.base) && typeof value === 'string' && /[*?]/.test(value)) {
      r.report('WILDCARD_WITHOUT_LIKE_OPERATOR', {}, [item]);
    }
  }
  return items.length;
}

/**
 * A service condition key only takes effect for actions that support it; list the statement's
 * actions that do not (a wildcard entry counts only when none of its actions supports the key).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
function checkKeySupported(
  key: string,
  canonical: string,
  at: Located,
  s: StatementView,
  actions: ActionResolution,
  ctx: CheckContext,
): void {
  if (s.actionKey !== 'Action') return;
  const unsupported = actions.resolved.filter(
    (a) => !a.matched.some((action) => actionSupportsKey(action, a.service, key, canonical, ctx.catalog)),
  );
  if (unsupported.length === 0) return;
  const names = unsupported.map((a) => a.at.value).join(', ');
  ctx.reporter.report('UNSUPPORTED_ACTION_FOR_CONDITION_KEY', { actions: names, key }, [...unsupported.map((a) => a.at), at]);
}
