// The SqlDatabase port: a small synchronous SQLite interface that every adapter implements
// identically (see docs/decisions/0002-sqlite-adapters.md for the exact contract).

/** The adapters that implement the port. */
export type SqlAdapterName = 'node-sqlite' | 'better-sqlite3';

/** A value bound to a `?` or `@name` parameter. No booleans, no undefined: use 1/0 and null. */
export type SqlParam = null | number | bigint | string | Uint8Array;

/** Named parameters: SQL says `@name`, the object's keys are bare (`{ name: 'x' }`). */
export type NamedParams = { readonly [name: string]: SqlParam };

/** Either positional values for `?`, or exactly one object for `@name` parameters. */
export type SqlParams = SqlParam[] | [NamedParams];

/**
 * A value read back. INTEGER columns are `number` by default (a RangeError if one is outside
 * Number.MAX_SAFE_INTEGER, never a silently rounded value) or `bigint` with `{ bigints: true }`;
 * REAL columns are always `number`; BLOB columns are always `Buffer`.
 */
export type SqlValue<I extends number | bigint = number> = null | number | I | string | Buffer;

/** One row: column name (or alias) to value. */
export type SqlRow<I extends number | bigint = number> = Record<string, SqlValue<I>>;

/** What `run()` reports. */
export interface RunResult<I extends number | bigint = number> {
  /** Rows changed by the last INSERT/UPDATE/DELETE. */
  readonly changes: number;
  /** The rowid of the last inserted row on this connection. */
  readonly lastInsertRowid: I;
}

/** A prepared statement; reuse it for repeated work. */
export interface SqlStatement<I extends number | bigint = number> {
  readonly sql: string;
  /** Executes the statement (any kind) and reports changes. */
  run(...params: SqlParams): RunResult<I>;
  /** The first row, or undefined when there is none (or the statement returns no rows). */
  get(...params: SqlParams): SqlRow<I> | undefined;
  /** Every row (an empty array when the statement returns no rows). */
  all(...params: SqlParams): SqlRow<I>[];
}

/** Options for `prepare`. */
export interface PrepareOptions {
  /** Read every INTEGER (and lastInsertRowid) as bigint. */
  readonly bigints?: boolean;
}

/** Options for `openDatabase`. */
export interface OpenDatabaseOptions {
  /** Force an adapter; by default node:sqlite when it loads, else better-sqlite3. */
  readonly adapter?: SqlAdapterName;
  /** How long a statement waits for another connection's lock (PRAGMA busy_timeout). */
  readonly busyTimeoutMs?: number;
  /**
   * Group commit: commits are written with synchronous=NORMAL (no fsync on the calling thread)
   * and `durable()` makes them durable with one asynchronous fdatasync of the WAL shared by
   * every commit written meanwhile. Without it (the default) every commit is synchronous=FULL.
   */
  readonly groupCommit?: boolean;
  /** Page size of a database created by this open (a power of two, 512-65536); an existing one keeps its own. */
  readonly pageSize?: number;
}

/** One open SQLite connection. Not safe to share across worker threads. */
export interface SqlDatabase {
  readonly adapter: SqlAdapterName;
  /** The file path, or ':memory:'. */
  readonly path: string;
  readonly isOpen: boolean;
  /** True inside `transaction()` (at any depth). */
  readonly inTransaction: boolean;
  /** Runs one or more statements without parameters (schema scripts, pragmas). */
  exec(sql: string): void;
  prepare(sql: string): SqlStatement<number>;
  prepare(sql: string, options: PrepareOptions & { readonly bigints: true }): SqlStatement<bigint>;
  prepare(sql: string, options?: PrepareOptions): SqlStatement<number> | SqlStatement<bigint>;
  /**
   * Runs `fn` in a transaction (BEGIN IMMEDIATE at depth 0, a SAVEPOINT when nested): commits
   * when it returns, rolls back and rethrows when it throws. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  /**
   * From now on (group commit only), top-level transactions of one event-loop turn are
   * savepoints of one transaction, committed once at the end of the turn (setImmediate): one
   * commit, and one write of each page they share, instead of one per transaction. Statements
   * run outside `transaction()` meanwhile join the batch. `durable()` waits for the batch's
   * commit and sync; if the commit fails, it rejects and `onBatchLost` listeners are told.
   */
  batchWrites(): void;
  /** Called when a batch fails to commit (its writes are gone): caches built from them must be dropped. Returns an unsubscribe. */
  onBatchLost(listener: (error: Error) => void): () => void;
  /**
   * Resolves once every commit made so far on this connection is on disk: at once without
   * group commit or when nothing is pending. Rejects (SqlError) when the sync fails. Writes
   * count when made through `run()`, `exec()` or `transaction()` (a writing statement read
   * with `get()`/`all()` outside a transaction would not).
   */
  durable(): Promise<void>;
  /** How many WAL syncs group commit has started (for tests and benchmarks). */
  readonly syncCount: number;
  /** Closes the connection (syncing what group commit has pending); closing twice is a no-op; closing inside a transaction throws. */
  close(): void;
}
