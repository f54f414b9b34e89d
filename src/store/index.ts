// Public surface of the storage layer: the SqlDatabase port and its adapters, migrations,
// atomic file writes and the data directory.

export type {
  NamedParams,
  OpenDatabaseOptions,
  PrepareOptions,
  RunResult,
  SqlAdapterName,
  SqlDatabase,
  SqlParam,
  SqlParams,
  SqlRow,
  SqlStatement,
  SqlValue,
} from './sql-database.js';
export { ConstraintError, SqlAdapterUnavailableError, SqlError, type ConstraintKind } from './sql-errors.js';
export { openDatabase, probeSqlAdapter, selectSqlAdapter, SQL_ADAPTERS, type SqlAdapterProbe } from './open-database.js';
export { NodeSqliteDatabase } from './node-sqlite-database.js';
export { BetterSqliteDatabase } from './better-sqlite-database.js';
export { migrate, MigrationError, type Migration, type MigrateResult } from './migrate.js';
export { writeFileAtomic, writeFileAtomicSync, type WriteFileAtomicOptions } from './write-file-atomic.js';
export { DataDir, DATA_DIR_MODE } from './data-dir.js';
