// The migrations runner: applies numbered SQL migrations in order, each in its own
// transaction, recording them in schema_migrations so that a re-run does nothing.

import type { SqlDatabase } from './sql-database.js';

export interface Migration {
  /** Positive integer; migrations apply in ascending id order. Never reuse or renumber one. */
  readonly id: number;
  readonly name: string;
  /** One or more statements; no BEGIN/COMMIT (the runner wraps it in a transaction). */
  readonly sql: string;
}

export interface MigrateResult {
  /** Ids applied by this call, in order. */
  readonly applied: number[];
  /** The highest applied id afterwards (0 when there are none). */
  readonly version: number;
}

/** The migration list and the database disagree (bad ids, renamed or unknown migrations). */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

function checkList(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.id) || m.id <= 0) throw new MigrationError(`migration id must be a positive integer: ${m.id}`);
    if (seen.has(m.id)) throw new MigrationError(`duplicate migration id ${m.id}`);
    if (m.name.trim() === '') throw new MigrationError(`migration ${m.id} has no name`);
    seen.add(m.id);
  }
  return [...migrations].sort((a, b) => a.id - b.id);
}

/**
 * Applies the migrations not yet recorded; throws MigrationError when the history disagrees.
 * Pass every migration of the database (all engines' lists) in one call: a recorded id missing
 * from the list means the database is newer than this code, and is refused.
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[]): MigrateResult {
  const ordered = checkList(migrations);
  const byId = new Map(ordered.map((m) => [m.id, m]));
  db.exec(CREATE_TABLE);
  const recorded = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id');
  for (const row of recorded.all()) {
    const known = byId.get(Number(row['id']));
    if (!known) {
      throw new MigrationError(
        `the database has migration ${String(row['id'])} (${String(row['name'])}), unknown to this version ` +
          '(pass every migration of a database in one migrate() call)',
      );
    }
    if (known.name !== row['name']) {
      throw new MigrationError(`migration ${known.id} is recorded as "${String(row['name'])}" but is now "${known.name}"`);
    }
  }
  const isApplied = db.prepare('SELECT 1 AS applied FROM schema_migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (@id, @name, @appliedAt)');
  const applied: number[] = [];
  for (const m of ordered) {
    db.transaction(() => {
      if (isApplied.get(m.id)) return; // another connection got there first
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new MigrationError(`migration ${m.id} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      record.run({ id: m.id, name: m.name, appliedAt: new Date().toISOString() });
      applied.push(m.id);
    });
  }
  const last = db.prepare('SELECT max(id) AS version FROM schema_migrations').get()?.['version'];
  return { applied, version: typeof last === 'number' ? last : 0 };
}
