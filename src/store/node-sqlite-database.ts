// The node:sqlite adapter (Node 22.13+/23.4+, or 22.5+ with --experimental-sqlite). Loads the
// builtin lazily and hides only its "SQLite is an experimental feature" warning.

import { createRequire } from 'node:module';
import { SqlAdapterUnavailableError } from './sql-errors.js';
import { callDriver, type DriverStatement } from './sql-statement.js';
import { SqliteDatabaseBase, type ConnectionSettings } from './sqlite-database-base.js';

interface NodeSqliteStatement {
  run(...args: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  setReadBigInts(enabled: boolean): void;
}

interface NodeSqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): NodeSqliteStatement;
  close(): void;
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeSqliteConnection;
}

const require = createRequire(import.meta.url);
let loaded: { module: NodeSqliteModule } | { reason: string } | undefined;

function isSqliteExperimentalWarning(warning: unknown, typeOrOptions: unknown): boolean {
  const type =
    typeof typeOrOptions === 'string'
      ? typeOrOptions
      : (typeOrOptions as { type?: unknown } | undefined)?.type ?? (warning instanceof Error ? warning.name : undefined);
  const message = warning instanceof Error ? warning.message : String(warning);
  return type === 'ExperimentalWarning' && message.includes('SQLite');
}

/** require(id) with only the SQLite ExperimentalWarning filtered out while it loads. */
function requireWithoutSqliteWarning(id: string): unknown {
  const original = process.emitWarning;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  try {
    return require(id);
  } finally {
    if (process.emitWarning === filtered) process.emitWarning = original;
  }
}

function load(): { module: NodeSqliteModule } | { reason: string } {
  if (loaded) return loaded;
  try {
    loaded = { module: requireWithoutSqliteWarning('node:sqlite') as NodeSqliteModule };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    loaded = {
      reason:
        code === 'ERR_UNKNOWN_BUILTIN_MODULE'
          ? `node:sqlite is not in Node ${process.version} without flags (it is from 22.13 / 23.4)`
          : `node:sqlite failed to load: ${(err as Error).message}`,
    };
  }
  return loaded;
}

/** Undefined when node:sqlite loads in this Node, else why not. */
export function nodeSqliteUnavailableReason(): string | undefined {
  const result = load();
  return 'reason' in result ? result.reason : undefined;
}

export class NodeSqliteDatabase extends SqliteDatabaseBase {
  readonly adapter = 'node-sqlite' as const;
  protected readonly namePrefix = '@';

  private constructor(
    path: string,
    private readonly db: NodeSqliteConnection,
  ) {
    super(path);
  }

  /** Opens `path` (a file, created if missing, or ':memory:') and applies the pragmas. */
  static open(path: string, options: ConnectionSettings = {}): NodeSqliteDatabase {
    const result = load();
    if ('reason' in result) throw new SqlAdapterUnavailableError({ 'node-sqlite': result.reason });
    const connection = callDriver(() => new result.module.DatabaseSync(path));
    const db = new NodeSqliteDatabase(path, connection);
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
    statement.setReadBigInts(true);
    return {
      run: (args) => statement.run(...args),
      get: (args) => statement.get(...args),
      all: (args) => statement.all(...args),
    };
  }

  protected driverClose(): void {
    this.db.close();
  }
}
