// One AWS CLI test file's session: a Gantry of its own, a clean HOME and a work directory, and
// the CLI run in that directory against that Gantry, so each test file states only its commands
// and what it expects of them. Without a CLI, `skip` says why (for the tests that run it).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { cleanEnv, describeRun, findAwsCli, run, type AwsCli, type CliResult } from './aws-cli.js';
import { startGantry, type Credentials, type RunningGantry } from './gantry-fixture.js';

/** Output lines, trailing blanks trimmed, empty lines dropped. */
export const linesOf = (text: string): string[] => text.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '');

export interface CliSession {
  /** The reason the file's tests are skipped (no CLI), or false. */
  readonly skip: string | false;
  readonly cli: AwsCli;
  readonly gantry: RunningGantry;
  /** The CLI's HOME: empty, so no config or credentials file is read. */
  readonly home: string;
  /** The directory commands run in; relative paths in arguments are read and written there. */
  readonly work: string;
  /** `name` in the work directory. */
  path(name: string): string;
  /**
   * `aws ARGS --endpoint-url URL` in the work directory (root's credentials unless given):
   * `--output json` for every command but the `aws s3` ones, `--no-progress` for their transfers.
   */
  aws(args: readonly string[], credentials?: Credentials): Promise<CliResult>;
  /** A command that must succeed, printing nothing on stderr: its JSON output (null when it prints nothing), or its lines for `aws s3`. */
  ok(args: readonly string[], credentials?: Credentials): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * A command refused: exit `exit` (the CLI's service-error code unless given), nothing on
   * stdout and one error line on stderr, equal to `expected` or matching it; the line.
   */
  fails(args: readonly string[], credentials: Credentials | undefined, expected: string | RegExp, exit?: number): Promise<string>;
  /** Writes a document (JSON unless a string) into the work directory; its `file://` argument. */
  file(name: string, document: unknown): string;
}

const TRANSFERS = new Set(['cp', 'mv', 'sync']);

/**
 * Registers the hooks that start a Gantry (in `accountId`), make the directories and run
 * `setup` before the file's tests, and remove them after. (Set-up goes through `setup`, not a
 * `before` of the file's own: Node 20 does not wait for one top-level `before` to finish before
 * starting the next.)
 */
export function useCliSession(options: { accountId: string; name: string; setup?: (session: CliSession) => Promise<void> | void }): CliSession {
  const found = findAwsCli();
  const skip = 'missing' in found ? found.missing : false;
  let state: { gantry: RunningGantry; home: string; work: string } | null = null;
  const ready = () => {
    if (!state) throw new Error('the CLI session is used before its hooks ran');
    return state;
  };
  const theCli = (): AwsCli => {
    if (!('cli' in found)) throw new Error(`unreachable: tests that run the CLI are skipped (${found.missing})`);
    return found.cli;
  };
  // The Gantry is started even without a CLI: a file's SDK-only tests still run.
  before(async () => {
    if ('cli' in found) console.log(`AWS CLI ${found.cli.path}: ${found.cli.version}`);
    const gantry = await startGantry({ accountId: options.accountId });
    const home = mkdtempSync(join(tmpdir(), `gantry-awscli-${options.name}-home-`));
    const work = mkdtempSync(join(tmpdir(), `gantry-awscli-${options.name}-work-`));
    state = { gantry, home, work };
    await options.setup?.(session);
  });
  after(async () => {
    if (!state) return;
    await state.gantry.dispose();
    rmSync(state.home, { recursive: true, force: true });
    rmSync(state.work, { recursive: true, force: true });
  });

  const aws = (args: readonly string[], credentials?: Credentials): Promise<CliResult> => {
    const { gantry, home, work } = ready();
    const flags = args[0] !== 's3' ? ['--output', 'json'] : TRANSFERS.has(args[1] as string) ? ['--no-progress'] : [];
    return run(theCli().path, [...args, '--endpoint-url', gantry.url, ...flags], { env: cleanEnv(home, credentials ?? gantry.root), cwd: work, timeoutMs: 120_000 });
  };
  const session: CliSession = {
    skip,
    get cli() { return theCli(); },
    get gantry() { return ready().gantry; },
    get home() { return ready().home; },
    get work() { return ready().work; },
    path: (name) => join(ready().work, name),
    aws,
    ok: async (args, credentials) => {
      const result = await aws(args, credentials);
      assert.equal(result.code, 0, describeRun(result));
      assert.equal(result.stderr, '', describeRun(result));
      if (args[0] === 's3') return linesOf(result.stdout);
      return result.stdout.trim() === '' ? null : JSON.parse(result.stdout);
    },
    fails: async (args, credentials, expected, exit) => {
      const result = await aws(args, credentials);
      assert.equal(result.code, exit ?? theCli().serviceErrorExit, describeRun(result));
      assert.equal(result.stdout, '', describeRun(result));
      const lines = linesOf(result.stderr);
      assert.equal(lines.length, 1, describeRun(result));
      const line = lines[0] as string;
      if (typeof expected === 'string') assert.equal(line, expected);
      else assert.match(line, expected);
      return line;
    },
    file: (name, document) => {
      const path = join(ready().work, name);
      writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
      return `file://${path}`;
    },
  };
  return session;
}
