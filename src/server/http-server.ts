// The one HTTP listener: buffers each request (S3 calls: the pipeline reads the body, so
// object data streams), runs it through the pipeline, writes the answer (a stream for S3
// GetObject). Listens on loopback unless told otherwise.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pairsFromRawHeaders } from '../core/sigv4/index.js';
import { handleCall, streamsBody, type CallResponse } from './pipeline.js';
import type { Platform } from './platform.js';
import { isRegistryRequest, serveRegistry } from './registry-routes.js';

export interface GantryServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BUFFERED_BODY = 64 * 1024 * 1024;

/** Buffers a (small) request body; events, not an async iterator, on this hot path. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BUFFERED_BODY) {
        req.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

async function serve(platform: Platform, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: '' };
  const streamed = streamsBody(head);
  const response = await handleCall(platform, {
    ...head,
    rawHeaders: pairsFromRawHeaders(req.rawHeaders),
    body: streamed ? Buffer.alloc(0) : await readBody(req),
    // Leaving the body half read (a bad chunk signature) must not destroy the socket before the error is sent.
    ...(streamed ? { bodyStream: { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) } } : {}),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  });
  // A body the handler did not read (a refused upload) is drained so the connection stays usable.
  if (streamed && !req.complete) res.once('finish', () => req.resume());
  await writeResponse(req, res, response);
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: CallResponse): Promise<void> {
  const declared = Object.keys(response.headers).some((name) => name.toLowerCase() === 'content-length');
  if (response.stream) {
    res.writeHead(response.status, response.headers);
    await pipeline(Readable.from(response.stream), res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : undefined);
    });
    return;
  }
  const payload = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  // HEAD answers carry the length of what GET would send (S3 HeadObject's Content-Length).
  const length = declared && req.method === 'HEAD' ? {} : { 'content-length': String(payload.byteLength) };
  const headers = declared && req.method !== 'HEAD'
    ? Object.fromEntries(Object.entries(response.headers).filter(([name]) => name.toLowerCase() !== 'content-length'))
    : response.headers;
  res.writeHead(response.status, { ...headers, ...length });
  res.end(payload);
}

export function startServer(platform: Platform, options: { host: string; port: number }): Promise<GantryServer> {
  const server: Server = createServer((req, res) => {
    // The registry (OCI Distribution v2, docker/podman) speaks its own protocol on the same port.
    (isRegistryRequest(req) ? serveRegistry(platform, req, res) : serve(platform, req, res)).catch((error: unknown) => {
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
      platform.registry.listening(options.host, port);
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
