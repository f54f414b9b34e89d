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

/** Folds of frozen layers, kept for as long as the layer object lives. */
const folds = new WeakMap<object, Map<string, readonly string[]>>();

function foldOf(layer: Readonly<Record<string, ContextValue>>): Map<string, readonly string[]> {
  if (!Object.isFrozen(layer)) return readContext(layer);
  let folded = folds.get(layer);
  if (!folded) {
    folded = readContext(layer);
    folds.set(layer, folded);
  }
  return folded;
}

/** The request's keys over all its layers (`context` last), folded only when first asked for. */
export function givenContext(
  layers: readonly (Readonly<Record<string, ContextValue>> | undefined)[] | undefined,
  context: Readonly<Record<string, ContextValue>> | undefined,
): ContextLookup {
  const all = context ? [...(layers ?? []), context] : (layers ?? []);
  let maps: Map<string, readonly string[]>[] | null = null;
  return (lowerKey) => {
    maps ??= all.filter((layer) => layer !== undefined).map(foldOf);
    for (let i = maps.length - 1; i >= 0; i--) {
      const value = (maps[i] as Map<string, readonly string[]>).get(lowerKey);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** A key AWS derives from the caller or the resource; undefined when it does not apply. */
function derivedKey(lowerKey: string, caller: Caller, resourceAccount: string): string | undefined {
  if (lowerKey === 'aws:resourceaccount') return resourceAccount;
  if (caller.kind === 'service') {
    if (lowerKey === 'aws:principalisawsservice') return 'true';
    if (lowerKey === 'aws:principalservicename') return caller.arn;
    return undefined;
  }
  if (caller.kind === 'anonymous') return lowerKey === 'aws:principaltype' ? principalType(caller.kind) : undefined;
  switch (lowerKey) {
    case 'aws:principalarn': return caller.principalArn;
    case 'aws:principalaccount': return caller.account;
    case 'aws:principaltype': return principalType(caller.kind);
    case 'aws:principalisawsservice': return 'false';
    case 'aws:username': return caller.kind === 'user' ? caller.name : undefined;
    case 'aws:userid':
      if (caller.kind === 'root') return caller.account;
      if (caller.kind === 'federated-user') return `${caller.account}:${caller.name}`;
      return undefined;
    default: return undefined;
  }
}

/** The keys the request gave, then the keys AWS derives from the caller and the resource where the request gave none. */
export function deriveContext(given: ContextLookup, caller: Caller, resourceAccount: string): ContextLookup {
  return (lowerKey) => {
    const value = given(lowerKey);
    if (value !== undefined) return value;
    const derived = derivedKey(lowerKey, caller, resourceAccount);
    return derived !== undefined && derived !== '' ? [derived] : undefined;
  };
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
