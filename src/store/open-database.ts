// Chooses the SQLite adapter that loads in the running Node (node:sqlite first, then
// better-sqlite3) and opens a database with it.

import { BetterSqliteDatabase, betterSqliteUnavailableReason } from './better-sqlite-database.js';
import { NodeSqliteDatabase, nodeSqliteUnavailableReason } from './node-sqlite-database.js';
import type { OpenDatabaseOptions, SqlAdapterName, SqlDatabase } from './sql-database.js';
import { SqlAdapterUnavailableError } from './sql-errors.js';

/** Whether one adapter loads here, and why not if it does not. */
export type SqlAdapterProbe =
  | { readonly name: SqlAdapterName; readonly available: true }
  | { readonly name: SqlAdapterName; readonly available: false; readonly reason: string };

/** The adapters in order of preference. */
export const SQL_ADAPTERS: readonly SqlAdapterName[] = ['node-sqlite', 'better-sqlite3'];

/** Loads (once) and reports one adapter. Probing better-sqlite3 loads its native binary. */
export function probeSqlAdapter(name: SqlAdapterName): SqlAdapterProbe {
  const reason = name === 'node-sqlite' ? nodeSqliteUnavailableReason() : betterSqliteUnavailableReason();
  return reason === undefined ? { name, available: true } : { name, available: false, reason };
}

/** The adapter `openDatabase` picks here, or SqlAdapterUnavailableError. */
export function selectSqlAdapter(): SqlAdapterName {
  const reasons: Record<string, string> = {};
  for (const name of SQL_ADAPTERS) {
    const probe = probeSqlAdapter(name);
    if (probe.available) return name;
    reasons[name] = probe.reason;
  }
  throw new SqlAdapterUnavailableError(reasons);
}

/**
 * Opens a SQLite database file (created if missing) or ':memory:' with WAL, synchronous=FULL
 * (or NORMAL with `groupCommit`), foreign_keys=ON and a busy timeout.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqlDatabase {
  const adapter = options.adapter ?? selectSqlAdapter();
  const settings = {
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    groupCommit: options.groupCommit === true,
  };
  return adapter === 'node-sqlite' ? NodeSqliteDatabase.open(path, settings) : BetterSqliteDatabase.open(path, settings);
}
