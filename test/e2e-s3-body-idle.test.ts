// A client that stops sending a body it still owes (a Content-Length longer than what it sends,
// an uploader that stalls) gets S3's RequestTimeout once the body has been idle long enough,
// the connection is closed, and nothing is stored; a slow client that keeps sending is not cut off.
// (S3 waits about 20 seconds; this Gantry is started with 300 ms so the test stays fast.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { signS3 } from './support/raw-http.js';
import { s3Client } from './support/s3-helpers.js';

const IDLE_MS = 300;
const Bucket = 'idle-bodies';
const gantry = useGantry({ bodyIdleMs: IDLE_MS }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket }));
});

/** Sends a signed PUT declaring `declared` bytes, then `pieces` with `gapMs` between them; resolves with what the server wrote back and whether it closed. */
async function put(key: string, declared: number, pieces: Buffer[], gapMs: number): Promise<{ answer: string; closed: boolean; ms: number }> {
  const url = new URL(gantry.url);
  const headers = await signS3(gantry.url, gantry.root, 'PUT', `/${Bucket}/${key}`, {
    'content-length': String(declared), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  });
  const head = [`PUT /${Bucket}/${key} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      resolve({ answer, closed, ms: Date.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => finish(true));
    socket.on('error', reject);
    // Whatever came back within 3 s without the server closing: not closed.
    setTimeout(() => {
      finish(false);
      socket.destroy();
    }, 3000).unref();
    socket.write(head);
    void (async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    })();
  });
}

test('a body that stops short of its Content-Length: 400 RequestTimeout after the idle time, the connection closed, nothing stored', async () => {
  const { answer, closed, ms } = await put('stalled', 100, [Buffer.alloc(10, 1)], 0);
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /<Code>RequestTimeout<\/Code>/);
  assert.match(answer, /Your socket connection to the server was not read from or written to within the timeout period\. Idle connections will be closed\./);
  assert.match(answer, /\r\nconnection: close\r\n/i);
  assert.equal(closed, true, 'the server closed the connection');
  assert.ok(ms >= IDLE_MS, `answered after ${ms} ms, not before the idle time`);
  await rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket, Key: 'stalled' })), 'NoSuchKey');
  assert.ok(gantry.logLines.some((line) => line.includes('request body went idle')), 'logged at info as the client\'s doing');
});

test('a slow client that keeps sending (pauses shorter than the idle time) is stored whole', async () => {
  const pieces = Array.from({ length: 6 }, (_, i) => Buffer.alloc(10, i + 1));
  const { answer } = await put('slow', 60, pieces, IDLE_MS / 3);
  assert.match(answer, /^HTTP\/1\.1 200 /);
  const got = await s3Client(gantry).send(new GetObjectCommand({ Bucket, Key: 'slow' }));
  assert.deepEqual(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()), Buffer.concat(pieces));
});
