// `gantry env`: prints `export` lines that point the AWS CLI and SDKs at a running Gantry,
// with the root credentials of the first account (or of --account ID), or with the access
// key of a named IAM user (--profile NAME).

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags } from './flags.js';
import { profileCredentials } from './profiles.js';
import { DEFAULT_DATA_DIR } from './up.js';

interface RootFile {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function runEnv(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['data-dir', 'account', 'profile'], []);
  if (!flags.ok) {
    process.stderr.write(`gantry env: ${flags.error}\nusage: gantry env [--data-dir DIR] [--account ID] [--profile IAM-USER-NAME]\n`);
    return 2;
  }
  const dir = resolve(flags.values['data-dir'] ?? DEFAULT_DATA_DIR);
  const rootsPath = resolve(dir, 'root-credentials.json');
  if (!existsSync(rootsPath)) {
    process.stderr.write(`gantry env: no Gantry data in ${dir}; start one with 'gantry up --data-dir ${dir}'\n`);
    return 1;
  }
  const roots = JSON.parse(readFileSync(rootsPath, 'utf8')) as RootFile[];
  const wanted = flags.values['account'];
  const root = wanted === undefined ? roots[0] : roots.find((r) => r.accountId === wanted);
  if (!root) {
    process.stderr.write(`gantry env: no account ${wanted ?? ''} in ${dir}\n`);
    return 1;
  }
  const profile = flags.values['profile'];
  const credentials = profile === undefined ? root : await profileCredentials(dir, root.accountId, profile);
  if (typeof credentials === 'string') {
    process.stderr.write(`gantry env: ${credentials}\n`);
    return 1;
  }
  const serverPath = resolve(dir, 'server.json');
  const server = existsSync(serverPath) ? (JSON.parse(readFileSync(serverPath, 'utf8')) as { url: string; region: string }) : null;
  if (!server) process.stderr.write(`gantry env: Gantry is not running on ${dir}; AWS_ENDPOINT_URL is the default port\n`);
  const lines = [
    `export AWS_ENDPOINT_URL=${quote(server?.url ?? 'http://127.0.0.1:4600')}`,
    `export AWS_ACCESS_KEY_ID=${quote(credentials.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${quote(credentials.secretAccessKey)}`,
    'unset AWS_SESSION_TOKEN',
    `export AWS_REGION=${quote(server?.region ?? 'us-east-1')}`,
    `export AWS_DEFAULT_REGION=${quote(server?.region ?? 'us-east-1')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
