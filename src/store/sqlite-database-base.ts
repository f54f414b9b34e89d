// What both SQLite adapters share on top of their driver: connection pragmas (WAL, FULL sync
// or group commit, foreign keys, busy timeout), nested transactions via SAVEPOINT, batched
// writes (one commit per event-loop turn), statements, the durability barrier and closing.

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
  /** Batched writes: top-level transactions of one event-loop turn share one commit. */
  #batching = false;
  #batchOpen = false;
  readonly #batchLostListeners = new Set<(error: Error) => void>();
  /** BEGIN, COMMIT, SAVEPOINT and friends, prepared once each. */
  readonly #control = new Map<string, DriverStatement>();
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
    if (this.#depth === 0 && !this.#batchOpen) this.#commits++;
  }

  get syncCount(): number {
    return this.#syncs;
  }

  durable(): Promise<void> {
    if (!this.#groupCommit) return RESOLVED;
    // An open batch is the next commit; committing it starts the sync that covers it.
    if (this.#batchOpen) return new Promise<void>((resolve, reject) => this.#waiters.push({ commit: this.#commits + 1, resolve, reject }));
    if (this.#synced >= this.#commits) return RESOLVED;
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

  batchWrites(): void {
    this.assertOpen();
    if (!this.#groupCommit) throw new SqlError('batched writes need group commit on a database file', 'SQLITE_MISUSE');
    this.#batching = true;
  }

  onBatchLost(listener: (error: Error) => void): () => void {
    this.#batchLostListeners.add(listener);
    return () => this.#batchLostListeners.delete(listener);
  }

  transaction<T>(fn: () => T): T {
    this.assertOpen();
    const depth = this.#depth;
    if (depth === 0 && this.#batching) this.#openBatch();
    // Inside a batch, a top-level transaction is a savepoint of the batch's transaction.
    const outermost = depth === 0 && !this.#batchOpen;
    const savepoint = `gantry_sp_${depth}`;
    this.#run(outermost ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
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
      this.rollback(outermost, savepoint);
      throw err;
    }
    this.#depth = depth;
    try {
      this.#run(outermost ? 'COMMIT' : `RELEASE ${savepoint}`);
    } catch (err) {
      this.rollback(outermost, savepoint);
      throw err;
    }
    if (outermost) this.#commits++;
    return result;
  }

  /** Undoes the current level; errors are ignored (SQLite may already have rolled back). */
  private rollback(outermost: boolean, savepoint: string): void {
    if (!this.#open) return;
    try {
      if (outermost) this.#run('ROLLBACK');
      else {
        this.#run(`ROLLBACK TO ${savepoint}`);
        this.#run(`RELEASE ${savepoint}`);
      }
    } catch {
      // the original error is the one worth reporting
    }
  }

  /** Runs a transaction-control statement, prepared the first time it is used. */
  #run(sql: string): void {
    let statement = this.#control.get(sql);
    if (!statement) {
      statement = callDriver(() => this.driverPrepare(sql));
      this.#control.set(sql, statement);
    }
    const prepared = statement;
    callDriver(() => prepared.run([]));
  }

  /** The batch of this turn: begun by its first transaction, committed once the turn's I/O callbacks have run. */
  #openBatch(): void {
    if (this.#batchOpen) return;
    this.#run('BEGIN IMMEDIATE');
    this.#batchOpen = true;
    setImmediate(() => this.#commitBatch(true));
  }

  /** Commits the open batch, if any, then (`sync`) starts the WAL sync its waiters need. */
  #commitBatch(sync: boolean): void {
    if (!this.#batchOpen || !this.#open) return;
    this.#batchOpen = false;
    try {
      this.#run('COMMIT');
    } catch (error) {
      this.#batchLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.#commits++;
    if (sync) this.#syncWal();
  }

  /**
   * The batch did not commit (a full disk, an I/O error): nothing it wrote is on disk. Every
   * request that waits for it is told so, and caches that may hold its writes are dropped.
   */
  #batchLost(cause: Error): void {
    try {
      this.driverExec('ROLLBACK');
    } catch {
      // SQLite may have rolled back already
    }
    const error = new SqlError(`a batch of writes to ${this.path} did not commit: ${cause.message}`, cause instanceof SqlError ? cause.code : 'SQLITE_IOERR');
    const lost = this.#waiters.filter((w) => w.commit > this.#commits);
    this.#waiters = this.#waiters.filter((w) => w.commit <= this.#commits);
    for (const waiter of lost) waiter.reject(error);
    for (const listener of this.#batchLostListeners) listener(error);
  }

  close(): void {
    if (!this.#open) return;
    if (this.#depth > 0) throw new SqlError('cannot close the database inside a transaction', 'SQLITE_MISUSE');
    this.#commitBatch(false);
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
