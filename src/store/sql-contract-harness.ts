// Runs one contract suite against every SqlDatabase adapter; an adapter that cannot load in
// this Node is reported as a skipped test with the reason, never as a silent pass.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase, probeSqlAdapter, SQL_ADAPTERS } from './open-database.js';
import type { OpenDatabaseOptions, SqlAdapterName, SqlDatabase } from './sql-database.js';

export interface AdapterUnderTest {
  readonly adapter: SqlAdapterName;
  /** Opens with this adapter; closed automatically after the suite if still open. */
  open(path: string, options?: Omit<OpenDatabaseOptions, 'adapter'>): SqlDatabase;
  /** A fresh path for a database file inside the suite's temp directory. */
  freshPath(name?: string): string;
}

export function describeForEachAdapter(title: string, body: (t: AdapterUnderTest) => void): void {
  for (const adapter of SQL_ADAPTERS) {
    describe(`${title} [${adapter}]`, () => {
      const probe = probeSqlAdapter(adapter);
      if (!probe.available) {
        it(`${adapter} loads in Node ${process.version}`, { skip: probe.reason }, () => undefined);
        return;
      }
      let dir: string | undefined;
      let counter = 0;
      const opened: SqlDatabase[] = [];
      after(() => {
        for (const db of opened) if (db.isOpen && !db.inTransaction) db.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      body({
        adapter,
        open(path, options = {}) {
          const db = openDatabase(path, { ...options, adapter });
          opened.push(db);
          return db;
        },
        freshPath(name = 'db') {
          dir ??= mkdtempSync(join(tmpdir(), `gantry-store-${adapter}-`));
          counter += 1;
          return join(dir, `${name}-${counter}.sqlite`);
        },
      });
    });
  }
}
