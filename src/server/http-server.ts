// The one HTTP listener: buffers each request, runs it through the pipeline, writes the
// answer. Listens on loopback unless told otherwise.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pairsFromRawHeaders } from '../core/sigv4/index.js';
import { handleCall } from './pipeline.js';
import type { Platform } from './platform.js';

export interface GantryServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BUFFERED_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BUFFERED_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

async function serve(platform: Platform, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const response = await handleCall(platform, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    rawHeaders: pairsFromRawHeaders(req.rawHeaders),
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  });
  const payload = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(payload.byteLength) });
  res.end(payload);
}

export function startServer(platform: Platform, options: { host: string; port: number }): Promise<GantryServer> {
  const server: Server = createServer((req, res) => {
    serve(platform, req, res).catch((error: unknown) => {
      platform.log.error('request failed outside the pipeline', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error');
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
