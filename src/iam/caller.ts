// Who is asking: turns the request's principal string into the identities that policies
// can name (account, user, role, session, service) and the context keys AWS derives from it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn

import { parseArn } from './arn.js';

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

/** Parses the caller. `principalArnHint` is the request's aws:PrincipalArn, if given. */
export function parseCaller(principal: string, principalArnHint: string | undefined): Caller | null {
  if (principal === '*' || principal === 'anonymous') {
    return blank('anonymous', 'anonymous');
  }
  if (SERVICE_PRINCIPAL.test(principal)) return blank('service', principal);
  const arn = parseArn(principal);
  if (!arn || !/^\d{12}$/.test(arn.account)) return null;
  const root = `arn:${arn.partition}:iam::${arn.account}:root`;
  const base = { arn: principal, partition: arn.partition, account: arn.account, accountRootArn: root };
  if (arn.service === 'iam') {
    if (arn.resource === 'root') {
      return { ...base, kind: 'root', principalArn: root, name: '', sessionName: '' };
    }
    const [type, ...rest] = arn.resource.split('/');
    const name = rest[rest.length - 1] ?? '';
    if (type === 'user' && name) return { ...base, kind: 'user', principalArn: principal, name, sessionName: '' };
    if (type === 'role' && name) return { ...base, kind: 'role', principalArn: principal, name, sessionName: '' };
    return null;
  }
  if (arn.service === 'sts') {
    const [type, ...rest] = arn.resource.split('/');
    if (type === 'assumed-role' && rest.length === 2 && rest[0] && rest[1]) {
      const roleName = rest[0];
      const roleArn = principalArnHint ?? `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`;
      return { ...base, kind: 'role-session', principalArn: roleArn, name: roleName, sessionName: rest[1] };
    }
    if (type === 'federated-user' && rest.length === 1 && rest[0]) {
      const userArn = principalArnHint ?? principal;
      return { ...base, kind: 'federated-user', principalArn: userArn, name: rest[0], sessionName: rest[0] };
    }
    return null;
  }
  return { ...base, kind: 'other', principalArn: principal, name: '', sessionName: '' };
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
