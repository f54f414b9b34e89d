// The SqlStatement every adapter returns: checks parameters the same way for both drivers,
// translates SQLite errors and normalises rows and integers.

import type { RunResult, SqlParams, SqlRow, SqlStatement } from './sql-database.js';
import { SqlError, translateSqliteError } from './sql-errors.js';
import { bindArguments, type ParameterShape } from './sql-parameters.js';
import { normalizeRow, toInteger } from './sql-values.js';

/** What an adapter gives the shared statement: the driver's calls, with integers read as bigint. */
export interface DriverStatement {
  run(args: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  /** undefined when there is no row or the statement returns no rows. */
  get(args: unknown[]): unknown;
  all(args: unknown[]): unknown[];
}

/** What a statement needs to know about its connection. */
export interface StatementOwner {
  readonly isOpen: boolean;
  /** A statement wrote (outside a transaction that is a commit of its own). */
  noteWrite(): void;
}

/** Runs `fn`, turning driver errors into SqlError/ConstraintError. */
export function callDriver<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw translateSqliteError(err);
  }
}

export function closedError(): SqlError {
  return new SqlError('the database connection is closed', 'SQLITE_MISUSE');
}

export class SharedStatement implements SqlStatement<number | bigint> {
  constructor(
    readonly sql: string,
    private readonly driver: DriverStatement,
    private readonly shape: ParameterShape,
    private readonly owner: StatementOwner,
    private readonly bigints: boolean,
    private readonly namePrefix: string,
  ) {}

  private args(params: readonly unknown[]): unknown[] {
    if (!this.owner.isOpen) throw closedError();
    return bindArguments(this.shape, params, this.namePrefix);
  }

  run(...params: SqlParams): RunResult<number | bigint> {
    const args = this.args(params);
    const result = callDriver(() => this.driver.run(args));
    this.owner.noteWrite();
    const changes = Number(result.changes);
    const rowid = result.lastInsertRowid;
    try {
      return { changes, lastInsertRowid: toInteger(rowid, this.bigints, 'lastInsertRowid') };
    } catch (err) {
      // The write happened: only reading an unrepresentable rowid fails, not run() itself.
      return {
        changes,
        get lastInsertRowid(): number {
          throw err;
        },
      };
    }
  }

  get(...params: SqlParams): SqlRow<number | bigint> | undefined {
    const args = this.args(params);
    const row = callDriver(() => this.driver.get(args));
    return row === undefined ? undefined : normalizeRow(row, this.bigints);
  }

  all(...params: SqlParams): SqlRow<number | bigint>[] {
    const args = this.args(params);
    return callDriver(() => this.driver.all(args)).map((row) => normalizeRow(row, this.bigints));
  }
}
