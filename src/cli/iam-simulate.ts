// `gantry iam simulate [FILE] [--batch]`: one JSON request in, one decision out; with
// --batch, JSON Lines in and one decision (or error) line out per request, in order.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { simulate, type SimulateOutcome } from '../iam/index.js';

export interface SimulateIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

const USAGE = 'usage: gantry iam simulate [FILE] [--batch] [--explain]   (reads standard input when FILE is absent or -)';

function render(outcome: SimulateOutcome): string {
  return JSON.stringify(outcome.ok ? outcome.decision : { error: outcome.error });
}

function decideLine(line: string, explain: boolean): string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return JSON.stringify({ error: { field: '', message: `not valid JSON: ${(error as Error).message}` } });
  }
  return render(simulate(raw, { explain }));
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function runBatch(input: Readable, out: Writable, explain: boolean): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  for await (const line of lines) {
    buffer += `${decideLine(line, explain)}\n`;
    if (buffer.length >= 1 << 16) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  if (buffer) out.write(buffer);
}

/** Runs the command; returns the process exit code. */
export async function runIamSimulate(args: string[], io: SimulateIo): Promise<number> {
  const batch = args.includes('--batch');
  const explain = args.includes('--explain');
  const files = args.filter((a) => a !== '--batch' && a !== '--explain');
  if (files.some((a) => a.startsWith('--') || a === '-h') || files.length > 1) {
    io.stderr.write(`${USAGE}\n`);
    return files.some((a) => a === '--help' || a === '-h') ? 0 : 2;
  }
  const file = files[0];
  const fromStdin = file === undefined || file === '-';
  if (batch) {
    const input = fromStdin ? io.stdin : createReadStream(file);
    try {
      await runBatch(input, io.stdout, explain);
    } catch (error) {
      io.stderr.write(`gantry iam simulate: cannot read ${file ?? 'standard input'}: ${(error as Error).message}\n`);
      return 2;
    }
    return 0;
  }
  let text: string;
  try {
    text = fromStdin ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`gantry iam simulate: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const line = decideLine(text, explain);
  io.stdout.write(`${line}\n`);
  return line.startsWith('{"error"') ? 1 : 0;
}
