// SqlDatabase contract, part 4: the migrations runner on every adapter.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import { migrate, MigrationError, type Migration } from './migrate.js';

const MIGRATIONS: Migration[] = [
  { id: 1, name: 'users', sql: 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)' },
  { id: 2, name: 'roles', sql: 'CREATE TABLE roles (id INTEGER PRIMARY KEY); CREATE INDEX roles_id ON roles (id)' },
];

describeForEachAdapter('migrate', ({ open, freshPath }) => {
  it('applies pending migrations in id order and records them', () => {
    const db = open(':memory:');
    const result = migrate(db, [...MIGRATIONS].reverse());
    assert.deepEqual(result, { applied: [1, 2], version: 2 });
    const rows = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all();
    assert.deepEqual(rows, [{ id: 1, name: 'users' }, { id: 2, name: 'roles' }]);
  });

  it('does nothing on a re-run, also after reopening the file', () => {
    const path = freshPath();
    const db = open(path);
    migrate(db, MIGRATIONS);
    assert.deepEqual(migrate(db, MIGRATIONS), { applied: [], version: 2 });
    db.close();
    const again = open(path);
    const third: Migration = { id: 3, name: 'tags', sql: 'CREATE TABLE tags (k TEXT)' };
    assert.deepEqual(migrate(again, [...MIGRATIONS, third]), { applied: [3], version: 3 });
  });

  it('rolls back a failing migration entirely and keeps the earlier ones', () => {
    const db = open(':memory:');
    const bad: Migration = { id: 3, name: 'bad', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1)' };
    assert.throws(() => migrate(db, [...MIGRATIONS, bad]), MigrationError);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    assert.deepEqual(tables.map((t) => t['name']), ['roles', 'schema_migrations', 'users']);
    assert.equal(db.prepare('SELECT max(id) AS v FROM schema_migrations').get()?.['v'], 2);
  });

  it('refuses renamed, unknown-to-this-version and duplicate migrations', () => {
    const db = open(':memory:');
    migrate(db, MIGRATIONS);
    const renamed = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, name: 'groups' }];
    assert.throws(() => migrate(db, renamed), /recorded as "roles"/);
    assert.throws(() => migrate(db, MIGRATIONS.slice(0, 1)), /unknown to this version/);
    assert.throws(() => migrate(db, [...MIGRATIONS, MIGRATIONS[0]!]), /duplicate migration id 1/);
    assert.throws(() => migrate(db, [{ id: 0, name: 'zero', sql: '' }]), MigrationError);
  });

  it('works inside an outer transaction (as savepoints)', () => {
    const db = open(':memory:');
    db.transaction(() => migrate(db, MIGRATIONS));
    assert.equal(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()?.['n'], 2);
  });
});
