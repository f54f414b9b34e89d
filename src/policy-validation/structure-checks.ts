// Grammar checks IAM applies before anything else: top-level and statement elements, Version,
// Effect, Sid, element pairs and which policy kinds take a Principal.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
import type { CheckContext, StatementView } from './context.js';
import { analyzerPolicyType, isIdentityLike } from './context.js';
import {
  child,
  propertiesOf,
  stringList,
  type Located,
  type LocatedString,
  type Property,
} from './json-document.js';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

export interface DocumentView {
  readonly version: '2012-10-17' | '2008-10-17' | undefined;
  readonly statements: readonly Located[];
}

/** Version, Id and Statement; reports what is wrong with them and returns the statements. */
export function checkDocument(root: Located, ctx: Omit<CheckContext, 'version'>): DocumentView {
  const r = ctx.reporter;
  if (root.node.type !== 'object') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'Object' }, [root]);
    return { version: undefined, statements: [] };
  }
  const props = new Map<string, Property>();
  for (const p of propertiesOf(root.node)) {
    if (!TOP_LEVEL.has(p.key)) r.report('INVALID_POLICY_ELEMENT', { element: p.key }, [child(root, p.key, p.value)]);
    else props.set(p.key, p);
  }
  let version: DocumentView['version'];
  const v = props.get('Version');
  if (v === undefined) {
    r.report('MISSING_VERSION', {}, [root]);
  } else if (v.value.type !== 'string') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [child(root, 'Version', v.value)]);
  } else if (!VERSIONS.has(String(v.value.value))) {
    r.report('INVALID_VERSION', { version: String(v.value.value) }, [child(root, 'Version', v.value)]);
  } else {
    version = v.value.value as DocumentView['version'];
    if (version === '2008-10-17') r.report('OUTDATED_VERSION', {}, [child(root, 'Version', v.value)]);
  }
  const id = props.get('Id');
  if (id !== undefined && id.value.type !== 'string') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [child(root, 'Id', id.value)]);
  }
  const st = props.get('Statement');
  if (st === undefined) {
    r.report('MISSING_STATEMENT', {}, [root]);
    return { version, statements: [] };
  }
  const at = child(root, 'Statement', st.value);
  if (st.value.type === 'object') return { version, statements: [at] };
  if (st.value.type !== 'array') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'Array' }, [at]);
    return { version, statements: [] };
  }
  if ((st.value.children ?? []).length === 0) r.report('MISSING_STATEMENT', {}, [at]);
  return { version, statements: (st.value.children ?? []).map((n, i) => child(at, i, n)) };
}

/** Reads one statement, reporting grammar errors; undefined when it is not an object. */
export function readStatement(at: Located, index: number, ctx: CheckContext): StatementView | undefined {
  const r = ctx.reporter;
  if (at.node.type !== 'object') {
    r.report('DATA_TYPE_MISMATCH', { dataType: 'Object' }, [at]);
    return undefined;
  }
  const props = new Map<string, Property>();
  for (const p of propertiesOf(at.node)) {
    if (!STATEMENT_ELEMENTS.has(p.key)) r.report('INVALID_POLICY_ELEMENT', { element: p.key }, [child(at, p.key, p.value)]);
    else props.set(p.key, p);
  }
  const loc = (key: string): Located | undefined => {
    const p = props.get(key);
    return p === undefined ? undefined : child(at, key, p.value);
  };

  let effect: StatementView['effect'];
  const eff = loc('Effect');
  if (eff === undefined) r.report('MISSING_EFFECT', {}, [at]);
  else if (eff.node.type !== 'string') r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [eff]);
  else if (eff.node.value === 'Allow' || eff.node.value === 'Deny') effect = eff.node.value;
  else r.report('INVALID_EFFECT', { effect: String(eff.node.value) }, [eff]);

  const sid = loc('Sid');
  if (sid !== undefined) {
    if (sid.node.type !== 'string') r.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [sid]);
    else if (sid.node.value === '') r.report('EMPTY_SID_VALUE', {}, [sid]);
    else if (sidMustBeAlphanumeric(ctx) && !/^[A-Za-z0-9]+$/.test(String(sid.node.value))) {
      r.report('UNSUPPORTED_SID', {}, [sid]);
    }
  }

  const actionKey = pickPair(at, props, 'Action', 'NotAction', ctx);
  if (actionKey === undefined) r.report('MISSING_ACTION', {}, [at]);
  const actions = actionKey === undefined ? [] : readStrings(loc(actionKey), 'EMPTY_ARRAY_ACTION', ctx);

  const resourceKey = pickPair(at, props, 'Resource', 'NotResource', ctx);
  if (ctx.type === 'trust') {
    if (resourceKey !== undefined) r.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', {}, [loc(resourceKey) ?? at]);
  } else if (resourceKey === undefined && ctx.type !== 'scp') {
    // SCP statements may leave Resource out (src/iam's parser accepts that too).
    r.report('MISSING_RESOURCE', {}, [at]);
  }
  const resources = resourceKey === undefined ? [] : readStrings(loc(resourceKey), 'EMPTY_ARRAY_RESOURCE', ctx);

  const principalKey = pickPair(at, props, 'Principal', 'NotPrincipal', ctx);
  const principal = principalKey === undefined ? undefined : loc(principalKey);
  checkPrincipalPresence(at, principalKey, principal, effect, ctx);

  const condition = loc('Condition');
  return {
    index, at, props, effect, actionKey, actions, resourceKey, resources, principalKey, principal, condition,
  };
}

function sidMustBeAlphanumeric(ctx: CheckContext): boolean {
  // IAM itself stores identity policies and role trust policies; it allows only [A-Za-z0-9].
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  return isIdentityLike(ctx.type) || ctx.type === 'trust';
}

function pickPair<A extends string, B extends string>(
  at: Located,
  props: ReadonlyMap<string, Property>,
  a: A,
  b: B,
  ctx: CheckContext,
): A | B | undefined {
  const pa = props.get(a);
  const pb = props.get(b);
  if (pa !== undefined && pb !== undefined) {
    ctx.reporter.report('UNSUPPORTED_ELEMENT_COMBINATION', { element1: a, element2: b }, [
      child(at, a, pa.value),
      child(at, b, pb.value),
    ]);
  }
  return pa !== undefined ? a : pb !== undefined ? b : undefined;
}

function readStrings(
  at: Located | undefined,
  emptyCode: 'EMPTY_ARRAY_ACTION' | 'EMPTY_ARRAY_RESOURCE',
  ctx: CheckContext,
): LocatedString[] {
  if (at === undefined) return [];
  const list = stringList(at);
  for (const other of list.others) ctx.reporter.report('DATA_TYPE_MISMATCH', { dataType: 'String' }, [other]);
  if (list.isArray && (at.node.children ?? []).length === 0) ctx.reporter.report(emptyCode, {}, [at]);
  return list.strings;
}

function checkPrincipalPresence(
  at: Located,
  key: StatementView['principalKey'],
  principal: Located | undefined,
  effect: StatementView['effect'],
  ctx: CheckContext,
): void {
  const r = ctx.reporter;
  if (isIdentityLike(ctx.type)) {
    if (principal !== undefined) r.report('UNSUPPORTED_PRINCIPAL', { policyType: analyzerPolicyType(ctx.type) }, [principal]);
    return;
  }
  if (ctx.type === 'scp') {
    if (principal !== undefined) r.report('SCP_SYNTAX_ERROR_PRINCIPAL', {}, [principal]);
    return;
  }
  // Resource-based policies, role trust policies and RCPs name who they apply to.
  if (key === undefined) {
    r.report('MISSING_PRINCIPAL', {}, [at]);
    return;
  }
  if (key === 'NotPrincipal' && principal !== undefined) {
    if (ctx.type === 'trust') r.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', {}, [principal]);
    else if (effect === 'Allow') r.report('ALLOW_WITH_NOT_PRINCIPAL', {}, [principal]);
  }
}

/** Statement ids must be unique where IAM or Organizations store the policy. */
export function checkSids(statements: readonly StatementView[], ctx: CheckContext): void {
  const seen = new Map<string, Located>();
  for (const s of statements) {
    const p = s.props.get('Sid');
    if (p === undefined || p.value.type !== 'string' || p.value.value === '') continue;
    const sid = String(p.value.value);
    const at = child(s.at, 'Sid', p.value);
    if (seen.has(sid)) {
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
      ctx.reporter.report(ctx.type === 'resource' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', {}, [at]);
    } else {
      seen.set(sid, at);
    }
  }
}
