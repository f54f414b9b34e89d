// SqlDatabase contract, part 6: group commit. Commits are written with synchronous=NORMAL and
// durable() makes them durable with one WAL fdatasync shared by every commit written meanwhile.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import type { SqlDatabase } from './sql-database.js';

const synchronous = (db: SqlDatabase) => db.prepare('PRAGMA synchronous').get()?.['synchronous'];

describeForEachAdapter('SqlDatabase group commit', ({ open, freshPath }) => {
  it('is off by default: synchronous=FULL, durable() resolves without a sync', async () => {
    const db = open(freshPath('full'));
    assert.equal(synchronous(db), 2);
    db.exec('CREATE TABLE t (x INTEGER)');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    await db.durable();
    assert.equal(db.syncCount, 0);
  });

  it('syncs once for a commit, and not again when nothing new was committed', async () => {
    const db = open(freshPath('group'), { groupCommit: true });
    assert.equal(synchronous(db), 1);
    db.exec('CREATE TABLE t (x INTEGER)');
    await db.durable();
    const base = db.syncCount;
    assert.equal(base, 1);
    await db.durable();
    assert.equal(db.syncCount, base, 'nothing pending: no sync');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (1)').run());
    await db.durable();
    assert.equal(db.syncCount, base + 1);
    db.prepare('SELECT * FROM t').all();
    await db.durable();
    assert.equal(db.syncCount, base + 1, 'a read is not a commit');
  });

  it('counts a write outside a transaction (autocommit) as a commit', async () => {
    const db = open(freshPath('autocommit'), { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    await db.durable();
    const base = db.syncCount;
    db.prepare('INSERT INTO t VALUES (?)').run(7);
    await db.durable();
    assert.equal(db.syncCount, base + 1);
  });

  it('shares one sync among commits written before it started, and runs another for later ones', async () => {
    const db = open(freshPath('shared'), { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    await db.durable();
    const base = db.syncCount;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const first: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      db.transaction(() => insert.run(i));
      first.push(db.durable());
    }
    // The first call started a sync covering only its own commit; the other 19 share the next.
    db.transaction(() => insert.run(100));
    const late = db.durable();
    await Promise.all([...first, late]);
    assert.equal(db.syncCount, base + 2);
    assert.equal(db.prepare('SELECT count(*) AS n FROM t').get()?.['n'], 21);
  });

  it('needs no sync in memory', async () => {
    const db = open(':memory:', { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    db.prepare('INSERT INTO t VALUES (1)').run();
    await db.durable();
    assert.equal(db.syncCount, 0);
  });

  it('syncs what is pending on close, and the rows are there after reopening', () => {
    const path = freshPath('close');
    const db = open(path, { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (42)').run());
    const pending = db.durable();
    db.close();
    const again = open(path);
    assert.deepEqual(again.prepare('SELECT x FROM t').all(), [{ x: 42 }]);
    return pending;
  });
});
