// Parameter style and binding checks shared by the adapters, so that both drivers accept and
// reject exactly the same calls: `?` positional or `@name` named (bare keys), never mixed.

import type { SqlParam } from './sql-database.js';

/** The parameters a statement declares, found by scanning its SQL outside literals/comments. */
export interface ParameterShape {
  readonly positional: number;
  readonly names: ReadonlySet<string>;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end < 0) return sql.length;
    if (sql.charAt(end + 1) !== quote) return end;
    i = end + 2; // a doubled quote is an escaped quote
  }
}

function skipUntil(sql: string, start: number, marker: string): number {
  const end = sql.indexOf(marker, start);
  return end < 0 ? sql.length : end + marker.length - 1;
}

/** Scans `sql`; throws a TypeError for `?NNN`, `:name`, `$name` or mixed styles. */
export function parameterShape(sql: string): ParameterShape {
  let positional = 0;
  const names = new Set<string>();
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(sql, i, c);
    else if (c === '[') i = skipUntil(sql, i, ']');
    else if (c === '-' && next === '-') i = skipUntil(sql, i, '\n');
    else if (c === '/' && next === '*') i = skipUntil(sql, i + 2, '*/');
    else if (c === '?') {
      if (/[0-9]/.test(next)) throw new TypeError(`numbered parameters (?NNN) are not supported: ${sql}`);
      positional++;
    } else if (c === '@') {
      let end = i + 1;
      if (!NAME_START.test(sql.charAt(end))) throw new TypeError(`bad @name parameter in: ${sql}`);
      while (end < sql.length && NAME_PART.test(sql.charAt(end))) end++;
      names.add(sql.slice(i + 1, end));
      i = end - 1;
    } else if ((c === ':' || c === '$') && NAME_START.test(next)) {
      throw new TypeError(`use @name for named parameters, not ${c}name: ${sql}`);
    }
  }
  if (positional > 0 && names.size > 0) {
    throw new TypeError(`a statement uses either ? or @name parameters, not both: ${sql}`);
  }
  return { positional, names };
}

/** A plain object of named parameters (not a Buffer/Uint8Array, not an array, not null). */
export function isNamedParams(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Array.isArray(value);
}

function checkValue(value: unknown, label: string): asserts value is SqlParam {
  const t = typeof value;
  if (value === null || t === 'number' || t === 'bigint' || t === 'string' || value instanceof Uint8Array) return;
  throw new TypeError(
    `parameter ${label} must be null, a number, a bigint, a string or a Uint8Array; got ${value === undefined ? 'undefined' : t}`,
  );
}

/**
 * Checks `params` against `shape` and returns the driver's arguments. `namePrefix` is put
 * before each named key ('@' for node:sqlite, '' for better-sqlite3).
 */
export function bindArguments(shape: ParameterShape, params: readonly unknown[], namePrefix: string): unknown[] {
  const first = params[0];
  if (shape.names.size > 0) {
    if (params.length !== 1 || !isNamedParams(first)) {
      throw new TypeError(`this statement takes one object of named parameters (${[...shape.names].join(', ')})`);
    }
    const out: Record<string, unknown> = {};
    for (const name of shape.names) {
      if (!Object.prototype.hasOwnProperty.call(first, name)) throw new RangeError(`missing named parameter "${name}"`);
      const value = first[name];
      checkValue(value, `@${name}`);
      out[namePrefix + name] = value;
    }
    for (const key of Object.keys(first)) {
      if (!shape.names.has(key)) throw new RangeError(`unknown named parameter "${key}"`);
    }
    return [out];
  }
  if (params.length === 1 && isNamedParams(first)) {
    if (Object.keys(first).length > 0) throw new TypeError('this statement has no @name parameters');
    params = [];
  }
  if (params.length !== shape.positional) {
    throw new RangeError(`expected ${shape.positional} parameter value(s), got ${params.length}`);
  }
  params.forEach((value, index) => checkValue(value, `${index + 1}`));
  return [...params];
}
