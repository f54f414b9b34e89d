// SqlDatabase contract, part 1: opening, pragmas, durability across reopen, rows and values.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';
import { SqlError } from './sql-errors.js';

describeForEachAdapter('SqlDatabase basics', ({ adapter, open, freshPath }) => {
  it('opens, reports its adapter and closes (twice is a no-op)', () => {
    const db = open(':memory:');
    assert.equal(db.adapter, adapter);
    assert.equal(db.path, ':memory:');
    assert.equal(db.isOpen, true);
    assert.deepEqual(db.prepare('SELECT 1 + 1 AS two').get(), { two: 2 });
    db.close();
    db.close();
    assert.equal(db.isOpen, false);
  });

  it('refuses use after close with SqlError SQLITE_MISUSE', () => {
    const db = open(':memory:');
    const statement = db.prepare('SELECT 1 AS one');
    db.close();
    for (const use of [() => db.exec('SELECT 1'), () => db.prepare('SELECT 1'), () => statement.get()]) {
      assert.throws(use, (err: unknown) => err instanceof SqlError && err.code === 'SQLITE_MISUSE');
    }
  });

  it('turns on WAL, synchronous=FULL, foreign keys and a busy timeout for files', () => {
    const path = freshPath();
    const db = open(path, { busyTimeoutMs: 1234 });
    assert.equal(db.prepare('PRAGMA journal_mode').get()?.['journal_mode'], 'wal');
    assert.equal(db.prepare('PRAGMA synchronous').get()?.['synchronous'], 2);
    assert.equal(db.prepare('PRAGMA foreign_keys').get()?.['foreign_keys'], 1);
    assert.equal(db.prepare('PRAGMA busy_timeout').get()?.['timeout'], 1234);
    db.exec('CREATE TABLE t (x INTEGER)');
    assert.ok(existsSync(`${path}-wal`), 'a -wal file exists while the connection is open');
    db.close();
  });

  it('keeps committed data across close and reopen', () => {
    const path = freshPath();
    const first = open(path);
    first.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    first.prepare('INSERT INTO kv (k, v) VALUES (?, ?)').run('a', 'alpha');
    first.close();
    const second = open(path);
    assert.deepEqual(second.prepare('SELECT k, v FROM kv').all(), [{ k: 'a', v: 'alpha' }]);
    second.close();
  });

  it('lets a second connection read what the first committed', () => {
    const path = freshPath();
    const writer = open(path);
    const reader = open(path);
    writer.exec('CREATE TABLE t (x INTEGER)');
    writer.prepare('INSERT INTO t (x) VALUES (?)').run(7);
    assert.deepEqual(reader.prepare('SELECT x FROM t').all(), [{ x: 7 }]);
  });

  it('binds positional ? and named @name parameters alike', () => {
    const db = open(':memory:');
    db.exec("CREATE TABLE p (a TEXT, b INTEGER, c TEXT DEFAULT '?')");
    db.prepare('INSERT INTO p (a, b) VALUES (?, ?)').run('x', 1);
    db.prepare('INSERT INTO p (a, b) VALUES (@a, @b)').run({ a: 'y', b: 2 });
    const byName = db.prepare('SELECT a FROM p WHERE b = @b OR a = @b'); // a name may repeat
    assert.deepEqual(byName.all({ b: 2 }), [{ a: 'y' }]);
    assert.deepEqual(db.prepare("SELECT a, c FROM p WHERE a = ? AND c = '?' -- ? in comment").get('x'), { a: 'x', c: '?' });
    assert.equal(db.prepare('SELECT count(*) AS n FROM p').get({})?.['n'], 2);
  });

  it('rejects wrong parameter counts, names and types the same way', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE p (a TEXT, b INTEGER)');
    const positional = db.prepare('INSERT INTO p (a, b) VALUES (?, ?)');
    const named = db.prepare('INSERT INTO p (a, b) VALUES (@a, @b)');
    assert.throws(() => positional.run('only one'), RangeError);
    assert.throws(() => positional.run('a', 1, 2), RangeError);
    assert.throws(() => named.run({ a: 'x' }), RangeError);
    assert.throws(() => named.run({ a: 'x', b: 1, c: 2 }), RangeError);
    assert.throws(() => named.run('x', 1), TypeError);
    assert.throws(() => positional.run('x', true as unknown as number), TypeError);
    assert.throws(() => positional.run('x', undefined as unknown as number), TypeError);
    assert.throws(() => db.prepare('SELECT :a'), TypeError);
    assert.throws(() => db.prepare('SELECT $a'), TypeError);
    assert.throws(() => db.prepare('SELECT ?1'), TypeError);
    assert.throws(() => db.prepare('SELECT ?, @a'), TypeError);
    assert.equal(db.prepare('SELECT count(*) AS n FROM p').get()?.['n'], 0);
  });

  it('returns undefined/[] for no rows and for statements that return none; RETURNING works', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)');
    assert.equal(db.prepare('SELECT x FROM t').get(), undefined);
    assert.deepEqual(db.prepare('SELECT x FROM t').all(), []);
    assert.equal(db.prepare("INSERT INTO t (x) VALUES ('a')").get(), undefined);
    assert.deepEqual(db.prepare("INSERT INTO t (x) VALUES ('b')").all(), []);
    assert.deepEqual(db.prepare("INSERT INTO t (x) VALUES ('c') RETURNING id").get(), { id: 3 });
    const result = db.prepare('UPDATE t SET x = ?').run('z');
    assert.deepEqual(result, { changes: 3, lastInsertRowid: 3 });
  });

  it('reads integers as safe numbers, or as bigints when asked, never rounded', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE n (id INTEGER PRIMARY KEY, v INTEGER, r REAL)');
    const big = 2n ** 60n + 1n;
    db.prepare('INSERT INTO n (id, v, r) VALUES (?, ?, ?)').run(1, 42, 1.5);
    db.prepare('INSERT INTO n (id, v, r) VALUES (?, ?, ?)').run(2, big, 2);
    assert.deepEqual(db.prepare('SELECT v, r FROM n WHERE id = 1').get(), { v: 42, r: 1.5 });
    assert.throws(() => db.prepare('SELECT v FROM n WHERE id = 2').get(), RangeError);
    const wide = db.prepare('SELECT id, v, r FROM n ORDER BY id', { bigints: true });
    assert.deepEqual(wide.all(), [{ id: 1n, v: 42n, r: 1.5 }, { id: 2n, v: big, r: 2 }]);
    const max = db.prepare('INSERT INTO n (id, v) VALUES (?, 0)', { bigints: true }).run(2n ** 62n);
    assert.deepEqual(max, { changes: 1, lastInsertRowid: 2n ** 62n });
    const unsafe = db.prepare('INSERT INTO n (v) VALUES (0)').run(); // rowid 2^62 + 1: the write succeeds
    assert.equal(unsafe.changes, 1);
    assert.throws(() => unsafe.lastInsertRowid, RangeError);
    assert.equal(db.prepare('SELECT count(*) AS n FROM n').get()?.['n'], 4);
  });

  it('round-trips BLOBs given as Buffer or Uint8Array, reading back Buffers', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB)');
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const insert = db.prepare('INSERT INTO b (id, data) VALUES (@id, @data)');
    insert.run({ id: 1, data: bytes });
    insert.run({ id: 2, data: new Uint8Array([9, 8, 7]) });
    insert.run({ id: 3, data: null });
    const rows = db.prepare('SELECT data FROM b ORDER BY id').all();
    assert.ok(Buffer.isBuffer(rows[0]?.['data']) && Buffer.isBuffer(rows[1]?.['data']));
    assert.deepEqual(rows, [{ data: bytes }, { data: Buffer.from([9, 8, 7]) }, { data: null }]);
    assert.equal(db.prepare('SELECT typeof(data) AS t FROM b WHERE id = 2').get()?.['t'], 'blob');
  });

  it('reports other SQLite failures as SqlError with the SQLite code', () => {
    const db = open(':memory:');
    assert.throws(() => db.exec('SELECT * FROM missing_table'), (err: unknown) => {
      return err instanceof SqlError && err.code === 'SQLITE_ERROR' && /no such table/.test(err.message);
    });
    assert.throws(() => db.prepare('SELEC 1'), SqlError);
  });
});
