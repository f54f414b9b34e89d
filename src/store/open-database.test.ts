// Adapter selection: node:sqlite where it loads unflagged, better-sqlite3 on Node 20; the
// contract suite therefore really runs an adapter on each CI Node. No SQLite warning leaks.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { openDatabase, probeSqlAdapter, selectSqlAdapter } from './open-database.js';
import { SqlAdapterUnavailableError } from './sql-errors.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const nodeSqliteUnflagged = major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);

function runChild(script: string): { stdout: string; stderr: string; status: number | null } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { stdout: child.stdout, stderr: child.stderr, status: child.status };
}

describe('openDatabase adapter selection', () => {
  it('picks node:sqlite where it loads without flags, else better-sqlite3', () => {
    if (nodeSqliteUnflagged) assert.equal(probeSqlAdapter('node-sqlite').available, true);
    const expected = probeSqlAdapter('node-sqlite').available ? 'node-sqlite' : 'better-sqlite3';
    assert.equal(selectSqlAdapter(), expected);
    const db = openDatabase(':memory:');
    assert.equal(db.adapter, expected);
    db.close();
  });

  it('has better-sqlite3 working on Node 20, so the contract suite ran it', { skip: major !== 20 && 'only meaningful on Node 20' }, () => {
    const probe = probeSqlAdapter('better-sqlite3');
    assert.ok(probe.available, probe.available ? '' : probe.reason);
    assert.equal(probeSqlAdapter('node-sqlite').available, false);
  });

  it('says clearly why a forced adapter cannot load', () => {
    const other = probeSqlAdapter('node-sqlite').available ? 'better-sqlite3' : 'node-sqlite';
    const probe = probeSqlAdapter(other);
    if (probe.available) return; // both load here (a better-sqlite3 rebuilt for this Node)
    assert.throws(
      () => openDatabase(':memory:', { adapter: other }),
      (err: unknown) => err instanceof SqlAdapterUnavailableError && err.message.includes(probe.reason),
    );
  });

  it('prints no SQLite ExperimentalWarning, keeps other warnings, and loads better-sqlite3 only when used', () => {
    const moduleUrl = new URL('./open-database.js', import.meta.url).href;
    const script = `
      import { createRequire } from 'node:module';
      import { openDatabase } from ${JSON.stringify(moduleUrl)};
      const db = openDatabase(':memory:');
      const cache = createRequire(${JSON.stringify(moduleUrl)}).cache;
      const betterLoaded = Object.keys(cache).some((k) => k.includes('better-sqlite3'));
      process.stdout.write(JSON.stringify({ adapter: db.adapter, betterLoaded }));
      db.close();
      process.emitWarning('another experiment', 'ExperimentalWarning');
      process.emitWarning('an ordinary warning');`;
    const child = runChild(script);
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout) as { adapter: string; betterLoaded: boolean };
    assert.equal(out.betterLoaded, out.adapter === 'better-sqlite3');
    assert.doesNotMatch(child.stderr, /SQLite is an experimental feature/);
    assert.match(child.stderr, /ExperimentalWarning: another experiment/);
    assert.match(child.stderr, /an ordinary warning/);
  });
});
