// Large-object transfers for the S3 benchmark, each timed: an SDK multipart upload
// (@aws-sdk/lib-storage) and a streamed SDK GET drained and counted; a plain streamed HTTP PUT
// and GET of the same bytes for the ceiling; and a sampler of a server's peak resident memory.

import { createReadStream } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

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
