// The better-sqlite3 adapter (a native addon, built for one Node ABI). Loaded lazily with
// createRequire so that a Node whose ABI differs never touches the binary unless asked.

import { createRequire } from 'node:module';
import { SqlAdapterUnavailableError } from './sql-errors.js';
import { callDriver, type DriverStatement } from './sql-statement.js';
import { SqliteDatabaseBase, type ConnectionSettings } from './sqlite-database-base.js';

interface BetterStatement {
  readonly reader: boolean;
  safeIntegers(enabled: boolean): unknown;
  run(...args: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
}

interface BetterConnection {
  exec(sql: string): unknown;
  prepare(sql: string): BetterStatement;
  close(): unknown;
}

type BetterConstructor = new (path: string) => BetterConnection;

const require = createRequire(import.meta.url);
let loaded: { Database: BetterConstructor } | { reason: string } | undefined;

function reasonFor(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return 'better-sqlite3 is not installed';
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) {
    return `better-sqlite3 is built for another Node ABI (NODE_MODULE_VERSION ${abi[1]}; ` +
      `Node ${process.version} needs ${abi[2]}; run npm rebuild better-sqlite3 under this Node)`;
  }
  return `better-sqlite3 failed to load: ${message.split('\n')[0] ?? message}`;
}

/** Loads the module and its native binary once (the binary loads on first construction). */
function load(): { Database: BetterConstructor } | { reason: string } {
  if (loaded) return loaded;
  try {
    const Database = require('better-sqlite3') as BetterConstructor;
    new Database(':memory:').close();
    loaded = { Database };
  } catch (err) {
    loaded = { reason: reasonFor(err) };
  }
  return loaded;
}

/** Undefined when better-sqlite3 loads in this Node, else why not. */
export function betterSqliteUnavailableReason(): string | undefined {
  const result = load();
  return 'reason' in result ? result.reason : undefined;
}

export class BetterSqliteDatabase extends SqliteDatabaseBase {
  readonly adapter = 'better-sqlite3' as const;
  protected readonly namePrefix = '';

  private constructor(
    path: string,
    private readonly db: BetterConnection,
  ) {
    super(path);
  }

  /** Opens `path` (a file, created if missing, or ':memory:') and applies the pragmas. */
  static open(path: string, options: ConnectionSettings = {}): BetterSqliteDatabase {
    const result = load();
    if ('reason' in result) throw new SqlAdapterUnavailableError({ 'better-sqlite3': result.reason });
    const connection = callDriver(() => new result.Database(path));
    const db = new BetterSqliteDatabase(path, connection);
    try {
      db.configure(options);
    } catch (err) {
      db.close();
      throw err;
    }
    return db;
  }

  protected driverExec(sql: string): void {
    this.db.exec(sql);
  }

  protected driverPrepare(sql: string): DriverStatement {
    const statement = this.db.prepare(sql);
    statement.safeIntegers(true);
    // better-sqlite3 refuses get()/all() on statements that return no rows; node:sqlite runs
    // them and returns nothing. The port follows node:sqlite.
    return {
      run: (args) => statement.run(...args),
      get: (args) => (statement.reader ? statement.get(...args) : void statement.run(...args)),
      all: (args) => (statement.reader ? statement.all(...args) : (statement.run(...args), [])),
    };
  }

  protected driverClose(): void {
    this.db.close();
  }
}
