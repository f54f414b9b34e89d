// SqlDatabase contract, part 5: a committed write survives the process being killed before
// it could close the database (WAL recovery on the next open).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { describeForEachAdapter } from './sql-contract-harness.js';

describeForEachAdapter('SqlDatabase durability', ({ adapter, open, freshPath }) => {
  // With group commit, a commit is durable once durable() resolved.
  for (const groupCommit of [false, true]) {
    it(`keeps a committed transaction after SIGKILL, and drops an uncommitted one${groupCommit ? ' (group commit)' : ''}`, () => {
      const path = freshPath('crash');
      const moduleUrl = new URL('./open-database.js', import.meta.url).href;
      const script = `
        import { openDatabase } from ${JSON.stringify(moduleUrl)};
        const db = openDatabase(${JSON.stringify(path)}, { adapter: ${JSON.stringify(adapter)}, groupCommit: ${groupCommit} });
        db.exec('CREATE TABLE t (x TEXT)');
        db.transaction(() => db.prepare('INSERT INTO t (x) VALUES (?)').run('committed'));
        await db.durable();
        db.exec('BEGIN');
        db.prepare('INSERT INTO t (x) VALUES (?)').run('in flight');
        process.kill(process.pid, 'SIGKILL');`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      const db = open(path);
      assert.deepEqual(db.prepare('SELECT x FROM t').all(), [{ x: 'committed' }]);
      assert.equal(db.prepare('PRAGMA integrity_check').get()?.['integrity_check'], 'ok');
    });
  }
});
