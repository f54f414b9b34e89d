// The comparison behind each IAM condition operator, on one request value and one policy
// value. Set operators, IfExists and negation are applied around these in conditions.ts.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import { compileArnPattern } from './arn.js';
import { parseCidr, parseIp } from './ip-address.js';
import { compileGlob, type Matcher } from './wildcard.js';

/** A policy value prepared once; `test` compares one request value against it. */
export type ValueTest = (requestValue: string) => boolean;

export interface OperatorSpec {
  /** The positive operator this one negates, for explanations. */
  readonly negated: boolean;
  /** Whether policy variables are substituted in this operator's values. */
  readonly allowsVariables: boolean;
  /** Whether `*` and `?` are wildcards in its values. */
  readonly wildcards: boolean;
  readonly ignoreCase: boolean;
  /** Prepares a policy value; null when the value can never match (e.g. not a number). */
  prepare(policyValue: string): ValueTest | null;
}

function stringEquals(ignoreCase: boolean) {
  return (policyValue: string): ValueTest => {
    if (!ignoreCase) return (v) => v === policyValue;
    const lower = policyValue.toLowerCase();
    return (v) => v.toLowerCase() === lower;
  };
}

function numeric(compare: (a: number, b: number) => boolean) {
  return (policyValue: string): ValueTest | null => {
    const p = parseNumber(policyValue);
    if (p === null) return null;
    return (v) => {
      const r = parseNumber(v);
      return r !== null && compare(r, p);
    };
  };
}

function date(compare: (a: number, b: number) => boolean) {
  return (policyValue: string): ValueTest | null => {
    const p = parseDate(policyValue);
    if (p === null) return null;
    return (v) => {
      const r = parseDate(v);
      return r !== null && compare(r, p);
    };
  };
}

/** Numbers as IAM accepts them: integers and decimals, optionally signed. */
export function parseNumber(text: string): number | null {
  if (!/^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return null;
  return Number(text);
}

/** ISO 8601 date-times (with or without time and zone) or epoch seconds. */
export function parseDate(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function bool(policyValue: string): ValueTest | null {
  const p = policyValue.toLowerCase();
  if (p !== 'true' && p !== 'false') return null;
  return (v) => v.toLowerCase() === p;
}

function binary(policyValue: string): ValueTest | null {
  const p = decodeBase64(policyValue);
  if (p === null) return null;
  return (v) => decodeBase64(v) === p;
}

function decodeBase64(text: string): string | null {
  try {
    return atob(text.trim());
  } catch {
    return null;
  }
}

function ipAddress(policyValue: string): ValueTest | null {
  const cidr = parseCidr(policyValue);
  if (!cidr) return null;
  return (v) => {
    const ip = parseIp(v);
    return ip !== null && cidr.contains(ip);
  };
}

function like(ignoreCase: boolean) {
  return (policyValue: string): ValueTest => compileGlob(policyValue, ignoreCase) as Matcher;
}

function arnLike(policyValue: string): ValueTest {
  return compileArnPattern(policyValue);
}

function spec(
  negated: boolean,
  prepare: (v: string) => ValueTest | null,
  options: { variables?: boolean; wildcards?: boolean; ignoreCase?: boolean } = {},
): OperatorSpec {
  return {
    negated,
    prepare,
    allowsVariables: options.variables ?? false,
    wildcards: options.wildcards ?? false,
    ignoreCase: options.ignoreCase ?? false,
  };
}

const text = { variables: true };

/** Every operator IAM knows, by its lower-case name (without IfExists or set prefix). */
export const OPERATORS: ReadonlyMap<string, OperatorSpec & { readonly name: string }> = new Map(
  (
    [
      ['StringEquals', spec(false, stringEquals(false), text)],
      ['StringNotEquals', spec(true, stringEquals(false), text)],
      ['StringEqualsIgnoreCase', spec(false, stringEquals(true), { variables: true, ignoreCase: true })],
      ['StringNotEqualsIgnoreCase', spec(true, stringEquals(true), { variables: true, ignoreCase: true })],
      ['StringLike', spec(false, like(false), { variables: true, wildcards: true })],
      ['StringNotLike', spec(true, like(false), { variables: true, wildcards: true })],
      ['NumericEquals', spec(false, numeric((a, b) => a === b))],
      ['NumericNotEquals', spec(true, numeric((a, b) => a === b))],
      ['NumericLessThan', spec(false, numeric((a, b) => a < b))],
      ['NumericLessThanEquals', spec(false, numeric((a, b) => a <= b))],
      ['NumericGreaterThan', spec(false, numeric((a, b) => a > b))],
      ['NumericGreaterThanEquals', spec(false, numeric((a, b) => a >= b))],
      ['DateEquals', spec(false, date((a, b) => a === b))],
      ['DateNotEquals', spec(true, date((a, b) => a === b))],
      ['DateLessThan', spec(false, date((a, b) => a < b))],
      ['DateLessThanEquals', spec(false, date((a, b) => a <= b))],
      ['DateGreaterThan', spec(false, date((a, b) => a > b))],
      ['DateGreaterThanEquals', spec(false, date((a, b) => a >= b))],
      ['Bool', spec(false, bool)],
      ['BinaryEquals', spec(false, binary)],
      ['IpAddress', spec(false, ipAddress)],
      ['NotIpAddress', spec(true, ipAddress)],
      ['ArnEquals', spec(false, arnLike, { variables: true, wildcards: true })],
      ['ArnLike', spec(false, arnLike, { variables: true, wildcards: true })],
      ['ArnNotEquals', spec(true, arnLike, { variables: true, wildcards: true })],
      ['ArnNotLike', spec(true, arnLike, { variables: true, wildcards: true })],
    ] as const
  ).map(([name, s]) => [name.toLowerCase(), { ...s, name }]),
);
