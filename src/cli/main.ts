#!/usr/bin/env -S node --initial-old-space-size=64
// The `gantry` command: dispatches to subcommands. Each subcommand lives in its own file
// and returns an exit code; nothing here knows about AWS.

import { readFile } from 'node:fs/promises';

const HELP = `gantry: a local, AWS-compatible platform for governed ML workflows

usage:
  gantry up [--port N] [--data-dir DIR | --in-memory] [--account-id ID] [--region R]
                                           run the AWS-compatible endpoint (S3, KMS, IAM, STS, ECR and its registry,
                                           Organizations, CloudTrail; others answer NotImplemented)
  gantry env [--data-dir DIR] [--account ID]
                                           print export lines for the AWS CLI and SDKs
  gantry account create [--id 12DIGITS] [--ou NAME] [--data-dir DIR]
                                           add a member account to the organization (--help: more)
  gantry explain REQUEST-ID [--json]       why a request was allowed or denied, statement by statement
  gantry audit [--principal ARN] [--denied] [--service S] [--operation OP] [--since ISO] [--limit N] [--json]
                                           the audit trail, newest first
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
  // Subcommands load lazily: `gantry iam simulate` never pays for the server's modules.
  if (command === 'up') return (await import('./up.js')).runUp(argv.slice(1));
  if (command === 'env') return (await import('./env.js')).runEnv(argv.slice(1));
  if (command === 'account') return (await import('./account.js')).runAccount(argv.slice(1));
  if (command === 'explain') return (await import('./audit.js')).runExplain(argv.slice(1));
  if (command === 'audit') return (await import('./audit.js')).runAudit(argv.slice(1));
  if (command === 'iam' && sub === 'simulate') {
    const { runIamSimulate } = await import('./iam-simulate.js');
    return runIamSimulate(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  }
  if (command === 'iam' && sub === 'validate') {
    const { runIamValidate } = await import('./iam-validate.js');
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
