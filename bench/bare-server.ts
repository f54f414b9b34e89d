// The platform benchmark's baseline: a bare Node `http` server that reads each request body
// and answers with bytes recorded from Gantry (same status, headers and body), keyed by body.
// Run: node dist/bench/bare-server.js RESPONSES.json  (prints "bare node listening on URL")

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { serveOnLoopback } from './serve-on-loopback.js';

/** One recorded answer: the request body it answers, and Gantry's response. */
export interface RecordedAnswer {
  readonly requestBody: string;
  readonly status: number;
  /** Header name/value pairs as Gantry sent them, less those Node adds itself. */
  readonly headers: readonly (readonly [string, string])[];
  readonly bodyBase64: string;
}

interface Prepared {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

function main(file: string): void {
  const answers = new Map<string, Prepared>();
  for (const answer of JSON.parse(readFileSync(file, 'utf8')) as RecordedAnswer[]) {
    answers.set(answer.requestBody, { status: answer.status, headers: Object.fromEntries(answer.headers), body: Buffer.from(answer.bodyBase64, 'base64') });
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answers.get(Buffer.concat(chunks).toString());
      if (!answer) {
        res.writeHead(404, { 'content-length': '0' }).end();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  serveOnLoopback(server, 'bare node');
}

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node dist/bench/bare-server.js RESPONSES.json\n');
  process.exitCode = 2;
} else {
  main(file);
}
