// Large-object transfers for the S3 benchmark, each timed: a multipart upload and a GET whose
// requests the SDK signed before the clock started, sent by a plain HTTP client (what the server
// does, as the ceiling's client is plain HTTP too); the same through the SDK itself
// (@aws-sdk/lib-storage's Upload, a streamed GetObject), where the SDK's own work on the one load
// core can be the limit; a plain streamed HTTP PUT and GET of the same bytes for the ceiling;
// and a sampler of a server's peak resident memory.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { PresignedRequest, RequestSigner } from './s3-signed-requests.js';
import { rssOf } from './server-process.js';

/** The CLI's multipart chunk size and a lib-storage-like queue. */
export const PART_SIZE = 8 * 1024 * 1024;
export const QUEUE_SIZE = 4;

export interface Timed {
  readonly seconds: number;
  readonly bytes: number;
}

const since = (start: number) => (performance.now() - start) / 1000;

export async function sdkUpload(client: S3Client, bucket: string, key: string, file: string, size: number): Promise<Timed> {
  const start = performance.now();
  const upload = new Upload({
    client, queueSize: QUEUE_SIZE, partSize: PART_SIZE, leavePartsOnError: false,
    params: { Bucket: bucket, Key: key, Body: createReadStream(file, { highWaterMark: 1 << 20 }), ContentLength: size },
  });
  await upload.done();
  return { seconds: since(start), bytes: size };
}

/** Reads a stream to its end, counting bytes ('data' events: cheaper than async iteration). */
function drain(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.once('end', () => resolve(bytes));
    stream.once('error', reject);
  });
}

export async function sdkDownload(client: S3Client, bucket: string, key: string): Promise<Timed> {
  const start = performance.now();
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await drain(answer.Body as Readable);
  return { seconds: since(start), bytes };
}

const agent = new Agent({ keepAlive: true, maxSockets: QUEUE_SIZE });

/** Sends a captured request; resolves with the answer once its body is drained and counted. */
function sendSigned(url: string, signed: PresignedRequest): Promise<{ answer: IncomingMessage; bytes: number }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, method: signed.method, path: signed.path, headers: signed.headers, agent }, (answer) => {
      drain(answer).then((bytes) => {
        if (answer.statusCode === 200) resolve({ answer, bytes });
        else reject(new Error(`${signed.method} ${signed.path}: ${answer.statusCode}`));
      }, reject);
    });
    req.on('error', reject);
    req.end(signed.body ?? undefined);
  });
}

/**
 * A multipart upload of `file` in PART_SIZE parts, QUEUE_SIZE at a time. Create and Complete go
 * through the SDK and are timed; each part is read and signed by the SDK (its SHA-256 and CRC32)
 * with the clock stopped, then sent by the plain client. As lib-storage's Upload does, the
 * upload is created with the algorithm its parts carry (CRC32) and completed with their
 * checksums: created without one, S3 would keep a CRC64NVME of the whole object besides.
 */
export async function signedUpload(client: S3Client, signer: RequestSigner, url: string, bucket: string, key: string, file: string, size: number): Promise<Timed> {
  const start = performance.now();
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: 'CRC32' }));
  if (!UploadId) throw new Error('CreateMultipartUpload answered without an UploadId');
  const creating = since(start);
  try {
    return { seconds: creating + await sendParts(client, signer, url, bucket, key, UploadId, file, size), bytes: size };
  } catch (error) {
    // A failed run leaves no upload behind (its parts would hold disk until aborted).
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
    throw error;
  }
}

/** Reads, signs (untimed) and sends the parts, then completes the upload: the seconds that took, less the signing. */
async function sendParts(client: S3Client, signer: RequestSigner, url: string, bucket: string, key: string, UploadId: string, file: string, size: number): Promise<number> {
  const parts: PresignedRequest[] = [];
  const fd = openSync(file, 'r');
  try {
    for (let offset = 0; offset < size; offset += PART_SIZE) {
      const body = Buffer.allocUnsafe(Math.min(PART_SIZE, size - offset));
      if (readSync(fd, body, 0, body.length, offset) !== body.length) throw new Error(`${file} is shorter than ${size} bytes`);
      parts.push(await signer.uploadPart(bucket, key, UploadId, parts.length + 1, body));
    }
  } finally {
    closeSync(fd);
  }
  const start = performance.now();
  const etags: string[] = [];
  const crc32s: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: QUEUE_SIZE }, async () => {
    while (next < parts.length) {
      const index = next++;
      const { answer } = await sendSigned(url, parts[index] as PresignedRequest);
      etags[index] = String(answer.headers.etag);
      crc32s[index] = String(answer.headers['x-amz-checksum-crc32']);
    }
  }));
  await client.send(new CompleteMultipartUploadCommand({
    Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, ChecksumCRC32: crc32s[i], PartNumber: i + 1 })) },
  }));
  return since(start);
}

/** A GET signed by the SDK with the clock stopped, sent and drained by the plain client. */
export async function signedDownload(signer: RequestSigner, url: string, bucket: string, key: string): Promise<Timed> {
  const signed = await signer.get(bucket, key);
  const start = performance.now();
  const { bytes } = await sendSigned(url, signed);
  return { seconds: since(start), bytes };
}

export function plainPut(url: string, name: string, file: string, size: number): Promise<Timed> {
  const target = new URL(`/${encodeURIComponent(name)}`, url);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: 'PUT', agent, headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' } }, (res) => {
      void drain(res).then(() => {
        if (res.statusCode === 200) resolve({ seconds: since(start), bytes: size });
        else reject(new Error(`PUT ${target.href}: ${res.statusCode}`));
      }, reject);
    });
    req.on('error', reject);
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), req).catch(reject);
  });
}

export function plainGet(url: string, name: string): Promise<Timed> {
  const target = new URL(`/${encodeURIComponent(name)}`, url);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: 'GET', agent }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${target.href}: ${res.statusCode}`));
        res.resume();
        return;
      }
      drain(res).then((bytes) => resolve({ seconds: since(start), bytes }), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Samples a process's VmRSS every few milliseconds until stopped; the peak seen. */
export function rssSampler(pid: number, everyMs = 10): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}
