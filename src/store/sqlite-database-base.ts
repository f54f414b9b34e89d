// What both SQLite adapters share on top of their driver: connection pragmas (WAL, FULL sync
// or group commit, foreign keys, busy timeout), nested transactions via SAVEPOINT, statements,
// the durability barrier and closing.

import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
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

const RESOLVED: Promise<void> = Promise.resolve();

interface SyncWaiter {
  readonly commit: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** What `openDatabase` passes to an adapter's connection. */
export interface ConnectionSettings {
  readonly busyTimeoutMs?: number;
  readonly groupCommit?: boolean;
  readonly pageSize?: number;
}

export abstract class SqliteDatabaseBase implements SqlDatabase {
  abstract readonly adapter: SqlAdapterName;
  #open = true;
  #depth = 0;
  /** Group commit: commits are written with synchronous=NORMAL and made durable by durable(). */
  #groupCommit = false;
  /** Commits (and autocommitted writes) so far, and how many of them an fdatasync has covered. */
  #commits = 0;
  #synced = 0;
  #syncs = 0;
  #syncing = false;
  #waiters: SyncWaiter[] = [];
  /** The WAL file, opened at the first sync. */
  #walFd: number | null = null;

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
  protected configure(settings: ConnectionSettings = {}): void {
    const { busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS, groupCommit = false, pageSize } = settings;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    }
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0)) {
      throw new RangeError(`pageSize must be a power of two from 512 to 65536, got ${pageSize}`);
    }
    this.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    // Only a new, empty database takes a page size, and only before it is switched to WAL.
    if (pageSize !== undefined) this.exec(`PRAGMA page_size = ${pageSize}`);
    const mode = this.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
    if (!isMemoryPath(this.path) && mode !== 'wal') {
      throw new SqlError(`could not enable WAL for ${this.path} (journal_mode is ${String(mode)})`, 'SQLITE_CANTOPEN');
    }
    this.#groupCommit = groupCommit && !isMemoryPath(this.path);
    this.exec(`PRAGMA synchronous = ${this.#groupCommit ? 'NORMAL' : 'FULL'}; PRAGMA foreign_keys = ON`);
    this.#synced = this.#commits;
  }

  /** Called by statements after a write: outside a transaction, that write committed on its own. */
  noteWrite(): void {
    if (this.#depth === 0) this.#commits++;
  }

  get syncCount(): number {
    return this.#syncs;
  }

  durable(): Promise<void> {
    if (this.#synced >= this.#commits || !this.#groupCommit) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ commit: this.#commits, resolve, reject });
      this.#syncWal();
    });
  }

  /**
   * One fdatasync of the WAL for every commit written so far; waiters whose commit came later
   * wait for the next one. With synchronous=NORMAL SQLite syncs the WAL before each checkpoint
   * and the database before the WAL is reused, so a synced WAL frame is a durable commit.
   */
  #syncWal(): void {
    if (this.#syncing || this.#waiters.length === 0) return;
    this.#syncing = true;
    const through = this.#commits;
    const settle = (error: Error | null) => {
      this.#syncing = false;
      if (!this.#open) return this.#closeWal();
      if (!error) this.#synced = Math.max(this.#synced, through);
      const done = this.#waiters.filter((w) => w.commit <= through);
      this.#waiters = this.#waiters.filter((w) => w.commit > through);
      for (const waiter of done) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      this.#syncWal();
    };
    let fd: number;
    try {
      fd = this.#wal();
    } catch (error) {
      queueMicrotask(() => settle(error as Error));
      return;
    }
    this.#syncs++;
    fdatasync(fd, (error) => settle(error ? new SqlError(`could not sync ${this.path}-wal: ${error.message}`, 'SQLITE_IOERR') : null));
  }

  #closeWal(): void {
    if (this.#walFd !== null) closeSync(this.#walFd);
    this.#walFd = null;
  }

  #wal(): number {
    this.#walFd ??= openSync(`${this.path}-wal`, 'r+');
    return this.#walFd;
  }

  private assertOpen(): void {
    if (!this.#open) throw closedError();
  }

  exec(sql: string): void {
    this.assertOpen();
    callDriver(() => this.driverExec(sql));
    this.noteWrite();
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
    // Whatever group commit has not synced yet is synced here, before SQLite may checkpoint.
    if (this.#groupCommit && this.#synced < this.#commits) fdatasyncSync(this.#wal());
    this.#synced = this.#commits;
    this.#open = false;
    this.driverClose();
    if (!this.#syncing) this.#closeWal();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }
}
