// The one HTTP listener: buffers each request (S3 calls: the pipeline reads the body, so
// object data streams), runs it through the pipeline, writes the answer (a stream for S3
// GetObject). Listens on loopback unless told otherwise.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gatherChunks } from '../core/gather-chunks.js';
import { pairsFromRawHeaders } from '../core/sigv4/index.js';
import { headerValue, markLowerCaseHeaders } from '../protocols/http-types.js';
import type { CallResponse, IncomingCall } from './call-state.js';
import { handleCall, routeOf } from './pipeline.js';
import type { Platform } from './platform.js';
import { isRegistryRequest, serveRegistry } from './registry-routes.js';
import { MAX_BUFFERED_BODY } from './body-limit.js';
import { BodyTooLarge, bodyChunks, bodyWentIdle, ClientAbort, readBody } from './request-body.js';

export interface GantryServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

async function serve(platform: Platform, req: IncomingMessage, res: ServerResponse, bodyIdleMs: number | undefined): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const headers = req.headers;
  markLowerCaseHeaders(headers);
  const routedService = routeOf({ method, url, headers, body: '' });
  const streamed = routedService === 's3';
  const call: IncomingCall = streamed
    ? {
      method, url, headers,
      rawHeaders: pairsFromRawHeaders(req.rawHeaders),
      body: Buffer.alloc(0),
      // Leaving the body half read (a bad chunk signature) must not destroy the socket before the error is sent.
      bodyStream: bodyChunks(req, bodyIdleMs),
      sourceIp: sourceIpOf(req),
      routedService,
    }
    : { method, url, headers, rawHeaders: pairsFromRawHeaders(req.rawHeaders), ...(await bufferedBody(req)), sourceIp: sourceIpOf(req), routedService };
  let response = await handleCall(platform, call);
  // The rest of a refused body is never read: the connection closes after the answer.
  // So does the rest of a body the client stopped sending (RequestTimeout).
  if (call.bodyOverLimit !== undefined || (streamed && bodyWentIdle(req))) response = { ...response, headers: { ...response.headers, connection: 'close' } };
  // A body the handler did not read (a refused upload) is drained so the connection stays usable.
  if (streamed && !req.complete) res.once('finish', () => req.resume());
  if (!response.stream) writeSoon(platform, res, () => writeResponse(req, res, response));
  else if (req.method !== 'HEAD' && declaredLength(response) <= GATHER_LIMIT) {
    // A small object: gathered and written whole, with the other answers of this turn.
    const body = await gatherChunks(response.stream).catch((error: unknown) => {
      // As with a stream that fails midway (writeStream): the client sees the connection cut.
      platform.log.error('reading an answer body failed', { error });
      return null;
    });
    if (body === null) res.destroy();
    else writeSoon(platform, res, () => writeResponse(req, res, { ...response, body }));
  } else await writeStream(res, response);
}

/** The whole body, or none and the limit it passed (the pipeline answers RequestEntityTooLarge). */
async function bufferedBody(req: IncomingMessage): Promise<{ body: Buffer; bodyOverLimit?: number }> {
  try {
    return { body: await readBody(req, MAX_BUFFERED_BODY) };
  } catch (error) {
    if (error instanceof BodyTooLarge) return { body: Buffer.alloc(0), bodyOverLimit: error.limit };
    throw error;
  }
}

/** Streamed answers up to this size are read into one buffer and written whole. */
const GATHER_LIMIT = 256 * 1024;

function declaredLength(response: CallResponse): number {
  const length = headerValue(response.headers, 'content-length');
  return length === undefined ? Infinity : Number(length);
}

/**
 * Whole answers are written together at the end of the event loop's turn (setImmediate runs
 * right after the poll phase that read their requests): with many connections, a client and
 * the kernel are woken once per batch of answers instead of once per answer. The delay is the
 * rest of the current turn, or until eight answers are waiting.
 */
const queued: { platform: Platform; res: ServerResponse; write: () => void }[] = [];

function writeSoon(platform: Platform, res: ServerResponse, write: () => void): void {
  if (queued.length === 0) setImmediate(writeQueued);
  queued.push({ platform, res, write });
  // A cap keeps the first client of a long turn from waiting for all the others.
  if (queued.length >= MAX_QUEUED) writeQueued();
}

const MAX_QUEUED = 8;

function writeQueued(): void {
  for (const { platform, res, write } of queued.splice(0)) {
    try {
      write();
    } catch (error) {
      platform.log.error('writing a response failed', { error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal server error');
      else res.destroy();
    }
  }
}

/**
 * The answer's headers as Node takes them without building a header object (name, value, name,
 * value...), Content-Length left out and given apart: it goes last. Node (20) re-encodes a
 * Content-Disposition that follows a non-zero Content-Length as a Buffer and then finds its
 * non-ASCII bytes (a filename="café.txt" stored by PutObject) invalid: writeHead threw, and HEAD
 * (and GET of a streamed object) answered 500.
 */
function headerList(headers: CallResponse['headers']): { list: string[]; contentLength: string | undefined } {
  const list: string[] = [];
  let contentLength: string | undefined;
  for (const name in headers) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') contentLength = headers[name] as string;
    else list.push(name, headers[name] as string);
  }
  return { list, contentLength };
}

async function writeStream(res: ServerResponse, response: CallResponse): Promise<void> {
  const { list, contentLength } = headerList(response.headers);
  if (contentLength !== undefined) list.push('content-length', contentLength);
  res.writeHead(response.status, list);
  await pipeline(Readable.from(response.stream as AsyncIterable<Uint8Array>), res).catch((error: unknown) => {
    res.destroy(error instanceof Error ? error : undefined);
  });
}

function writeResponse(req: IncomingMessage, res: ServerResponse, response: CallResponse): void {
  // A string body goes out as it is (Node writes it, as UTF-8, with the header block in one piece).
  const payload = response.body;
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  const { list, contentLength } = headerList(response.headers);
  // HEAD answers carry the length of what GET would send (S3 HeadObject's Content-Length).
  list.push('content-length', req.method === 'HEAD' && contentLength !== undefined ? contentLength : String(length));
  res.writeHead(response.status, list);
  res.end(payload);
}

/** `bodyIdleMs`: how long a streamed request body may pause before RequestTimeout (default BODY_IDLE_MS; tests shorten it). */
export function startServer(platform: Platform, options: { host: string; port: number; bodyIdleMs?: number }): Promise<GantryServer> {
  const server: Server = createServer((req, res) => {
    // The registry (OCI Distribution v2, docker/podman) speaks its own protocol on the same port.
    (isRegistryRequest(req) ? serveRegistry(platform, req, res) : serve(platform, req, res, options.bodyIdleMs)).catch((error: unknown) => {
      // A buffered body cut off by the client (before the pipeline, so without a request id): nobody to answer.
      if (error instanceof ClientAbort) {
        platform.log.info('client aborted the request', { method: req.method, url: req.url, bytesReceived: error.bytesReceived });
        res.destroy();
        return;
      }
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
