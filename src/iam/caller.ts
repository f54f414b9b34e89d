// Who is asking: turns the request's principal string into the identities that policies
// can name (account, user, role, session, service) and the context keys AWS derives from it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn

import { parseArn, type Arn } from './arn.js';

export type CallerKind =
  | 'root'
  | 'user'
  | 'role-session'
  | 'federated-user'
  | 'role'
  | 'service'
  | 'anonymous'
  | 'other';

export interface Caller {
  readonly kind: CallerKind;
  /** The ARN as given (session ARN for roles), `anonymous`, or the service principal. */
  readonly arn: string;
  readonly partition: string;
  /** Twelve-digit account, or '' for anonymous and service callers. */
  readonly account: string;
  /** `arn:<partition>:iam::<account>:root`, or '' without an account. */
  readonly accountRootArn: string;
  /** The IAM user ARN, or the role ARN behind a session (from aws:PrincipalArn if given). */
  readonly principalArn: string;
  /** User or role name; session name for sessions. */
  readonly name: string;
  readonly sessionName: string;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

const callers = new Map<string, Caller | null>();
const CALLER_CACHE_LIMIT = 4096;

/** Parses the caller. `principalArnHint` is the request's aws:PrincipalArn, if given. Memoized. */
export function parseCaller(principal: string, principalArnHint: string | undefined): Caller | null {
  const key = principalArnHint === undefined ? principal : `${principal}\n${principalArnHint}`;
  let caller = callers.get(key);
  if (caller === undefined) {
    caller = parseCallerUncached(principal, principalArnHint);
    if (callers.size >= CALLER_CACHE_LIMIT) callers.clear();
    callers.set(key, caller);
  }
  return caller;
}

function make(kind: CallerKind, arn: Arn, principal: string, principalArn: string, name: string, sessionName: string): Caller {
  return {
    kind,
    arn: principal,
    partition: arn.partition,
    account: arn.account,
    accountRootArn: `arn:${arn.partition}:iam::${arn.account}:root`,
    principalArn,
    name,
    sessionName,
  };
}

function parseCallerUncached(principal: string, principalArnHint: string | undefined): Caller | null {
  if (principal === '*' || principal === 'anonymous') {
    return blank('anonymous', 'anonymous');
  }
  if (SERVICE_PRINCIPAL.test(principal)) return blank('service', principal);
  const arn = parseArn(principal);
  if (!arn || !/^\d{12}$/.test(arn.account)) return null;
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return make('root', arn, principal, `arn:${arn.partition}:iam::${arn.account}:root`, '', '');
    const [type, ...rest] = arn.resource.split('/');
    const name = rest[rest.length - 1] ?? '';
    if (type === 'user' && name) return make('user', arn, principal, principal, name, '');
    if (type === 'role' && name) return make('role', arn, principal, principal, name, '');
    return null;
  }
  if (arn.service === 'sts') {
    const [type, ...rest] = arn.resource.split('/');
    if (type === 'assumed-role' && rest.length === 2 && rest[0] && rest[1]) {
      const roleName = rest[0];
      const roleArn = principalArnHint ?? `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`;
      return make('role-session', arn, principal, roleArn, roleName, rest[1]);
    }
    if (type === 'federated-user' && rest.length === 1 && rest[0]) {
      return make('federated-user', arn, principal, principalArnHint ?? principal, rest[0], rest[0]);
    }
    return null;
  }
  return make('other', arn, principal, principal, '', '');
}

function blank(kind: 'anonymous' | 'service', arn: string): Caller {
  return { kind, arn, partition: 'aws', account: '', accountRootArn: '', principalArn: '', name: '', sessionName: '' };
}

/** The `aws:PrincipalType` value AWS sends for each kind of caller. */
export function principalType(kind: CallerKind): string | undefined {
  switch (kind) {
    case 'root': return 'Account';
    case 'user': return 'User';
    case 'role-session': return 'AssumedRole';
    case 'federated-user': return 'FederatedUser';
    case 'anonymous': return 'Anonymous';
    default: return undefined;
  }
}

/** The ARNs a resource policy's Principal may name to match this caller, by strength. */
export function callerIdentities(caller: Caller): string[] {
  switch (caller.kind) {
    case 'root': return [caller.accountRootArn];
    case 'user': return [caller.accountRootArn, caller.arn];
    case 'role': return [caller.accountRootArn, caller.arn];
    case 'role-session':
    case 'federated-user': return [caller.accountRootArn, caller.principalArn, caller.arn];
    default: return [caller.arn];
  }
}
