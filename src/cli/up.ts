// `gantry up`: opens the data directory, starts the server on loopback, writes where it
// listens (for `gantry env`), and shuts down cleanly on SIGINT/SIGTERM.

import { rmSync } from 'node:fs';
import { jsonLogger } from '../core/logger.js';
import { startServer } from '../server/http-server.js';
import { openPlatform } from '../server/platform.js';
import { writeFileAtomicSync } from '../store/index.js';
import { parseFlags } from './flags.js';

const USAGE = 'usage: gantry up [--port N] [--host 127.0.0.1] [--data-dir DIR | --in-memory] [--account-id 12DIGITS] [--region R] [--audit-retention N] [--quiet]';

export const DEFAULT_DATA_DIR = '.gantry';

export async function runUp(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['port', 'host', 'data-dir', 'account-id', 'region', 'audit-retention'], ['in-memory', 'quiet']);
  if (!flags.ok) {
    process.stderr.write(`gantry up: ${flags.error}\n${USAGE}\n`);
    return 2;
  }
  const { values, switches } = flags;
  const port = Number(values['port'] ?? 4600);
  const accountId = values['account-id'];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`gantry up: --port must be 0..65535\n`);
    return 2;
  }
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    process.stderr.write(`gantry up: --account-id must be 12 digits\n`);
    return 2;
  }
  const retention = Number(values['audit-retention'] ?? 100_000);
  if (!Number.isInteger(retention) || retention < 1) {
    process.stderr.write(`gantry up: --audit-retention must be a positive number of requests\n`);
    return 2;
  }
  const log = jsonLogger((line) => process.stderr.write(line), switches.has('quiet'));
  const platform = openPlatform({
    dataDir: switches.has('in-memory') ? null : (values['data-dir'] ?? DEFAULT_DATA_DIR),
    region: values['region'] ?? 'us-east-1',
    log,
    auditRetention: retention,
    ...(accountId ? { accountId } : {}),
  });
  const server = await startServer(platform, { host: values['host'] ?? '127.0.0.1', port });
  const serverFile = platform.dataDir?.resolve('server.json');
  if (serverFile) {
    writeFileAtomicSync(serverFile, `${JSON.stringify({ url: server.url, pid: process.pid, region: platform.region })}\n`, { mode: 0o600 });
  }
  const [root] = platform.roots.values();
  log.info('gantry is up', { url: server.url, account: root?.accountId, dataDir: platform.dataDir?.root ?? ':memory:' });
  process.stdout.write(`gantry listening on ${server.url}\n`);
  if (!platform.dataDir && root) {
    process.stdout.write(`export AWS_ENDPOINT_URL=${server.url} AWS_ACCESS_KEY_ID=${root.accessKeyId} AWS_SECRET_ACCESS_KEY=${root.secretAccessKey} AWS_REGION=${platform.region}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  platform.close();
  if (serverFile) rmSync(serverFile, { force: true });
  log.info('gantry stopped');
  return 0;
}
