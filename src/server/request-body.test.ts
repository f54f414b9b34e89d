import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { bodyChunks, ClientAbort, readBody } from './request-body.js';

/** A loopback server whose handler is `handle`; closed after `use`. */
async function withServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, use: (port: number) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => void handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Sends `parts` as the body, each written after a pause; resolves with the answer. */
function send(port: number, parts: Buffer[], headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = parts.reduce((n, p) => n + p.length, 0);
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/', headers: { 'content-length': String(length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    const write = (i: number) => {
      if (i === parts.length) return void req.end();
      req.write(parts[i]);
      setTimeout(() => write(i + 1), 5);
    };
    write(0);
  });
}

describe('request bodies', () => {
  it('yields every chunk of a body sent in pieces, in order, then ends', async () => {
    const parts = [Buffer.alloc(1000, 1), Buffer.alloc(70_000, 2), Buffer.alloc(5, 3)];
    await withServer(async (req, res) => {
      const got: Buffer[] = [];
      for await (const chunk of bodyChunks(req)) got.push(chunk);
      res.end(Buffer.concat(got).equals(Buffer.concat(parts)) ? 'same' : 'different');
    }, async (port) => {
      assert.deepEqual(await send(port, parts), { status: 200, body: 'same' });
    });
  });

  it('ends an empty body at once', async () => {
    await withServer(async (req, res) => {
      let n = 0;
      for await (const chunk of bodyChunks(req)) n += chunk.length;
      res.end(String(n));
    }, async (port) => {
      assert.deepEqual(await send(port, []), { status: 200, body: '0' });
    });
  });

  it('leaves the request usable when the reader stops early: the answer goes out and the rest can be drained', async () => {
    await withServer(async (req, res) => {
      for await (const chunk of bodyChunks(req)) {
        assert.ok(chunk.length > 0);
        break;
      }
      assert.equal(req.destroyed, false);
      res.once('finish', () => req.resume());
      res.end('refused');
    }, async (port) => {
      const answer = await send(port, [Buffer.alloc(10), Buffer.alloc(100_000)]);
      assert.deepEqual(answer, { status: 200, body: 'refused' });
    });
  });

  it('fails the reader with a ClientAbort, saying how much had arrived, when the client goes away before the body ended', async () => {
    let failure: unknown = null;
    let handled!: () => void;
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    await withServer(async (req) => {
      try {
        for await (const chunk of bodyChunks(req)) void chunk;
      } catch (error) {
        failure = error;
      }
      handled();
    }, async (port) => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((ready) => socket.once('connect', ready));
      socket.write('PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little');
      await new Promise((wait) => setTimeout(wait, 20));
      socket.destroy();
      await done;
    });
    assert.ok(failure instanceof ClientAbort, 'the iteration rejected with a ClientAbort');
    assert.equal(failure.bytesReceived, 'only a little'.length);
  });

  it('buffers a whole body, and refuses one over the limit', async () => {
    await withServer(async (req, res) => {
      try {
        const body = await readBody(req, 50);
        res.end(`read ${body.length}`);
      } catch (error) {
        res.writeHead(413).end((error as Error).message);
      }
    }, async (port) => {
      assert.deepEqual(await send(port, [Buffer.alloc(20), Buffer.alloc(20)]), { status: 200, body: 'read 40' });
      const refused = await send(port, [Buffer.alloc(100)]).catch((error: unknown) => error);
      // The server destroys the request: the client sees either the 413 or a reset connection.
      assert.ok(refused instanceof Error || (refused as { status: number }).status === 413);
    });
  });
});
