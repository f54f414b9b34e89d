// What both SQLite adapters share on top of their driver: connection pragmas (WAL, FULL sync,
// foreign keys, busy timeout), nested transactions via SAVEPOINT, statements and closing.

import type { PrepareOptions, SqlAdapterName, SqlDatabase, SqlStatement } from './sql-database.js';
import { SqlError } from './sql-errors.js';
import { parameterShape } from './sql-parameters.js';
import { callDriver, closedError, SharedStatement, type DriverStatement } from './sql-statement.js';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** True for paths SQLite opens as a private in-memory or temporary database. */
export function isMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export abstract class SqliteDatabaseBase implements SqlDatabase {
  abstract readonly adapter: SqlAdapterName;
  #open = true;
  #depth = 0;

  protected constructor(readonly path: string) {}

  /** Runs SQL without parameters on the driver. */
  protected abstract driverExec(sql: string): void;
  /** Prepares a driver statement that reads integers as bigint. */
  protected abstract driverPrepare(sql: string): DriverStatement;
  protected abstract driverClose(): void;
  /** How the driver wants named keys: '@name' or bare 'name'. */
  protected abstract readonly namePrefix: string;

  get isOpen(): boolean {
    return this.#open;
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  /** Applies the connection pragmas; called once by each adapter's factory right after opening. */
  protected configure(busyTimeoutMs: number = DEFAULT_BUSY_TIMEOUT_MS): void {
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    }
    this.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    const mode = this.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
    if (!isMemoryPath(this.path) && mode !== 'wal') {
      throw new SqlError(`could not enable WAL for ${this.path} (journal_mode is ${String(mode)})`, 'SQLITE_CANTOPEN');
    }
    this.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON');
  }

  private assertOpen(): void {
    if (!this.#open) throw closedError();
  }

  exec(sql: string): void {
    this.assertOpen();
    callDriver(() => this.driverExec(sql));
  }

  prepare(sql: string): SqlStatement<number>;
  prepare(sql: string, options: PrepareOptions & { readonly bigints: true }): SqlStatement<bigint>;
  prepare(sql: string, options?: PrepareOptions): SqlStatement<number> | SqlStatement<bigint>;
  prepare(sql: string, options?: PrepareOptions): SqlStatement<number> | SqlStatement<bigint> {
    this.assertOpen();
    const shape = parameterShape(sql);
    const driver = callDriver(() => this.driverPrepare(sql));
    const bigints = options?.bigints === true;
    const statement = new SharedStatement(sql, driver, shape, this, bigints, this.namePrefix);
    return statement as SqlStatement<number> | SqlStatement<bigint>;
  }

  transaction<T>(fn: () => T): T {
    this.assertOpen();
    const depth = this.#depth;
    const savepoint = `gantry_sp_${depth}`;
    this.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.#depth = depth + 1;
    let result: T;
    try {
      result = fn();
      if (isThenable(result)) {
        Promise.resolve(result).catch(() => undefined); // it is abandoned: keep its rejection quiet
        throw new TypeError('transaction() needs a synchronous function; it returned a promise');
      }
    } catch (err) {
      this.#depth = depth;
      this.rollback(depth, savepoint);
      throw err;
    }
    this.#depth = depth;
    try {
      this.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
    } catch (err) {
      this.rollback(depth, savepoint);
      throw err;
    }
    return result;
  }

  /** Undoes the current level; errors are ignored (SQLite may already have rolled back). */
  private rollback(depth: number, savepoint: string): void {
    if (!this.#open) return;
    const sql = depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`;
    try {
      this.driverExec(sql);
    } catch {
      // the original error is the one worth reporting
    }
  }

  close(): void {
    if (!this.#open) return;
    if (this.#depth > 0) throw new SqlError('cannot close the database inside a transaction', 'SQLITE_MISUSE');
    this.#open = false;
    this.driverClose();
  }
}
