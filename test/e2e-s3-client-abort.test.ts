// A client that cuts its connection in the middle of an upload (PutObject, UploadPart): Gantry
// logs it once, at info level, as a client abort (no internal error), audits it as IncompleteBody,
// and leaves neither an object (or part) nor a temp file behind. A buffered API call's body cut
// off is a client abort too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, HeadObjectCommand, ListPartsCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { signS3 } from './support/raw-http.js';
import { rejects } from './support/aws-error.js';
import { bytes, s3Client } from './support/s3-helpers.js';

const MIB = 1024 * 1024;
const BUCKET = 'cut-off-uploads';
const gantry = useGantry({}, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});

/** Files in the blob store's temp directory (absent until the first large write). */
function tempFiles(): string[] {
  try {
    return readdirSync(join(gantry.dataDir, 'objects', '.tmp'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Waits (polling: the server finishes on its own schedule) until `ready` holds; fails after 10 s. */
async function until(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ready()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 10));
  }
}

const parsedLog = () => gantry.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
const abortLines = () => parsedLog().filter((entry) => entry['message'] === 'client aborted the request');
const errorLines = () => parsedLog().filter((entry) => entry['level'] === 'error');

/** Waits until the server logged the cut-off request, as an abort or (the bug) as an error; asserts it was the former, once. */
async function loggedAbort(before: number): Promise<Record<string, unknown>> {
  await until('the cut-off request to be logged', () => abortLines().length > before || errorLines().length > 0);
  assert.deepEqual(errorLines(), [], 'no error is logged');
  assert.equal(abortLines().length, before + 1, 'logged once');
  return abortLines().at(-1) as Record<string, unknown>;
}

/**
 * Declares 8 MiB, sends 3 MiB, waits until the upload has a temp file on disk, then destroys
 * the socket; returns the server's log entry for it.
 */
async function cutOffUpload(path: string, query: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const before = abortLines().length;
  const headers = await signS3(gantry.url, gantry.root, 'PUT', path, { 'content-length': String(8 * MIB), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, new Date(), query);
  const target = new URL(gantry.url);
  const search = new URLSearchParams(query).toString();
  const req = request({ host: target.hostname, port: target.port, method: 'PUT', path: search ? `${path}?${search}` : path, headers });
  req.on('error', () => undefined); // the connection this test destroys
  req.write(bytes(3 * MIB, 7));
  // The body is being written to disk: the temp file exists, so its removal is observable.
  await until('a temp file of the upload', () => tempFiles().length > 0);
  req.destroy();
  return loggedAbort(before);
}

test('a PutObject cut off midway is logged as a client abort, audited as IncompleteBody, and leaves no object or temp file', async () => {
  const entry = await cutOffUpload(`/${BUCKET}/half.bin`);
  assert.equal(entry['level'], 'info');
  assert.equal(entry['method'], 'PUT');
  assert.equal(entry['operation'], 'PutObject');
  assert.equal(entry['bucket'], BUCKET);
  assert.equal(entry['key'], 'half.bin');
  const received = entry['bytesReceived'] as number;
  assert.ok(received > 0 && received <= 3 * MIB, `bytesReceived ${received}`);
  const record = gantry.platform.audit.get(entry['requestId'] as string);
  assert.ok(record, 'the request has its audit record');
  assert.equal(record.operation, 'PutObject');
  assert.equal(record.status, 400);
  assert.equal(record.errorCode, 'IncompleteBody');
  await rejects(s3Client(gantry).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'half.bin' })), 'NotFound', undefined, 404);
  assert.deepEqual(tempFiles(), []);
});

test('an UploadPart cut off midway is logged as a client abort and leaves no part or temp file', async () => {
  const s3 = s3Client(gantry);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts.bin' }));
  const entry = await cutOffUpload(`/${BUCKET}/parts.bin`, { partNumber: '1', uploadId: UploadId as string });
  assert.equal(entry['operation'], 'UploadPart');
  assert.equal(entry['key'], 'parts.bin');
  assert.equal(gantry.platform.audit.get(entry['requestId'] as string)?.errorCode, 'IncompleteBody');
  const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'parts.bin', UploadId }));
  assert.deepEqual(listed.Parts ?? [], []);
  assert.deepEqual(tempFiles(), []);
  await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts.bin', UploadId }));
});

test('an API call whose (buffered) body is cut off is logged as a client abort, not an error', async () => {
  const before = abortLines().length;
  const target = new URL(gantry.url);
  // The body is read before the signature is checked: a credential scope naming IAM is enough to route it.
  const headers = {
    'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000',
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00',
  };
  const req = request({ host: target.hostname, port: target.port, method: 'POST', path: '/', headers });
  req.on('error', () => undefined); // the connection this test destroys
  req.write('Action=ListUsers');
  req.flushHeaders();
  await new Promise((tick) => setTimeout(tick, 50));
  req.destroy();
  const entry = await loggedAbort(before);
  assert.equal(entry['method'], 'POST');
  assert.equal(entry['bytesReceived'], 'Action=ListUsers'.length);
});
