// The Cedar peer: translates the benchmark's IAM policies into an equivalent Cedar policy set
// (permit/forbid per statement, gates for boundary and SCP ceilings) and requests into Cedar calls.

import type { AuthorizationAnswer, CedarValueJson, EntityJson, EntityUidJson } from '@cedar-policy/cedar-wasm/nodejs';
import {
  ACCOUNT, BOUNDARY, BUCKET_POLICY, DATA_LAKE_ARN, GROUPS, IDENTITIES, IDENTITY_POLICIES, KEY_POLICIES, SCPS, TRUST_POLICIES,
  type IdentityDef, type PolicyDef, type StatementDoc, type StringOrList,
} from './iam-policies.js';
import type { BenchRequest, Caller } from './iam-workload.js';

export type ThreeWay = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** How each condition key's value is typed in Cedar; keys not listed are strings. */
const KEY_TYPES: Readonly<Record<string, 'bool' | 'long' | 'ip' | 'set'>> = {
  'aws:SecureTransport': 'bool',
  'aws:MultiFactorAuthPresent': 'bool',
  'aws:ViaAWSService': 'bool',
  'aws:MultiFactorAuthAge': 'long',
  'sagemaker:MaxRuntimeInSeconds': 'long',
  'aws:SourceIp': 'ip',
  'aws:TagKeys': 'set',
  'sagemaker:InstanceTypes': 'set',
};

const list = (v: StringOrList | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);
const str = (s: string): string => JSON.stringify(s);
/** A Cedar `like` pattern: `*` stays a wildcard; IAM's `?` has no Cedar equivalent. */
function likePattern(glob: string): string {
  if (glob.includes('?')) throw new Error(`cedar peer: no Cedar equivalent for '?' in ${glob}`);
  return str(glob);
}
const isGlob = (s: string): boolean => s.includes('*') || s.includes('?');
const or = (parts: readonly string[]): string => (parts.length === 0 ? 'false' : parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`);
const and = (parts: readonly string[]): string => {
  const kept = parts.filter((p) => p !== 'true');
  return kept.length === 0 ? 'true' : kept.length === 1 ? kept[0]! : `(${kept.join(' && ')})`;
};

// ---- entity names ----

export const userUid = (name: string): EntityUidJson => ({ type: 'User', id: name });
const roleUid = (name: string): EntityUidJson => ({ type: 'Role', id: name });
const groupUid = (name: string): EntityUidJson => ({ type: 'Group', id: name });
const accountUid: EntityUidJson = { type: 'Account', id: ACCOUNT };
const boundaryUid: EntityUidJson = { type: 'Boundary', id: BOUNDARY.id };
const uidText = (uid: EntityUidJson): string => ('__entity' in uid ? `${uid.__entity.type}::${str(uid.__entity.id)}` : `${uid.type}::${str(uid.id)}`);

/** Principal values that policy variables can take, for statements expanded per identity. */
interface Vars {
  readonly username: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

function substitute(text: string, vars: Vars | null): string | null {
  if (!text.includes('${')) return text;
  if (!vars) throw new Error(`cedar peer: unexpanded policy variable in ${text}`);
  let missing = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    let value: string | undefined;
    if (name === 'aws:username') value = vars.username;
    else if (name.startsWith('aws:PrincipalTag/')) value = vars.tags[name.slice('aws:PrincipalTag/'.length)];
    else if (name === '*' || name === '?' || name === '$') value = name;
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? null : out;
}

// ---- statement translation ----

function keyAccess(key: string): { has: string; get: string } {
  if (key.startsWith('aws:PrincipalTag/')) {
    const tag = str(key.slice('aws:PrincipalTag/'.length));
    return { has: `principal.hasTag(${tag})`, get: `principal.getTag(${tag})` };
  }
  if (key.startsWith('aws:ResourceTag/')) {
    const tag = str(key.slice('aws:ResourceTag/'.length));
    return { has: `resource.hasTag(${tag})`, get: `resource.getTag(${tag})` };
  }
  if (key === 'aws:PrincipalArn') return { has: 'principal has principalArn', get: 'principal.principalArn' };
  return { has: `context has ${str(key)}`, get: `context[${str(key)}]` };
}

const WHOLE_PRINCIPAL_TAG = /^\$\{aws:PrincipalTag\/([^}]+)\}$/;

function valueMatch(op: string, get: string, raw: string, vars: Vars | null): string {
  const tagVar = WHOLE_PRINCIPAL_TAG.exec(raw);
  if (tagVar && (op === 'StringEquals' || op === 'StringNotEquals') && !vars) {
    const tag = str(tagVar[1]!);
    return `(principal.hasTag(${tag}) && ${get} == principal.getTag(${tag}))`;
  }
  const value = substitute(raw, vars);
  if (value === null) return 'false';
  switch (op) {
    case 'StringEquals': case 'StringNotEquals': case 'ArnEquals': case 'ArnNotEquals':
      return `${get} == ${str(value)}`;
    case 'StringLike': case 'StringNotLike': case 'ArnLike': case 'ArnNotLike':
      return `${get} like ${likePattern(value)}`;
    case 'Bool':
      return `${get} == ${value.toLowerCase() === 'true'}`;
    case 'IpAddress': case 'NotIpAddress':
      return `${get}.isInRange(ip(${str(value)}))`;
    case 'NumericLessThan': return `${get} < ${Number(value)}`;
    case 'NumericLessThanEquals': return `${get} <= ${Number(value)}`;
    case 'NumericGreaterThan': return `${get} > ${Number(value)}`;
    case 'NumericGreaterThanEquals': return `${get} >= ${Number(value)}`;
    case 'NumericEquals': return `${get} == ${Number(value)}`;
    default: throw new Error(`cedar peer: operator ${op} not translated`);
  }
}

const NEGATED = new Set(['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike', 'NotIpAddress']);

function conditionExpr(condition: StatementDoc['Condition'], vars: Vars | null): string {
  const parts: string[] = [];
  for (const [fullOp, block] of Object.entries(condition ?? {})) {
    let op = fullOp;
    let setOp: 'any' | 'all' | null = null;
    if (op.startsWith('ForAnyValue:')) { setOp = 'any'; op = op.slice('ForAnyValue:'.length); }
    if (op.startsWith('ForAllValues:')) { setOp = 'all'; op = op.slice('ForAllValues:'.length); }
    const ifExists = op.endsWith('IfExists');
    if (ifExists) op = op.slice(0, -'IfExists'.length);
    for (const [key, rawValues] of Object.entries(block)) {
      const { has, get } = keyAccess(key);
      const values = list(rawValues);
      if (setOp) {
        if (op !== 'StringEquals') throw new Error(`cedar peer: ${fullOp} not translated`);
        const literals = values.map((v) => {
          const s = substitute(v, vars);
          if (s === null) throw new Error(`cedar peer: unresolved variable in ${fullOp}`);
          return str(s);
        });
        parts.push(setOp === 'any'
          ? `(${has} && ${get}.containsAny([${literals.join(', ')}]))`
          : `(!(${has}) || [${literals.join(', ')}].containsAll(${get}))`);
        continue;
      }
      const anyMatch = or(values.map((v) => valueMatch(op, get, v, vars)));
      if (NEGATED.has(op)) parts.push(`(!(${has}) || !(${anyMatch}))`);
      else if (ifExists) parts.push(`(!(${has}) || ${anyMatch})`);
      else parts.push(`(${has} && ${anyMatch})`);
    }
  }
  return and(parts);
}

function actionExpr(patterns: readonly string[]): string {
  return or(patterns.map((p) => (p === '*' ? 'true' : isGlob(p) ? `context.actionName like ${likePattern(p)}` : `action == Action::${str(p)}`)));
}

function resourceExpr(patterns: readonly string[], vars: Vars | null): string {
  return or(patterns.map((p) => {
    const value = substitute(p, vars);
    if (value === null) return 'false';
    if (value === '*') return 'true';
    return isGlob(value) ? `resource.arn like ${likePattern(value)}` : `resource.arn == ${str(value)}`;
  }));
}

/** How strongly a resource-policy principal names the caller (as IAM ranks it): `strong`
 *  (the user, the session, or everyone) grants past a permission boundary; `role` stays
 *  within it; `account` only delegates to identity policies. */
type Strength = 'strong' | 'role' | 'account';

function principalTests(principal: StatementDoc['Principal']): { strength: Strength; test: string }[] {
  if (principal === undefined || principal === '*') return [{ strength: 'strong', test: 'true' }];
  return list(principal.AWS).map((arn) => {
    if (arn === '*') return { strength: 'strong', test: 'true' };
    if (arn === `arn:aws:iam::${ACCOUNT}:root`) return { strength: 'account', test: `principal in ${uidText(accountUid)}` };
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/[^/]+\/[^/]+$/.exec(arn);
    if (session && session[1] === ACCOUNT) return { strength: 'strong', test: `principal == Session::${str(arn)}` };
    const m = /^arn:aws:iam::(\d{12}):(user|role)\/(.+)$/.exec(arn);
    if (!m || m[1] !== ACCOUNT) throw new Error(`cedar peer: principal ${arn} not translated`);
    return m[2] === 'user'
      ? { strength: 'strong', test: `principal == ${uidText(userUid(m[3]!))}` }
      : { strength: 'role', test: `principal in ${uidText(roleUid(m[3]!))}` };
  });
}

const principalExpr = (principal: StatementDoc['Principal'], keep: (s: Strength) => boolean = () => true): string =>
  or(principalTests(principal).filter((t) => keep(t.strength)).map((t) => t.test));

/** The whole "does this statement apply" test, except the principal scope. */
function statementMatch(s: StatementDoc, vars: Vars | null): string {
  return and([actionAndResource(s, vars), conditionExpr(s.Condition, vars)]);
}

function actionAndResource(s: StatementDoc, vars: Vars | null): string {
  const action = s.Action !== undefined ? actionExpr(list(s.Action)) : `!(${actionExpr(list(s.NotAction))})`;
  const resource = s.Resource !== undefined ? resourceExpr(list(s.Resource), vars)
    : s.NotResource !== undefined ? `!(${resourceExpr(list(s.NotResource), vars)})`
      : 'true'; // trust policies have no Resource element
  return and([action, resource]);
}

function hasVariables(s: StatementDoc): boolean {
  const loose = [...list(s.Resource), ...list(s.NotResource)].some((r) => r.includes('${'));
  const inConditions = Object.entries(s.Condition ?? {}).some(([op, block]) =>
    Object.values(block).some((v) => list(v).some((x) => x.includes('${') && !(WHOLE_PRINCIPAL_TAG.test(x) && /^String(Not)?Equals$/.test(op)))));
  return loose || inConditions;
}

// ---- the policy set ----

const identityScope = (i: IdentityDef): string => (i.type === 'user' ? `principal == ${uidText(userUid(i.name))}` : `principal in ${uidText(roleUid(i.name))}`);
const varsOf = (i: IdentityDef): Vars => ({ username: i.type === 'user' ? i.name : undefined, tags: i.tags });

/** Every identity policy attachment: a Cedar principal scope and the identities it covers. */
function attachments(): { policy: PolicyDef; scope: string; label: string; members: IdentityDef[] }[] {
  const out: { policy: PolicyDef; scope: string; label: string; members: IdentityDef[] }[] = [];
  for (const [group, ids] of Object.entries(GROUPS)) {
    const members = IDENTITIES.filter((i) => i.groups.includes(group));
    for (const id of ids) {
      const policy = IDENTITY_POLICIES.find((p) => p.id === id);
      if (policy) out.push({ policy, scope: `principal in ${uidText(groupUid(group))}`, label: `group/${group}`, members });
    }
  }
  for (const identity of IDENTITIES) {
    for (const id of identity.policies) {
      const policy = IDENTITY_POLICIES.find((p) => p.id === id);
      if (policy) out.push({ policy, scope: identityScope(identity), label: `${identity.type}/${identity.name}`, members: [identity] });
    }
  }
  return out;
}

/** Resource policies with the Cedar test for "this request is on that resource". */
function resourcePolicies(): { policy: PolicyDef; scope: string; required: boolean }[] {
  return [
    { policy: BUCKET_POLICY, scope: `resource in AwsResource::${str(DATA_LAKE_ARN)}`, required: false },
    ...Object.entries(KEY_POLICIES).map(([arn, policy]) => ({
      policy, scope: `(resource == AwsResource::${str(arn)} && context.actionName like "kms:*")`, required: true,
    })),
    ...Object.entries(TRUST_POLICIES).map(([role, policy]) => ({
      policy,
      scope: `(action == Action::"sts:AssumeRole" && resource == AwsResource::${str(`arn:aws:iam::${ACCOUNT}:role/${role}`)})`,
      required: true,
    })),
  ];
}

/** The Cedar policy set, keyed by policy id. Ids start with `permit:`, `deny:` (an IAM Deny)
 *  or `gate:` (a ceiling: the boundary or an SCP level lacking an Allow, an implicit deny). */
export function cedarPolicySet(): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (id: string, text: string): void => {
    if (id in out) throw new Error(`cedar peer: duplicate policy id ${id}`);
    out[id] = text;
  };
  for (const { policy, scope, label, members } of attachments()) {
    policy.doc.Statement.forEach((s, index) => {
      const name = `${policy.id}/${s.Sid ?? index}@${label}`;
      const effect = s.Effect === 'Allow' ? 'permit' : 'forbid';
      const prefix = s.Effect === 'Allow' ? 'permit' : 'deny';
      if (hasVariables(s)) {
        for (const m of members) {
          add(`${prefix}:${name}#${m.name}`, `${effect}(${identityScope(m)}, action, resource) when { ${statementMatch(s, varsOf(m))} };`);
        }
      } else {
        add(`${prefix}:${name}`, `${effect}(${scope}, action, resource) when { ${statementMatch(s, null)} };`);
      }
    });
  }
  // Resource policies, each scoped to its resource. Allows become permits, except those naming
  // only the account (a delegation); for keys and trust policies the resource policy must
  // also allow (a gate); user, session and `*` grants escape the permission boundary.
  const escapes: string[] = [];
  for (const { policy, scope, required } of resourcePolicies()) {
    const allows: string[] = [];
    policy.doc.Statement.forEach((s, index) => {
      const name = `${policy.id}/${s.Sid ?? index}`;
      if (hasVariables(s)) throw new Error(`cedar peer: variables in ${name} not translated`);
      const match = and([scope, statementMatch(s, null)]);
      if (s.Effect === 'Deny') {
        add(`deny:${name}`, `forbid(principal, action, resource) when { ${and([principalExpr(s.Principal), match])} };`);
        return;
      }
      allows.push(and([principalExpr(s.Principal), match]));
      const granting = principalExpr(s.Principal, (k) => k !== 'account');
      if (granting !== 'false') add(`permit:${name}`, `permit(principal, action, resource) when { ${and([granting, match])} };`);
      const strong = principalExpr(s.Principal, (k) => k === 'strong');
      if (strong !== 'false') escapes.push(and([strong, match]));
    });
    if (required) add(`gate:${policy.id}`, `forbid(principal, action, resource) when { ${scope} } unless { ${or(allows)} };`);
  }
  // Ceilings: the permission boundary, and each SCP level, must allow; their Denies are explicit.
  const ceilings: { scope: string; name: string; policies: readonly PolicyDef[] }[] = [
    { scope: `principal in ${uidText(boundaryUid)}`, name: BOUNDARY.id, policies: [BOUNDARY] },
    ...SCPS.map((level) => ({ scope: `principal in ${uidText(accountUid)}`, name: `scp@${level.target}`, policies: level.policies })),
  ];
  for (const ceiling of ceilings) {
    const allows: string[] = [];
    for (const policy of ceiling.policies) {
      policy.doc.Statement.forEach((s, index) => {
        if (hasVariables(s)) throw new Error(`cedar peer: variables in ${policy.id} not translated`);
        if (s.Effect === 'Allow') allows.push(statementMatch(s, null));
        else add(`deny:${policy.id}/${s.Sid ?? index}`, `forbid(${ceiling.scope}, action, resource) when { ${statementMatch(s, null)} };`);
      });
    }
    if (ceiling.name === BOUNDARY.id) allows.push(...escapes);
    add(`gate:${ceiling.name}`, `forbid(${ceiling.scope}, action, resource) unless { ${or(allows)} };`);
  }
  return out;
}

// ---- requests ----

export interface CedarCall {
  readonly principal: EntityUidJson;
  readonly action: EntityUidJson;
  readonly resource: EntityUidJson;
  readonly context: Record<string, CedarValueJson>;
  readonly entities: EntityJson[];
}

function cedarValue(key: string, value: string | readonly string[]): CedarValueJson {
  const type = KEY_TYPES[key];
  if (type === 'set') return typeof value === 'string' ? [value] : [...value];
  if (typeof value !== 'string') throw new Error(`cedar peer: ${key} is multivalued`);
  if (type === 'bool') return value.toLowerCase() === 'true';
  if (type === 'long') return Number(value);
  if (type === 'ip') return { __extn: { fn: 'ip', arg: value } };
  return value;
}

const principalEntitiesCache = new Map<string, { uid: EntityUidJson; entities: EntityJson[] }>();

/** The caller's entity and its ancestors: groups or role, boundary, account. */
function principalEntities(caller: Caller): { uid: EntityUidJson; entities: EntityJson[] } {
  const cached = principalEntitiesCache.get(caller.arn);
  if (cached) return cached;
  const i = caller.identity;
  const common = (parents: EntityUidJson[]): EntityUidJson[] => [...parents, ...(i.boundary ? [boundaryUid] : []), accountUid];
  const entities: EntityJson[] = [
    { uid: accountUid, attrs: {}, parents: [] },
    ...(i.boundary ? [{ uid: boundaryUid, attrs: {}, parents: [] }] : []),
  ];
  let uid: EntityUidJson;
  if (i.type === 'user') {
    uid = userUid(i.name);
    for (const g of i.groups) entities.push({ uid: groupUid(g), attrs: {}, parents: [accountUid] });
    entities.push({ uid, attrs: { principalArn: caller.principalArn, username: i.name }, tags: { ...i.tags }, parents: common(i.groups.map(groupUid)) });
  } else {
    uid = { type: 'Session', id: caller.arn };
    entities.push({ uid: roleUid(i.name), attrs: { principalArn: caller.principalArn }, tags: { ...i.tags }, parents: common([]) });
    entities.push({ uid, attrs: { principalArn: caller.principalArn }, tags: { ...i.tags }, parents: [roleUid(i.name)] });
  }
  const out = { uid, entities };
  principalEntitiesCache.set(caller.arn, out);
  return out;
}

/** Translates one request: entities for the caller and the resource (with its bucket). */
export function cedarCall(req: BenchRequest): CedarCall {
  const p = principalEntities(req.caller);
  const resource: EntityUidJson = { type: 'AwsResource', id: req.resource };
  const entities: EntityJson[] = [...p.entities];
  const s3 = /^arn:aws:s3:::([^/]+)\/./.exec(req.resource);
  const parents: EntityUidJson[] = [];
  if (s3) {
    const bucket: EntityUidJson = { type: 'AwsResource', id: `arn:aws:s3:::${s3[1]}` };
    parents.push(bucket);
    entities.push({ uid: bucket, attrs: { arn: `arn:aws:s3:::${s3[1]}` }, parents: [] });
  }
  entities.push({ uid: resource, attrs: { arn: req.resource }, tags: { ...req.resourceTags }, parents });
  const context: Record<string, CedarValueJson> = { actionName: req.action };
  for (const [k, v] of Object.entries(req.context)) context[k] = cedarValue(k, v);
  return { principal: p.uid, action: { type: 'Action', id: req.action }, resource, context, entities };
}

/** Reads Cedar's answer as IAM's three-way decision (a satisfied `deny:` forbid is explicit). */
export function classify(answer: AuthorizationAnswer): { decision: ThreeWay; errors: string[]; reasons: string[] } {
  if (answer.type === 'failure') throw new Error(`cedar: ${answer.errors.map((e) => e.message).join('; ')}`);
  const { decision, diagnostics } = answer.response;
  const errors = diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
  const reasons = diagnostics.reason;
  if (decision === 'allow') return { decision: 'Allow', errors, reasons };
  return { decision: reasons.some((id) => id.startsWith('deny:')) ? 'ExplicitDeny' : 'ImplicitDeny', errors, reasons };
}
