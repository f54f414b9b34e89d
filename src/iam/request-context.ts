// The condition context of one request: the keys the caller gave (names folded to lower
// case) plus the keys AWS derives from the principal and the resource when they are absent.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { parseArn } from './arn.js';
import { principalType, type Caller } from './caller.js';
import type { ContextLookup } from './policy-variables.js';
import type { ContextValue } from './types.js';

export function buildContext(
  given: Readonly<Record<string, ContextValue>> | undefined,
  caller: Caller,
  resourceAccount: string,
): ContextLookup {
  const values = new Map<string, readonly string[]>();
  if (given) {
    for (const key of Object.keys(given)) {
      const value = given[key] as ContextValue;
      const list = typeof value === 'string' ? [value] : value;
      // An empty set is how AWS represents a multivalued key with nothing in it: absent.
      if (list.length > 0) values.set(key.toLowerCase(), list);
    }
  }
  const derive = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '' && !values.has(key)) values.set(key, [value]);
  };
  if (caller.kind !== 'anonymous' && caller.kind !== 'service') {
    derive('aws:principalarn', caller.principalArn);
    derive('aws:principalaccount', caller.account);
    derive('aws:principaltype', principalType(caller.kind));
    derive('aws:principalisawsservice', 'false');
    if (caller.kind === 'user') derive('aws:username', caller.name);
    if (caller.kind === 'root') derive('aws:userid', caller.account);
    if (caller.kind === 'federated-user') derive('aws:userid', `${caller.account}:${caller.name}`);
  } else if (caller.kind === 'service') {
    derive('aws:principalisawsservice', 'true');
    derive('aws:principalservicename', caller.arn);
  } else {
    derive('aws:principaltype', principalType(caller.kind));
  }
  derive('aws:resourceaccount', resourceAccount);
  return (lowerKey) => values.get(lowerKey);
}

/** The account owning the resource: its ARN's account, else the one given, else the caller's. */
export function resourceAccountOf(resource: string, given: string | undefined, caller: Caller): string {
  const arn = parseArn(resource);
  if (arn && /^\d{12}$/.test(arn.account)) return arn.account;
  if (given) return given;
  return caller.account;
}
