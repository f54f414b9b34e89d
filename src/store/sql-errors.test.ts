// Unit tests for SQLite error translation (codes from node:sqlite numbers and messages).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConstraintError, SqlError, sqliteCodeName, translateSqliteError } from './sql-errors.js';

describe('sqliteCodeName', () => {
  it('names primary and constraint extended codes', () => {
    assert.equal(sqliteCodeName(2067), 'SQLITE_CONSTRAINT_UNIQUE');
    assert.equal(sqliteCodeName(1555), 'SQLITE_CONSTRAINT_PRIMARYKEY');
    assert.equal(sqliteCodeName(787), 'SQLITE_CONSTRAINT_FOREIGNKEY');
    assert.equal(sqliteCodeName(5), 'SQLITE_BUSY');
    assert.equal(sqliteCodeName(261), 'SQLITE_BUSY'); // SQLITE_BUSY_RECOVERY
  });
});

describe('translateSqliteError', () => {
  it('maps node:sqlite errors with and without errcode', () => {
    const withCode = Object.assign(new Error('UNIQUE constraint failed: t.a'), { code: 'ERR_SQLITE_ERROR', errcode: 2067 });
    const translated = translateSqliteError(withCode);
    assert.ok(translated instanceof ConstraintError);
    assert.equal(translated.kind, 'unique');
    assert.deepEqual(translated.columns, ['t.a']);
    assert.equal(translated.cause, withCode);
    const bare = Object.assign(new Error('FOREIGN KEY constraint failed'), { code: 'ERR_SQLITE_ERROR' });
    assert.equal((translateSqliteError(bare) as ConstraintError).kind, 'foreign-key');
  });

  it('maps better-sqlite3 SqliteErrors and leaves other errors alone', () => {
    const sqlite = Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
    const translated = translateSqliteError(sqlite);
    assert.ok(translated instanceof SqlError && !(translated instanceof ConstraintError));
    assert.equal(translated.code, 'SQLITE_BUSY');
    const other = new TypeError('nope');
    assert.equal(translateSqliteError(other), other);
  });
});
