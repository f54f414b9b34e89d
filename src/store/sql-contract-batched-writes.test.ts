// SqlDatabase contract, part 7: batched writes. With batchWrites(), the top-level transactions
// of one event-loop turn are savepoints of one transaction committed at the end of the turn;
// durable() waits for that commit and its sync; a commit that fails rejects every waiter.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import type { SqlDatabase } from './sql-database.js';
import { SqlError } from './sql-errors.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const count = (db: SqlDatabase, table = 't') => Number(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.['n']);

describeForEachAdapter('SqlDatabase batched writes', ({ open, freshPath }) => {
  function batched(name: string): { db: SqlDatabase; path: string } {
    const path = freshPath(name);
    const db = open(path, { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY)');
    db.batchWrites();
    return { db, path };
  }

  it('needs group commit on a database file', () => {
    const db = open(freshPath('plain'));
    assert.throws(() => db.batchWrites(), (error: unknown) => error instanceof SqlError && error.code === 'SQLITE_MISUSE');
  });

  it('commits the transactions of one turn together, seen by other connections only after the turn, with one sync', async () => {
    const { db, path } = batched('together');
    await db.durable();
    const syncs = db.syncCount;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      const inserted = db.transaction(() => insert.run(i).changes);
      assert.equal(inserted, 1);
      assert.equal(db.inTransaction, false, 'the batch is not a transaction() of the caller');
      waits.push(db.durable());
    }
    assert.equal(count(db), 10, 'this connection reads its own batch');
    const other = open(path, { busyTimeoutMs: 0 });
    assert.equal(count(other), 0, 'another connection sees nothing before the commit');
    await Promise.all(waits);
    assert.equal(count(other), 10);
    assert.equal(db.syncCount, syncs + 1, 'one sync for the whole batch');
  });

  it('rolls back only the transaction that failed; the rest of the batch commits', async () => {
    const { db, path } = batched('partial');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => insert.run(1));
    assert.throws(() =>
      db.transaction(() => {
        insert.run(2);
        insert.run(1); // duplicate key
      }),
      /UNIQUE constraint failed/,
    );
    db.transaction(() => {
      insert.run(3);
      // A nested transaction that fails leaves its parent's writes alone.
      assert.throws(() => db.transaction(() => insert.run(3)), /UNIQUE constraint failed/);
      insert.run(4);
    });
    await db.durable();
    const other = open(path);
    assert.deepEqual(other.prepare('SELECT x FROM t ORDER BY x').all().map((r) => Number(r['x'])), [1, 3, 4]);
  });

  it('lets writes outside transaction() join the open batch', async () => {
    const { db, path } = batched('joined');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    db.prepare('INSERT INTO t VALUES (2)').run();
    const other = open(path, { busyTimeoutMs: 0 });
    assert.equal(count(other), 0);
    await db.durable();
    assert.equal(count(other), 2);
  });

  it('starts a new batch in a later turn, and leaves the write lock free in between', async () => {
    const { db, path } = batched('turns');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    await nextTurn();
    const other = open(path, { busyTimeoutMs: 0 });
    other.prepare('INSERT INTO t VALUES (2)').run();
    db.transaction(() => db.prepare('INSERT INTO t VALUES (3)').run());
    await db.durable();
    assert.equal(count(other), 3);
  });

  it('rejects every waiter of a batch whose commit fails, tells the listeners, and keeps working', async () => {
    const { db, path } = batched('lost');
    // A deferred foreign key is checked at COMMIT only: the batch's commit fails, its savepoints did not.
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
    await db.durable();
    const lost: Error[] = [];
    const unsubscribe = db.onBatchLost((error) => lost.push(error));
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    db.transaction(() => db.prepare('INSERT INTO child VALUES (42)').run());
    const waits = [db.durable(), db.durable()];
    for (const wait of waits) {
      await assert.rejects(wait, (error: unknown) => error instanceof SqlError && /did not commit/.test(error.message));
    }
    assert.equal(lost.length, 1);
    assert.equal(count(db), 0, 'nothing of the lost batch stays');
    unsubscribe();
    db.transaction(() => db.prepare('INSERT INTO t VALUES (2)').run());
    await db.durable();
    assert.equal(count(open(path)), 1);
    assert.equal(lost.length, 1, 'an unsubscribed listener is not called');
  });

  it('commits an open batch on close', () => {
    const { db, path } = batched('close');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    db.close();
    assert.equal(count(open(path)), 1);
  });
});
