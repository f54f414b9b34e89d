// Finds and runs the AWS CLI for end-to-end tests, in a clean environment: no config or
// credentials files, no instance metadata, credentials and region from the caller only.
// Runs asynchronously: the Gantry under test usually lives in the same process.

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Credentials } from './gantry-fixture.js';

export interface AwsCli {
  /** absolute path of the executable */
  readonly path: string;
  /** major version: 1 or 2 */
  readonly major: number;
  /** `aws --version` as printed */
  readonly version: string;
  /** exit code of the CLI when the service answers with an error: 254 in v2, 255 in v1 */
  readonly serviceErrorExit: number;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `/usr/bin/aws` (the Debian package CI installs) when present, else the first `aws` on PATH. */
export function locateAwsCli(): string | null {
  if (executable('/usr/bin/aws')) return '/usr/bin/aws';
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'aws');
    if (existsSync(candidate) && executable(candidate)) return candidate;
  }
  return null;
}

/**
 * The CLI and its major version, or the reason there is none. A CLI that is found but does not
 * answer `--version` is an error, not a skip.
 */
export function findAwsCli(): { cli: AwsCli } | { missing: string } {
  const path = locateAwsCli();
  if (path === null) {
    return { missing: 'no AWS CLI: /usr/bin/aws is absent and there is no aws on PATH (CI installs the Debian package awscli)' };
  }
  const home = mkdtempSync(join(tmpdir(), 'gantry-awscli-version-'));
  try {
    // Synchronous is fine here: nothing is served yet.
    const run = spawnSync(path, ['--version'], { env: cleanEnv(home), encoding: 'utf8', timeout: 60_000 });
    const printed = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    const match = /^aws-cli\/(\d+)\.\d+/.exec(printed);
    if (run.status !== 0 || !match) throw new Error(`${path} --version failed (exit ${run.status}): ${printed}`);
    const major = Number(match[1]);
    // https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-returncodes.html (v2: 254 for a service error);
    // v1 returns 255 for any error it does not classify.
    return { cli: { path, major, version: printed, serviceErrorExit: major >= 2 ? 254 : 255 } };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Nothing from the caller's environment but PATH (and pyenv's root, for a pyenv shim). */
export function cleanEnv(home: string, credentials?: Credentials, region = 'us-east-1'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: join(home, 'no-such-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_DEFAULT_REGION: region,
  };
  if (process.env['PYENV_ROOT'] !== undefined) env['PYENV_ROOT'] = process.env['PYENV_ROOT'];
  if (credentials) {
    env['AWS_ACCESS_KEY_ID'] = credentials.accessKeyId;
    env['AWS_SECRET_ACCESS_KEY'] = credentials.secretAccessKey;
    if (credentials.sessionToken !== undefined) env['AWS_SESSION_TOKEN'] = credentials.sessionToken;
  }
  return env;
}

/** Runs a command to completion without blocking the event loop; kills it after `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A CLI run as text for assertion messages. */
export function describeRun(result: CliResult): string {
  return `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}
