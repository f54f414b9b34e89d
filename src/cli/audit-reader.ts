// Opens the audit trail of a data directory for the `audit` and `explain` commands; works
// while Gantry is running (SQLite in WAL mode lets a reader in beside the server).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditLog } from '../engines/audit/audit-log.js';
import { openDatabase } from '../store/index.js';
import { SqlAuditStore } from '../store/sql-audit-store.js';
import { DEFAULT_DATA_DIR } from './up.js';

export function openAuditTrail(dataDir: string | undefined): { audit: AuditLog; close(): void } | string {
  const dir = resolve(dataDir ?? DEFAULT_DATA_DIR);
  const path = resolve(dir, 'audit.db');
  if (!existsSync(path)) return `no Gantry data in ${dir}; start one with 'gantry up --data-dir ${dir}'`;
  // The server owns the schema; a reader only reads (it never migrates a live database).
  const db = openDatabase(path);
  return { audit: new AuditLog(new SqlAuditStore(db)), close: () => db.close() };
}
