// CPU time per request: Gantry's server process CPU (utime + stime) divided by the requests it
// answered, for the platform benchmark's two workloads. Less sensitive to a noisy machine than req/s.
// Run: node dist/bench/cpu-per-request.js [--seconds N] [--runs N] [--profile DIR] [--only sts:GetCallerIdentity|iam:GetUser]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from './load-run.js';
import { startServerProcess } from './server-process.js';
import { createBenchUser, signCall, type CallKind, type Credentials } from './signed-calls.js';
import { median } from './stats.js';
import { SERVER_NODE_OPTIONS } from '../src/cli/server-node-options.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, seconds: { type: 'string' }, runs: { type: 'string' }, profile: { type: 'string' }, connections: { type: 'string' } },
});
const seconds = Number(args.seconds ?? '3');
const runs = Number(args.runs ?? '3');
const connections = Number(args.connections ?? '32');
const ACCOUNT = '111122223333';
const HERE = dirname(fileURLToPath(import.meta.url));
const GANTRY = resolve(HERE, '../src/cli/main.js');

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'gantry-cpu-'));
  try {
    const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir', args.profile] : [];
    const server = await startServerProcess([...SERVER_NODE_OPTIONS, ...profile, GANTRY, 'up', '--port', '0', '--account-id', ACCOUNT, '--data-dir', scratch], 1);
    const [root] = JSON.parse(readFileSync(join(scratch, 'root-credentials.json'), 'utf8')) as Credentials[];
    if (!root) throw new Error('no root credentials');
    const user = await createBenchUser(server.url, root, ACCOUNT);
    const kinds = (['sts:GetCallerIdentity', 'iam:GetUser'] as CallKind[]).filter((k) => args.only === undefined || k === args.only);
    const results = new Map<CallKind, number[]>();
    for (const kind of kinds) {
      const signed = await signCall(kind, server.url, kind === 'iam:GetUser' ? user : root);
      await runLoad(server.url, signed, 1, connections, server.pid);
    }
    for (let run = 0; run < runs; run++) {
      for (const kind of kinds) {
        const signed = await signCall(kind, server.url, kind === 'iam:GetUser' ? user : root);
        const r = await runLoad(server.url, signed, seconds, connections, server.pid);
        if (r.failures > 0) throw new Error(`${kind}: ${r.failures} failures`);
        const us = (r.serverCpu * 1e6) / r.rps;
        results.set(kind, [...(results.get(kind) ?? []), us]);
        console.log(`  ${kind.padEnd(22)} ${Math.round(r.rps)} req/s, server core ${(r.serverCpu * 100).toFixed(0)}%, ${us.toFixed(1)} µs CPU/request`);
      }
    }
    await server.stop();
    for (const [kind, list] of results) console.log(`${kind.padEnd(22)} median ${median(list).toFixed(1)} µs CPU/request (${list.map((n) => n.toFixed(1)).join(', ')})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
