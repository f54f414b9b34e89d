#!/usr/bin/env node
// The `gantry` command: dispatches to subcommands. Each subcommand lives in its own file
// and returns an exit code; nothing here knows about AWS.

import { runIamSimulate } from './iam-simulate.js';
import { runIamValidate } from './iam-validate.js';
import { readFile } from 'node:fs/promises';

const HELP = `gantry: a local, AWS-compatible platform for governed ML workflows

usage:
  gantry iam simulate [FILE] [--batch]     decide an authorization request (JSON; --batch: JSON Lines)
  gantry iam validate FILE [--type TYPE]   check a policy like IAM Access Analyzer's ValidatePolicy
                                           TYPE: identity|resource|trust|scp|rcp|boundary|session
  gantry --version
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (command === 'iam' && sub === 'simulate') {
    return runIamSimulate(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  }
  if (command === 'iam' && sub === 'validate') {
    return runIamValidate(rest, { stdout: process.stdout, stderr: process.stderr, readFile: (p) => readFile(p, 'utf8') });
  }
  process.stderr.write(`gantry: unknown command '${[command, sub].filter(Boolean).join(' ')}'\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gantry: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
