// The Principal / NotPrincipal element of resource, trust and key policies: how it is
// compiled, and how strongly it names a caller (the strength decides which other policy
// types still have to allow, see evaluate.ts).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { parseArn } from './arn.js';
import { callerIdentities, type Caller } from './caller.js';

/** How a Principal element names the caller, weakest first. */
export type PrincipalMatch = 'none' | 'account' | 'role' | 'user' | 'session';

export interface PrincipalSpec {
  readonly everyone: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

export type PrincipalParse = { ok: true; spec: PrincipalSpec } | { ok: false; message: string };

const SYNTAX = 'Syntax errors in policy.';
const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;

function asList(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === 'string') ? (list as string[]) : null;
}

/** Compiles a Principal element value. */
export function compilePrincipal(element: unknown): PrincipalParse {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  const canonicalUsers = new Set<string>();
  let everyone = false;
  if (element === '*') everyone = true;
  else if (element === null || typeof element !== 'object' || Array.isArray(element)) {
    return { ok: false, message: SYNTAX };
  } else {
    for (const [type, raw] of Object.entries(element as Record<string, unknown>)) {
      const values = asList(raw);
      if (!values || values.length === 0) return { ok: false, message: SYNTAX };
      for (const value of values) {
        const invalid = { ok: false as const, message: `Invalid principal in policy: "${type}":"${value}"` };
        if (type === 'AWS') {
          if (value === '*') everyone = true;
          else if (ACCOUNT_ID.test(value)) accounts.add(value);
          else if (ROOT_ARN.test(value)) accounts.add((ROOT_ARN.exec(value) as RegExpExecArray)[1] as string);
          else if (isPrincipalArn(value)) arns.add(value);
          else return invalid;
        } else if (type === 'Service') {
          if (value.includes('*')) return invalid;
          services.add(value);
        } else if (type === 'Federated') {
          if (value.includes('*')) return invalid;
          federated.add(value);
        } else if (type === 'CanonicalUser') {
          if (value === '*') everyone = true;
          else canonicalUsers.add(value);
        } else {
          return { ok: false, message: SYNTAX };
        }
      }
    }
  }
  return { ok: true, spec: { everyone, accounts, arns, services, federated, canonicalUsers } };
}

function isPrincipalArn(value: string): boolean {
  const arn = parseArn(value);
  if (!arn || !ACCOUNT_ID.test(arn.account) || value.includes('*')) return false;
  if (arn.service === 'iam') return /^(user|role)\/./.test(arn.resource);
  if (arn.service === 'sts') return /^(assumed-role\/[^/]+\/[^/]+|federated-user\/[^/]+)$/.test(arn.resource);
  return false;
}

/** How strongly the Principal element names the caller. */
export function matchPrincipal(spec: PrincipalSpec, caller: Caller, canonicalUser: string | undefined): PrincipalMatch {
  if (spec.everyone) return 'session';
  switch (caller.kind) {
    case 'anonymous':
      return 'none';
    case 'service':
      return spec.services.has(caller.arn) ? 'session' : 'none';
    case 'root':
      return spec.accounts.has(caller.account) ? 'session' : canonicalMatch(spec, canonicalUser);
    default:
      break;
  }
  if (spec.arns.has(caller.arn)) return caller.kind === 'user' ? 'user' : caller.kind === 'role' ? 'role' : 'session';
  if (caller.principalArn !== caller.arn && spec.arns.has(caller.principalArn)) {
    return caller.kind === 'federated-user' ? 'user' : 'role';
  }
  if (spec.federated.has(caller.arn)) return 'session';
  const canonical = canonicalMatch(spec, canonicalUser);
  if (canonical !== 'none') return canonical;
  return spec.accounts.has(caller.account) ? 'account' : 'none';
}

function canonicalMatch(spec: PrincipalSpec, canonicalUser: string | undefined): PrincipalMatch {
  return canonicalUser !== undefined && spec.canonicalUsers.has(canonicalUser) ? 'session' : 'none';
}

/**
 * Whether a statement with NotPrincipal applies to the caller. A Deny applies unless every
 * identity of the caller (its account, its user or role, its session) is listed: one that
 * omits the account denies everyone in that account. An Allow grants everyone except a
 * caller any of whose identities is listed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function notPrincipalApplies(spec: PrincipalSpec, caller: Caller, canonicalUser: string | undefined, effect: 'Allow' | 'Deny'): boolean {
  if (spec.everyone) return false;
  if (caller.kind === 'service') return !spec.services.has(caller.arn);
  if (caller.kind === 'anonymous') return true;
  if (canonicalUser !== undefined && spec.canonicalUsers.has(canonicalUser)) return false;
  let listedCount = 0;
  const identities = callerIdentities(caller);
  for (const identity of identities) {
    if (identity === caller.accountRootArn ? spec.accounts.has(caller.account) : spec.arns.has(identity)) listedCount++;
  }
  return effect === 'Deny' ? listedCount < identities.length : listedCount === 0;
}
