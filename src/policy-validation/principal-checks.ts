// Checks of the Principal / NotPrincipal element: its shape, its keys, wildcards, and service
// principals granted access without a source condition.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
import type { CheckContext, StatementView } from './context.js';
import { child, propertiesOf, stringList, type Located } from './json-document.js';
import { hasWildcard } from './wildcard.js';

const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;
const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths']);

export function checkPrincipal(s: StatementView, ctx: CheckContext): void {
  const at = s.principal;
  if (at === undefined) return;
  const r = ctx.reporter;
  if (at.node.type === 'string') {
    if (at.node.value !== '*') r.report('INVALID_PRINCIPAL_FORMAT', {}, [at]);
    else if (ctx.type === 'trust' && s.principalKey === 'Principal') {
      r.report('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', {}, [at]);
    }
    return;
  }
  if (at.node.type !== 'object') {
    r.report('INVALID_PRINCIPAL_FORMAT', {}, [at]);
    return;
  }
  const props = propertiesOf(at.node);
  if (props.length === 0) {
    r.report('EMPTY_OBJECT_PRINCIPAL', {}, [at]);
    return;
  }
  const services: Located[] = [];
  for (const p of props) {
    const valueAt = child(at, p.key, p.value);
    if (!PRINCIPAL_KEYS.has(p.key)) {
      r.report('INVALID_PRINCIPAL_KEY', { key: p.key }, [valueAt]);
      continue;
    }
    const list = stringList(valueAt);
    for (const other of list.others) r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [other]);
    if (list.isArray && list.strings.length === 0 && list.others.length === 0) {
      r.report('EMPTY_ARRAY_PRINCIPAL', {}, [valueAt]);
    }
    for (const v of list.strings) {
      if (p.key === 'AWS' && v.value === '*') continue;
      if (hasWildcard(v.value)) {
        r.report('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', { key: p.key }, [v]);
        continue;
      }
      if (p.key === 'AWS') {
        if (/^AROA[A-Z0-9]{12,}$/.test(v.value)) r.report('INVALID_ROLE_REFERENCE', { id: v.value }, [v]);
        else if (/^AIDA[A-Z0-9]{12,}$/.test(v.value)) r.report('INVALID_USER_REFERENCE', { id: v.value }, [v]);
      } else if (p.key === 'Service') {
        if (!SERVICE_PRINCIPAL.test(v.value)) {
          r.report('INVALID_SERVICE_PRINCIPAL_FORMAT', { expectedFormat: 'service-name.amazonaws.com' }, [v]);
        } else {
          services.push(v);
        }
      }
    }
  }
  checkServicePrincipalSource(s, services, ctx);
}

/**
 * Resource-based policies that allow a service principal should say on whose behalf it acts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
function checkServicePrincipalSource(s: StatementView, services: readonly Located[], ctx: CheckContext): void {
  if (ctx.type !== 'resource' || s.effect !== 'Allow' || s.principalKey !== 'Principal' || services.length === 0) return;
  if (conditionKeysOf(s).some((k) => SOURCE_KEYS.has(k.toLowerCase()))) return;
  for (const svc of services) ctx.reporter.report('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', {}, [svc]);
}

/** Every condition key named in a statement's Condition block, as written. */
export function conditionKeysOf(s: StatementView): string[] {
  if (s.condition === undefined) return [];
  const keys: string[] = [];
  for (const op of propertiesOf(s.condition.node)) {
    for (const k of propertiesOf(op.value)) keys.push(k.key);
  }
  return keys;
}
