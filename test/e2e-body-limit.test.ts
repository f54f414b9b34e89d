// End to end on the raw wire: a request body over Gantry's buffering limit (64 MiB) on a
// service other than S3 is answered 413 RequestEntityTooLarge in the service's own protocol
// (query XML for IAM, JSON for KMS), without the rest of the body being read, logged at info
// (not as an internal error), and the connection closed after the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { MAX_BUFFERED_BODY } from '../src/server/body-limit.js';
import { useGantry } from './support/use-gantry.js';

const gantry = useGantry();

/** A signature that never gets checked: the body is refused before authentication. */
const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

interface Answer { status: number; headers: IncomingHttpHeaders; body: string; closed: boolean }

/**
 * Sends `total` bytes of body in 1 MiB chunks (or declares them and sends one chunk) and takes
 * the answer whenever it comes; errors writing the rest (the server closed) are expected.
 */
function send(headers: Record<string, string>, total: number, declareLength: boolean): Promise<Answer> {
  const { hostname, port } = new URL(gantry.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: 'POST', path: '/', headers: declareLength ? { ...headers, 'content-length': String(total) } : headers, agent: false });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
        // The server closes its side after the answer. The bound only turns a connection left
        // open into a clear failure before the test's 15 s timeout; a loaded machine may take
        // seconds to deliver the close, so it is generous rather than tight.
        if (res.socket.destroyed || res.socket.readableEnded) resolve({ ...answer, closed: true });
        else res.socket.once('close', () => resolve({ ...answer, closed: true }));
        setTimeout(() => resolve({ ...answer, closed: false }), 10_000).unref();
      });
    });
    // The server may close while the rest is still being written; only a connection cut with no answer at all fails.
    let answered = false;
    req.once('response', () => {
      answered = true;
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      else setTimeout(() => answered || reject(new Error(`the connection was cut with no answer (${error.code})`)), 5000);
    });
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    if (declareLength) {
      req.write(chunk);
      return;
    }
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const piece = sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/**
 * The refusal was no internal error but one line at info naming the refused request. Only the
 * lines logged since `from` (the test's start) count, and the line is matched by its request
 * id, so each test finds its own line whatever ran before it.
 */
function assertRefusalLogged(from: number, requestId: string, service: string): void {
  const lines = gantry.logLines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(lines.filter((l) => l['level'] === 'error'), []);
  const refused = lines.filter((l) => l['message'] === 'request body over the limit refused');
  assert.deepEqual(refused.map((l) => [l['level'], l['service'], l['requestId']]), [['info', service, requestId]]);
}

test('IAM (query protocol): a declared Content-Length over the limit is refused at once, 413 RequestEntityTooLarge in XML; logged at info', { timeout: 15_000 }, async () => {
  const logged = gantry.logLines.length;
  const answer = await send({ 'content-type': 'application/x-www-form-urlencoded', authorization: auth('iam') }, MAX_BUFFERED_BODY + 1, true);
  assert.equal(answer.status, 413);
  assert.match(answer.body, /^<\?xml version="1.0" encoding="UTF-8"\?><ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  assert.match(answer.body, /<Type>Sender<\/Type><Code>RequestEntityTooLarge<\/Code><Message>Request body exceeds the maximum allowed size of 67108864 bytes.<\/Message>/);
  const requestId = /<RequestId>([^<]+)<\/RequestId>/.exec(answer.body)?.[1];
  assert.ok(requestId, 'the XML error names its request');
  assert.equal(answer.headers['connection'], 'close');
  assert.equal(answer.closed, true);
  assertRefusalLogged(logged, requestId, 'iam');
});

test('KMS (JSON protocol): a chunked body that passes the limit is refused, 413 RequestEntityTooLarge in JSON; logged at info', { timeout: 15_000 }, async () => {
  const logged = gantry.logLines.length;
  const answer = await send({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt', authorization: auth('kms') }, MAX_BUFFERED_BODY + 1, false);
  assert.equal(answer.status, 413);
  const body = JSON.parse(answer.body) as Record<string, string>;
  assert.equal(body['__type'], 'RequestEntityTooLarge');
  assert.equal(body['message'] ?? body['Message'], 'Request body exceeds the maximum allowed size of 67108864 bytes.');
  const requestId = answer.headers['x-amzn-requestid'];
  assert.ok(typeof requestId === 'string' && requestId !== '', 'the JSON error names its request');
  assert.equal(answer.closed, true);
  assertRefusalLogged(logged, requestId, 'kms');
});
