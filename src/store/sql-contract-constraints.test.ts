// SqlDatabase contract, part 2: constraint violations surface as typed ConstraintErrors.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import { ConstraintError, type ConstraintKind } from './sql-errors.js';

function isConstraint(kind: ConstraintKind, code: string, columns?: string[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ConstraintError, `expected ConstraintError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    assert.equal(err.code, code);
    if (columns) assert.deepEqual(err.columns, columns);
    return true;
  };
}

describeForEachAdapter('SqlDatabase constraints', ({ open }) => {
  const schema = `
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));
    CREATE TABLE keys (arn TEXT PRIMARY KEY, owner INTEGER REFERENCES users (id));
    CREATE TABLE pairs (a TEXT, b TEXT, UNIQUE (a, b));`;

  it('UNIQUE violations are ConstraintError kind unique', () => {
    const db = open(':memory:');
    db.exec(schema);
    const insert = db.prepare('INSERT INTO users (name) VALUES (?)');
    insert.run('alice');
    assert.throws(() => insert.run('alice'), isConstraint('unique', 'SQLITE_CONSTRAINT_UNIQUE', ['users.name']));
    db.prepare('INSERT INTO pairs VALUES (?, ?)').run('x', 'y');
    assert.throws(
      () => db.prepare('INSERT INTO pairs VALUES (?, ?)').run('x', 'y'),
      isConstraint('unique', 'SQLITE_CONSTRAINT_UNIQUE', ['pairs.a', 'pairs.b']),
    );
  });

  it('PRIMARY KEY duplicates (text and rowid) are kind unique too', () => {
    const db = open(':memory:');
    db.exec(schema);
    db.prepare('INSERT INTO keys (arn) VALUES (?)').run('arn:1');
    assert.throws(() => db.prepare('INSERT INTO keys (arn) VALUES (?)').run('arn:1'), isConstraint('unique', 'SQLITE_CONSTRAINT_PRIMARYKEY'));
    db.prepare('INSERT INTO users (id, name) VALUES (?, ?)').run(5, 'a');
    assert.throws(() => db.prepare('INSERT INTO users (id, name) VALUES (?, ?)').run(5, 'b'), isConstraint('unique', 'SQLITE_CONSTRAINT_PRIMARYKEY'));
  });

  it('NOT NULL, CHECK and FOREIGN KEY violations have their own kinds', () => {
    const db = open(':memory:');
    db.exec(schema);
    assert.throws(() => db.prepare('INSERT INTO users (name) VALUES (?)').run(null), isConstraint('not-null', 'SQLITE_CONSTRAINT_NOTNULL', ['users.name']));
    assert.throws(() => db.prepare('INSERT INTO users (name, age) VALUES (?, ?)').run('b', -1), isConstraint('check', 'SQLITE_CONSTRAINT_CHECK'));
    assert.throws(() => db.prepare('INSERT INTO keys (arn, owner) VALUES (?, ?)').run('arn:2', 999), isConstraint('foreign-key', 'SQLITE_CONSTRAINT_FOREIGNKEY'));
  });

  it('a statement that failed on a constraint changed nothing', () => {
    const db = open(':memory:');
    db.exec(schema);
    db.prepare('INSERT INTO users (name) VALUES (?)').run('a');
    assert.throws(() => db.exec("INSERT INTO users (name) VALUES ('b'), ('a')"), ConstraintError);
    assert.deepEqual(db.prepare('SELECT name FROM users').all(), [{ name: 'a' }]);
  });
});
