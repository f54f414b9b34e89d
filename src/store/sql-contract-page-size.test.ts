// SqlDatabase contract, part 7: a page size asked for at open applies to a new database only.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';

describeForEachAdapter('SqlDatabase page size', ({ open, freshPath }) => {
  it('creates a new database with the page size asked for, in WAL mode', () => {
    const db = open(freshPath('big'), { pageSize: 65536 });
    db.exec('CREATE TABLE t (x TEXT)');
    assert.equal(db.prepare('PRAGMA page_size').get()?.['page_size'], 65536);
    assert.equal(db.prepare('PRAGMA journal_mode').get()?.['journal_mode'], 'wal');
  });

  it('leaves an existing database its own page size', () => {
    const path = freshPath('existing');
    const first = open(path);
    first.exec('CREATE TABLE t (x TEXT)');
    first.close();
    const again = open(path, { pageSize: 65536 });
    assert.equal(again.prepare('PRAGMA page_size').get()?.['page_size'], 4096);
  });

  it('refuses a page size SQLite would silently ignore', () => {
    for (const pageSize of [1000, 256, 131072]) {
      assert.throws(() => open(freshPath('bad'), { pageSize }), RangeError);
    }
  });
});
