// Typed SQLite errors shared by every adapter: SqlError (with SQLite's code name) and
// ConstraintError (with a kind), so engines never match driver message text.

/** Which constraint failed. 'unique' covers UNIQUE, PRIMARY KEY and rowid duplicates. */
export type ConstraintKind = 'unique' | 'foreign-key' | 'not-null' | 'check' | 'other';

/** An error reported by SQLite. `code` is SQLite's name, e.g. 'SQLITE_BUSY'. */
export class SqlError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SqlError';
    this.code = code;
  }
}

/** A constraint violation, e.g. a duplicate key: map `kind === 'unique'` to "already exists". */
export class ConstraintError extends SqlError {
  readonly kind: ConstraintKind;
  /** Best effort, from SQLite's text: 'table.column' for unique/not-null failures, else []. */
  readonly columns: readonly string[];
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, code, options);
    this.name = 'ConstraintError';
    this.kind = constraintKind(code);
    this.columns = this.kind === 'unique' || this.kind === 'not-null' ? columnsFrom(message) : [];
  }
}

const PRIMARY_CODES: readonly string[] = [
  'OK', 'ERROR', 'INTERNAL', 'PERM', 'ABORT', 'BUSY', 'LOCKED', 'NOMEM', 'READONLY', 'INTERRUPT',
  'IOERR', 'CORRUPT', 'NOTFOUND', 'FULL', 'CANTOPEN', 'PROTOCOL', 'EMPTY', 'SCHEMA', 'TOOBIG',
  'CONSTRAINT', 'MISMATCH', 'MISUSE', 'NOLFS', 'AUTH', 'FORMAT', 'RANGE', 'NOTADB', 'NOTICE',
  'WARNING',
];

/** SQLITE_CONSTRAINT's extended codes, indexed by (extended code >> 8). */
const CONSTRAINT_SUFFIXES: readonly string[] = [
  '', 'CHECK', 'COMMITHOOK', 'FOREIGNKEY', 'FUNCTION', 'NOTNULL', 'PRIMARYKEY', 'TRIGGER',
  'UNIQUE', 'VTAB', 'ROWID', 'PINNED', 'DATATYPE',
];

/** SQLite's name for a (possibly extended) numeric result code. */
export function sqliteCodeName(errcode: number): string {
  const primary = PRIMARY_CODES[errcode & 0xff] ?? String(errcode & 0xff);
  const suffix = primary === 'CONSTRAINT' ? CONSTRAINT_SUFFIXES[errcode >> 8] : '';
  return suffix ? `SQLITE_${primary}_${suffix}` : `SQLITE_${primary}`;
}

function constraintKind(code: string): ConstraintKind {
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case 'SQLITE_CONSTRAINT_ROWID':
      return 'unique';
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign-key';
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not-null';
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check';
    default:
      return 'other';
  }
}

function columnsFrom(message: string): string[] {
  const at = message.indexOf('constraint failed: ');
  if (at < 0) return [];
  return message.slice(at + 'constraint failed: '.length).split(', ').filter((c) => c.length > 0);
}

/** The code a message implies, for drivers that give no numeric code. */
function codeFromMessage(message: string): string {
  if (message.startsWith('UNIQUE constraint failed')) return 'SQLITE_CONSTRAINT_UNIQUE';
  if (message.startsWith('NOT NULL constraint failed')) return 'SQLITE_CONSTRAINT_NOTNULL';
  if (message.startsWith('FOREIGN KEY constraint failed')) return 'SQLITE_CONSTRAINT_FOREIGNKEY';
  if (message.startsWith('CHECK constraint failed')) return 'SQLITE_CONSTRAINT_CHECK';
  if (message.includes('database is locked')) return 'SQLITE_BUSY';
  return 'SQLITE_ERROR';
}

function make(message: string, code: string, cause: unknown): SqlError {
  return code.startsWith('SQLITE_CONSTRAINT')
    ? new ConstraintError(message, code, { cause })
    : new SqlError(message, code, { cause });
}

/**
 * Turns an error thrown by either driver into SqlError/ConstraintError when SQLite raised it;
 * returns anything else (argument TypeErrors, our own errors) unchanged.
 */
export function translateSqliteError(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof SqlError) return err;
  const { code, errcode } = err as Error & { code?: unknown; errcode?: unknown };
  // better-sqlite3: SqliteError with code 'SQLITE_CONSTRAINT_UNIQUE' etc.
  if (err.name === 'SqliteError' && typeof code === 'string' && code.startsWith('SQLITE_')) {
    return make(err.message, code, err);
  }
  // node:sqlite: code 'ERR_SQLITE_ERROR' with the extended result code in errcode.
  if (code === 'ERR_SQLITE_ERROR') {
    const name = typeof errcode === 'number' ? sqliteCodeName(errcode) : codeFromMessage(err.message);
    return make(err.message, name, err);
  }
  return err;
}

/** No SQLite adapter can load in this Node; `reasons` says why for each. */
export class SqlAdapterUnavailableError extends Error {
  readonly reasons: Readonly<Record<string, string>>;
  constructor(reasons: Readonly<Record<string, string>>) {
    const list = Object.entries(reasons).map(([name, reason]) => `${name}: ${reason}`);
    super(`no SQLite adapter can load in Node ${process.version} (${list.join('; ')})`);
    this.name = 'SqlAdapterUnavailableError';
    this.reasons = reasons;
  }
}
