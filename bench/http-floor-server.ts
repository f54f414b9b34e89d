// The small-object benchmark's floor: what Node's HTTP stack costs for the same exchange, with an
// MD5 ETag and nothing else.
// A bare Node http server keeping objects in memory by path: PUT reads the body and answers 200
// with an ETag, GET answers the stored bytes with S3's usual headers, anything else 404. No
// signature check, no authorization, no encryption, no disk: no S3 server on Node can spend less
// per request, so the gap between it and a server is that server's own work.
// Run: node dist/bench/http-floor-server.js  (prints "node http listening on URL")

import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { serveOnLoopback } from './serve-on-loopback.js';

interface Stored {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: string;
}

function main(): void {
  const objects = new Map<string, Stored>();
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestId = (++requests).toString(16).padStart(16, '0');
      // The key is the path: the SDK's ?x-id=PutObject / ?x-id=GetObject differ between the two.
      const path = (req.url ?? '/').split('?', 1)[0] as string;
      if (req.method === 'PUT') {
        const body = Buffer.concat(chunks);
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        objects.set(path, { body, etag, lastModified: new Date().toUTCString() });
        res.writeHead(200, ['x-amz-request-id', requestId, 'etag', etag, 'content-length', '0']).end();
        return;
      }
      const stored = req.method === 'GET' ? objects.get(path) : undefined;
      if (!stored) {
        res.writeHead(404, ['x-amz-request-id', requestId, 'content-length', '0']).end();
        return;
      }
      res.writeHead(200, [
        'x-amz-request-id', requestId, 'etag', stored.etag, 'last-modified', stored.lastModified, 'accept-ranges', 'bytes',
        'content-type', 'application/octet-stream', 'content-length', String(stored.body.length),
      ]).end(stored.body);
    });
  });
  serveOnLoopback(server, 'node http');
}

main();
