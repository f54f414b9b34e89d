// SqlDatabase contract, part 3: transactions commit, roll back on throw, nest via savepoints.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import type { SqlDatabase } from './sql-database.js';
import { ConstraintError, SqlError } from './sql-errors.js';

function setUp(db: SqlDatabase): { add: (name: string) => void; names: () => unknown[] } {
  db.exec('CREATE TABLE IF NOT EXISTS t (name TEXT PRIMARY KEY)');
  const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
  const select = db.prepare('SELECT name FROM t ORDER BY name');
  return { add: (name) => void insert.run(name), names: () => select.all().map((row) => row['name']) };
}

describeForEachAdapter('SqlDatabase transactions', ({ open, freshPath }) => {
  it('commits what the function did and returns its value', () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    const value = db.transaction(() => {
      assert.equal(db.inTransaction, true);
      add('a');
      add('b');
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(db.inTransaction, false);
    assert.deepEqual(names(), ['a', 'b']);
  });

  it('rolls back everything and rethrows the same error when the function throws', () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    add('kept');
    const boom = new Error('boom');
    assert.throws(
      () =>
        db.transaction(() => {
          add('lost');
          throw boom;
        }),
      (err: unknown) => err === boom,
    );
    assert.equal(db.inTransaction, false);
    assert.deepEqual(names(), ['kept']);
  });

  it('rolls back earlier writes when a later statement hits a constraint', () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    add('x');
    assert.throws(() => db.transaction(() => (add('y'), add('x'))), ConstraintError);
    assert.deepEqual(names(), ['x']);
  });

  it('nests: an inner failure caught by the outer function undoes only the inner work', () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    db.transaction(() => {
      add('outer');
      assert.throws(() =>
        db.transaction(() => {
          add('inner');
          throw new Error('inner fails');
        }),
      );
      db.transaction(() => db.transaction(() => add('deep')));
      assert.equal(db.inTransaction, true);
    });
    assert.deepEqual(names(), ['deep', 'outer']);
  });

  it('nests: an inner failure left uncaught rolls back the outer transaction too', () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    assert.throws(() =>
      db.transaction(() => {
        add('outer');
        db.transaction(() => add('inner'));
        db.transaction(() => {
          throw new Error('late');
        });
      }),
    );
    assert.deepEqual(names(), []);
  });

  it('refuses an async function and rolls back what it did synchronously', async () => {
    const db = open(':memory:');
    const { add, names } = setUp(db);
    assert.throws(
      () =>
        db.transaction(async () => {
          add('sync part');
          await Promise.resolve();
        }),
      TypeError,
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(names(), []);
    assert.equal(db.inTransaction, false);
  });

  it('refuses to close inside a transaction', () => {
    const db = open(':memory:');
    db.transaction(() => {
      assert.throws(() => db.close(), (err: unknown) => err instanceof SqlError && err.code === 'SQLITE_MISUSE');
    });
    db.close();
  });

  it('hides uncommitted writes from another connection and shows them after commit', () => {
    const path = freshPath();
    const writer = open(path);
    const reader = open(path);
    const { add } = setUp(writer);
    const count = () => reader.prepare('SELECT count(*) AS n FROM t').get()?.['n'];
    writer.transaction(() => {
      add('pending');
      assert.equal(count(), 0);
    });
    assert.equal(count(), 1);
  });

  it('a second writer waits for the busy timeout, then gets SQLITE_BUSY', () => {
    const path = freshPath();
    const first = open(path);
    const second = open(path, { busyTimeoutMs: 50 });
    setUp(first);
    first.transaction(() => {
      const started = Date.now();
      assert.throws(
        () => second.transaction(() => undefined),
        (err: unknown) => err instanceof SqlError && err.code.startsWith('SQLITE_BUSY'),
      );
      assert.ok(Date.now() - started >= 40, 'it waited for the busy timeout');
      assert.equal(second.inTransaction, false);
    });
  });
});
