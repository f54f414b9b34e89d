// The large-object benchmark's ceiling: a bare Node http server over one directory. GET /NAME
// streams the file; PUT /NAME writes the body to a temp file, fsyncs it, renames it into place
// and fsyncs the directory (what a durable store must do at least), then answers 200.
// Run: node dist/bench/file-ceiling-server.js DIR  (prints "file server listening on URL")

import { createReadStream } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { serveOnLoopback } from './serve-on-loopback.js';

async function put(dir: string, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const temp = join(dir, `.${name}.${process.hrtime.bigint()}`);
  const file = await open(temp, 'w');
  try {
    // Writes in batches of up to 1 MiB, as Gantry does.
    let batch: Buffer[] = [];
    let batched = 0;
    for await (const chunk of req) {
      batch.push(chunk as Buffer);
      batched += (chunk as Buffer).length;
      if (batched >= 1 << 20) {
        await file.write(Buffer.concat(batch, batched));
        [batch, batched] = [[], 0];
      }
    }
    if (batched > 0) await file.write(Buffer.concat(batch, batched));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, join(dir, name));
  const directory = await open(dir, 'r');
  await directory.sync();
  await directory.close();
  res.writeHead(200, { 'content-length': '0' }).end();
}

async function get(dir: string, name: string, res: ServerResponse): Promise<void> {
  const path = join(dir, name);
  const { size } = await stat(path);
  res.writeHead(200, { 'content-length': String(size), 'content-type': 'application/octet-stream' });
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), res);
}

function main(dir: string): void {
  const server = createServer((req, res) => {
    const name = basename(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname));
    const answer = req.method === 'PUT' ? put(dir, name, req, res) : req.method === 'GET' ? get(dir, name, res) : Promise.reject(new Error(`${req.method} not served`));
    answer.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      else res.destroy();
    });
  });
  serveOnLoopback(server, 'file server');
}

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node dist/bench/file-ceiling-server.js DIR\n');
  process.exitCode = 2;
} else {
  main(dir);
}
