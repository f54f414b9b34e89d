// Normalises values read by either driver: integers as safe numbers (or bigints on request),
// BLOBs as Buffer, rows as plain objects.

import type { SqlRow } from './sql-database.js';

/** A bigint as a number, or a RangeError rather than a rounded value. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

export function toSafeNumber(value: bigint, what: string): number {
  if (value > MAX_SAFE || value < MIN_SAFE) {
    throw new RangeError(
      `integer ${value} in ${what} is outside Number's safe range; prepare the statement with { bigints: true }`,
    );
  }
  return Number(value);
}

/** An integer from a driver in the caller's chosen representation. */
export function toInteger(value: number | bigint, bigints: boolean, what: string): number | bigint {
  if (bigints) return typeof value === 'bigint' ? value : BigInt(value);
  return typeof value === 'bigint' ? toSafeNumber(value, what) : value;
}

function toValue(value: unknown, bigints: boolean, column: string): unknown {
  if (typeof value === 'bigint') return bigints ? value : toSafeNumber(value, `column "${column}"`);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

/** A driver's row (read with bigints on) as a plain object of SqlValues. */
export function normalizeRow(raw: unknown, bigints: boolean): SqlRow<number | bigint> {
  const row: Record<string, unknown> = {};
  const source = raw as Record<string, unknown>;
  for (const column of Object.keys(source)) {
    const value = toValue(source[column], bigints, column);
    if (column === '__proto__') Object.defineProperty(row, column, { value, enumerable: true, writable: true });
    else row[column] = value;
  }
  return row as SqlRow<number | bigint>;
}
