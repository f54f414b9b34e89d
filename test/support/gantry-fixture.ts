// Starts a real Gantry (SQLite in a temporary data directory, HTTP on an ephemeral loopback
// port) for end-to-end tests, and hands out clients' credentials.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLogger } from '../../src/core/logger.js';
import { startServer, type GantryServer } from '../../src/server/http-server.js';
import { openPlatform, type Platform } from '../../src/server/platform.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RunningGantry {
  readonly url: string;
  readonly platform: Platform;
  readonly server: GantryServer;
  readonly dataDir: string;
  readonly accountId: string;
  readonly root: Credentials;
  /** Every line the server logged (JSON, info and error levels), oldest first. */
  readonly logLines: readonly string[];
  /** Stops the server and closes the store; the data directory stays. */
  stop(): Promise<void>;
  /** Stops and removes the data directory. */
  dispose(): Promise<void>;
}

/** `bodyIdleMs`: how long a streamed request body may pause before RequestTimeout (the server's default unless given). */
export async function startGantry(options: { dataDir?: string; accountId?: string; bodyIdleMs?: number } = {}): Promise<RunningGantry> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gantry-test-'));
  const logLines: string[] = [];
  const platform = openPlatform({
    dataDir,
    region: 'us-east-1',
    log: jsonLogger((line) => logLines.push(line)),
    accountId: options.accountId ?? '111122223333',
  });
  const server = await startServer(platform, { host: '127.0.0.1', port: 0, ...(options.bodyIdleMs !== undefined ? { bodyIdleMs: options.bodyIdleMs } : {}) });
  const [root] = platform.roots.values();
  if (!root) throw new Error('no root credentials after bootstrap');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    platform.close();
  };
  return {
    url: server.url,
    platform,
    server,
    dataDir,
    logLines,
    accountId: root.accountId,
    root: { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    stop,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function clientConfig(gantry: { url: string }, credentials: Credentials) {
  return { endpoint: gantry.url, region: 'us-east-1', credentials, maxAttempts: 1 };
}
