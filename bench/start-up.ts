// Start-up time of a server process: from spawning it to the first successfully answered
// signed request (STS GetCallerIdentity), retried in a tight loop until it succeeds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendOnce, signCall, type Credentials } from './signed-calls.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Where the root credentials come from once the process says where it listens. */
export type CredentialSource =
  | { readonly kind: 'data-dir'; readonly dir: string }
  | { readonly kind: 'stdout' }
  | { readonly kind: 'fixed'; readonly credentials: Credentials };

const EXPORT_LINE = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/;

async function credentialsOf(source: CredentialSource, server: ServerProcess): Promise<Credentials> {
  if (source.kind === 'fixed') return source.credentials;
  if (source.kind === 'stdout') {
    const [, accessKeyId, secretAccessKey] = await server.waitFor(EXPORT_LINE);
    return { accessKeyId: accessKeyId as string, secretAccessKey: secretAccessKey as string };
  }
  const [root] = JSON.parse(readFileSync(join(source.dir, 'root-credentials.json'), 'utf8')) as Credentials[];
  if (!root) throw new Error(`no root credentials in ${source.dir}`);
  return root;
}

export interface StartUpTime {
  /** Milliseconds from spawn to the "listening on" line. */
  readonly listeningMs: number;
  /** Milliseconds from spawn to the first 200 answer. */
  readonly answeredMs: number;
}

/** Times one start; the process is stopped afterwards. */
export async function timeStartUp(nodeArgs: readonly string[], core: number, source: CredentialSource): Promise<StartUpTime> {
  const started = performance.now();
  const server = await startServerProcess(nodeArgs, core);
  const listeningMs = performance.now() - started;
  try {
    const signed = await signCall('sts:GetCallerIdentity', server.url, await credentialsOf(source, server));
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await sendOnce(server.url, signed);
        if (answer.status === 200) return { listeningMs, answeredMs: performance.now() - started };
        if (attempt > 1000) throw new Error(`GetCallerIdentity answered ${answer.status}: ${answer.body.toString()}`);
      } catch (error) {
        if (attempt > 1000) throw error;
      }
    }
  } finally {
    await server.stop();
  }
}
