// Parses a policy document of any kind, checks it with IAM's own MalformedPolicyDocument
// texts, and compiles its statements. Parsing is the only place that looks at raw JSON.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import { compileConditions } from './conditions.js';
import { compilePrincipal, type PrincipalSpec } from './principal-match.js';
import { compileActions, compileResources, type CompiledStatement } from './statement.js';
import type { Effect, PolicyKind } from './types.js';

export interface Policy {
  readonly kind: PolicyKind;
  /** A name or ARN to cite in decisions. */
  readonly id: string;
  /** `2012-10-17`, or `2008-10-17` (also when Version is absent). */
  readonly version: string;
  readonly statements: readonly CompiledStatement[];
  /** Statement indices whose action element matches a lower-case action, built lazily. */
  readonly actionIndex: Map<string, readonly number[]>;
}

export interface PolicyError {
  readonly message: string;
  /** Where, as a JSON pointer into the document (`/Statement/0/Action`). */
  readonly path: string;
}

export type ParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

export interface ParseOptions {
  /** IAM's managed-policy rule: refuse documents older than 2012-10-17. */
  readonly requireCurrentVersion?: boolean;
}

const SYNTAX = 'Syntax errors in policy.';
const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const IDENTITY_SIDE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);
const PRINCIPAL_REQUIRED = new Set<PolicyKind>(['resource', 'trust', 'key', 'rcp']);
const IAM_SID_RULE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'trust']);

class PolicyFault extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function fail(message: string, path: string): never {
  throw new PolicyFault(message, path);
}

function stringList(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string') fail(SYNTAX, path);
  return list as string[];
}

/** Parses and compiles a policy given as JSON text or as an already-parsed value. */
export function parsePolicy(document: unknown, kind: PolicyKind, id?: string, options: ParseOptions = {}): ParseResult {
  let doc = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch {
      const message = kind === 'trust' ? 'This policy contains invalid Json' : SYNTAX;
      return { ok: false, errors: [{ message, path: '' }] };
    }
  }
  try {
    return { ok: true, policy: compileDocument(doc, kind, id ?? kind, options) };
  } catch (error) {
    if (error instanceof PolicyFault) return { ok: false, errors: [{ message: error.message, path: error.path }] };
    throw error;
  }
}

function compileDocument(doc: unknown, kind: PolicyKind, id: string, options: ParseOptions): Policy {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(SYNTAX, '');
  const top = doc as Record<string, unknown>;
  for (const field of Object.keys(top)) if (!TOP_FIELDS.has(field)) fail(SYNTAX, `/${field}`);
  const version = top['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') fail(SYNTAX, '/Version');
  if (options.requireCurrentVersion && version !== '2012-10-17') {
    fail('Policy document must be version 2012-10-17 or greater.', '/Version');
  }
  if (top['Id'] !== undefined && typeof top['Id'] !== 'string') fail(SYNTAX, '/Id');
  const rawStatements = top['Statement'];
  if (rawStatements === undefined || rawStatements === null) fail(SYNTAX, '/Statement');
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (list.length === 0) fail(SYNTAX, '/Statement');
  const variables = version === '2012-10-17';
  const sids = new Set<string>();
  const statements = list.map((raw, index) => {
    const path = Array.isArray(rawStatements) ? `/Statement/${index}` : '/Statement';
    const statement = compileStatement(raw, index, kind, variables, path);
    if (statement.sid !== null) {
      if (sids.has(statement.sid)) fail('Statement IDs (SID) in a single policy must be unique.', `${path}/Sid`);
      sids.add(statement.sid);
    }
    return statement;
  });
  return { kind, id, version: variables ? '2012-10-17' : '2008-10-17', statements, actionIndex: new Map() };
}

function compileStatement(raw: unknown, index: number, kind: PolicyKind, variables: boolean, path: string): CompiledStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(SYNTAX, path);
  const s = raw as Record<string, unknown>;
  for (const field of Object.keys(s)) if (!STATEMENT_FIELDS.has(field)) fail(SYNTAX, `${path}/${field}`);

  const sidValue = s['Sid'];
  if (sidValue !== undefined && typeof sidValue !== 'string') fail(SYNTAX, `${path}/Sid`);
  const sid = sidValue === undefined || sidValue === '' ? null : sidValue;
  if (sid !== null && IAM_SID_RULE.has(kind) && !/^[0-9A-Za-z]*$/.test(sid)) {
    fail('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*', `${path}/Sid`);
  }

  // Element order of IAM's checks: principal, then actions, then resources, then syntax of the rest.
  const hasPrincipal = s['Principal'] !== undefined || s['NotPrincipal'] !== undefined;
  if (s['Principal'] !== undefined && s['NotPrincipal'] !== undefined) fail(SYNTAX, `${path}/NotPrincipal`);
  if (hasPrincipal && IDENTITY_SIDE.has(kind)) fail('Policy document should not specify a principal.', `${path}/Principal`);
  if (!hasPrincipal && PRINCIPAL_REQUIRED.has(kind)) fail('Missing required field Principal', `${path}`);

  if (s['Action'] !== undefined && s['NotAction'] !== undefined) fail(SYNTAX, `${path}/NotAction`);
  const actionKey = s['NotAction'] !== undefined ? 'NotAction' : 'Action';
  if (s[actionKey] === undefined) fail('Policy statement must contain actions.', path);
  const actions = stringList(s[actionKey], `${path}/${actionKey}`);
  if (actions.length === 0) fail('Policy statement must contain actions.', `${path}/${actionKey}`);
  for (const action of actions) {
    if (action !== '*' && !/^[^:\s]+:[^:\s]*$/.test(action)) {
      fail('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.', `${path}/${actionKey}`);
    }
  }
  // A trust policy grants role assumption only: IAM refuses another service's action in it (the
  // text the CLI prints when permissions are pasted into a trust policy). Which sts: actions and
  // whether "*" pass is not known here: every sts: action and "*" are accepted [INFER].
  if (kind === 'trust' && actionKey === 'Action' && actions.some((a) => a !== '*' && !a.toLowerCase().startsWith('sts:'))) {
    fail('AssumeRole policy may only specify STS AssumeRole actions.', `${path}/Action`);
  }

  const hasResource = s['Resource'] !== undefined || s['NotResource'] !== undefined;
  if (s['Resource'] !== undefined && s['NotResource'] !== undefined) fail(SYNTAX, `${path}/NotResource`);
  if (kind === 'trust' && hasResource) fail('Has prohibited field Resource', `${path}/Resource`);
  if (!hasResource && kind !== 'trust' && kind !== 'scp') fail('Policy statement must contain resources.', path);
  const resourceKey = s['NotResource'] !== undefined ? 'NotResource' : 'Resource';
  let resources: string[] = ['*'];
  if (hasResource) {
    resources = stringList(s[resourceKey], `${path}/${resourceKey}`);
    if (resources.length === 0) fail('Policy statement must contain resources.', `${path}/${resourceKey}`);
    for (const resource of resources) {
      if (resource !== '*' && !resource.startsWith('arn:')) {
        fail(`Resource ${resource} must be in ARN format or "*".`, `${path}/${resourceKey}`);
      }
    }
  }

  const effect = s['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') fail(SYNTAX, `${path}/Effect`);

  let principal: PrincipalSpec | null = null;
  const principalKey = s['NotPrincipal'] !== undefined ? 'NotPrincipal' : 'Principal';
  if (hasPrincipal) {
    const compiled = compilePrincipal(s[principalKey]);
    if (!compiled.ok) fail(compiled.message, `${path}/${principalKey}`);
    principal = compiled.spec;
  }

  const conditions = compileConditions(s['Condition'], variables, `${path}/Condition`);
  if (!conditions.ok) fail(conditions.message, conditions.path);
  for (const condition of conditions.conditions) {
    if (!condition.key.includes(':')) {
      fail('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.', `${path}/Condition`);
    }
  }

  return {
    index,
    sid,
    effect: effect as Effect,
    actionMatches: compileActions(actions),
    notAction: actionKey === 'NotAction',
    resourceMatches: hasResource || kind === 'scp' ? compileResources(resources, variables) : null,
    notResource: resourceKey === 'NotResource' && hasResource,
    principal,
    notPrincipal: principalKey === 'NotPrincipal' && hasPrincipal,
    conditions: conditions.conditions,
  };
}
