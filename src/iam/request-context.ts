// The condition context of one request: the keys the caller gave (names folded to lower
// case) plus the keys AWS derives from the principal and the resource when they are absent.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { principalType, type Caller } from './caller.js';
import type { ContextLookup } from './policy-variables.js';
import type { ContextValue } from './types.js';

const lowerKeys = new Map<string, string>();

function lower(key: string): string {
  let folded = lowerKeys.get(key);
  if (folded === undefined) {
    folded = key.toLowerCase();
    if (lowerKeys.size >= 8192) lowerKeys.clear();
    lowerKeys.set(key, folded);
  }
  return folded;
}

/** The request's own context keys, names folded to lower case; empty sets are absent. */
export function readContext(given: Readonly<Record<string, ContextValue>> | undefined): Map<string, readonly string[]> {
  const values = new Map<string, readonly string[]>();
  if (given) {
    for (const key in given) {
      const value = given[key] as ContextValue;
      const list = typeof value === 'string' ? [value] : value;
      // An empty set is how AWS represents a multivalued key with nothing in it: absent.
      if (list.length > 0) values.set(lower(key), list);
    }
  }
  return values;
}

/** Adds the keys AWS derives from the caller and the resource, where the request gave none. */
export function deriveContext(values: Map<string, readonly string[]>, caller: Caller, resourceAccount: string): ContextLookup {
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
  const account = arnAccount(resource);
  if (account !== null) return account;
  if (given) return given;
  return caller.account;
}

/** The account field of an ARN when it is twelve digits, without building the whole ARN. */
function arnAccount(resource: string): string | null {
  if (!resource.startsWith('arn:')) return null;
  let colon = 3;
  for (let i = 0; i < 3; i++) {
    colon = resource.indexOf(':', colon + 1);
    if (colon < 0) return null;
  }
  const end = resource.indexOf(':', colon + 1);
  if (end !== colon + 13) return null;
  const account = resource.slice(colon + 1, end);
  return /^\d{12}$/.test(account) ? account : null;
}
