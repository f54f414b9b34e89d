// S3's largest single PUT (5 GiB) into a bucket encrypted by default under a customer managed
// KMS key: one PutObject request, its body streamed by the AWS SDK from a file; then a timed
// GET, and one more read checked against the file's SHA-256. Issue 4: "a 5 GiB upload
// must not need 5 GiB of RAM". Reports the server's peak resident memory over its idle RSS, and
// the transfer rates, beside the bare Node file server (bench/file-ceiling-server.ts) moving
// the same file in the same run.
// Run: node dist/bench/s3-largest-put.js [--gib N]  (needs about 3x N GiB of free disk in the temporary directory)
// Each server runs as its own process pinned to core 1; the SDK runs here, on core 0.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, PutBucketEncryptionCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { plainGet, plainPut, rssSampler, signedDownload, type Timed } from './large-transfers.js';
import { RequestSigner, type Credentials } from './s3-signed-requests.js';
import { pinSelf, rssOf, startServerProcess, type ServerProcess } from './server-process.js';
import { formatMiB, table } from './stats.js';
import { SERVER_NODE_OPTIONS } from '../src/cli/server-node-options.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { values: args } = parseArgs({ options: { gib: { type: 'string' } } });
const gib = Number(args.gib ?? '5');
if (!(gib > 0 && gib <= 5)) throw new Error('usage: --gib N (0 < N <= 5: S3 refuses a larger single PUT)');
const SIZE = Math.round(gib * 1024 ** 3);
/** Gantry's peak RSS during the transfers may exceed its idle RSS by at most this: bounded, whatever the object's size. */
const TARGET_GROWTH = 256 * 1024 * 1024;
const SERVER_CORE = 1;
const LOAD_CORE = 0;
const BUCKET = 'largest-put';

const HERE = dirname(fileURLToPath(import.meta.url));
const GANTRY = resolve(HERE, '../src/cli/main.js');
const FILE_SERVER = join(HERE, 'file-ceiling-server.js');
const scratch = mkdtempSync(join(tmpdir(), 'gantry-bench-largest-'));

interface Measured {
  readonly put: Timed;
  readonly get: Timed;
  readonly idle: number;
  readonly peak: number;
}

/** A file of `size` bytes: one random MiB repeated, each copy stamped with its index so no two MiB are alike. Returns its SHA-256. */
async function writeStampedFile(file: string, size: number): Promise<string> {
  const block = randomBytes(1024 * 1024);
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  try {
    for (let at = 0, i = 0; at < size; i++) {
      const piece = block.subarray(0, Math.min(block.length, size - at));
      piece.writeUInt32BE(i, 0);
      hash.update(piece);
      await handle.write(piece, 0, piece.length, at);
      at += piece.length;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function sha256OfStream(body: Readable): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hash: hash.digest('hex'), bytes };
}

const since = (start: number) => (performance.now() - start) / 1000;
const mbps = (t: Timed) => t.bytes / 1e6 / t.seconds;

async function measureGantry(file: string, fileHash: string): Promise<Measured> {
  const dataDir = join(scratch, 'gantry');
  const server = await startServerProcess([...SERVER_NODE_OPTIONS, GANTRY, 'up', '--port', '0', '--quiet', '--data-dir', dataDir], SERVER_CORE);
  try {
    const [root] = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as Credentials[];
    if (!root) throw new Error(`no root credentials in ${dataDir}`);
    const config = { endpoint: server.url, region: 'us-east-1', credentials: root, maxAttempts: 1 };
    const kms = new KMSClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
    }));
    const idle = rssOf(server.pid);
    const sampler = rssSampler(server.pid, 20);
    const start = performance.now();
    const written = await s3.send(new PutObjectCommand({
      Bucket: BUCKET, Key: 'largest', Body: createReadStream(file, { highWaterMark: 1 << 20 }), ContentLength: SIZE,
    }));
    const put = { seconds: since(start), bytes: SIZE };
    if (written.ServerSideEncryption !== 'aws:kms' || written.SSEKMSKeyId !== keyArn) throw new Error(`PUT answered ${written.ServerSideEncryption} ${written.SSEKMSKeyId}`);
    // Timed as the file server's GET is, a plain HTTP client draining the body (SDK-signed);
    // checked in a second read: hashing on the load core would time SHA-256, not the server.
    const signer = new RequestSigner(server.url, root);
    const get = await signedDownload(signer, server.url, BUCKET, 'largest');
    signer.destroy();
    const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'largest' }));
    const read = await sha256OfStream(answer.Body as Readable);
    const peak = sampler.stop();
    if (read.bytes !== SIZE || read.hash !== fileHash) throw new Error(`GET read back ${read.bytes} bytes with SHA-256 ${read.hash}; wrote ${SIZE} with ${fileHash}`);
    s3.destroy();
    kms.destroy();
    return { put, get, idle, peak };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureCeiling(file: string): Promise<Measured> {
  const dir = join(scratch, 'files');
  mkdirSync(dir);
  const server: ServerProcess = await startServerProcess([FILE_SERVER, dir], SERVER_CORE);
  try {
    const idle = rssOf(server.pid);
    const sampler = rssSampler(server.pid, 20);
    const put = await plainPut(server.url, 'largest', file, SIZE);
    const get = await plainGet(server.url, 'largest');
    return { put, get, idle, peak: sampler.stop() };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  pinSelf(LOAD_CORE);
  const free = statfsSync(scratch);
  if (free.bavail * free.bsize < 3 * SIZE) throw new Error(`${scratch} has ${formatMiB(free.bavail * free.bsize)} free; this needs about ${formatMiB(3 * SIZE)}`);
  const file = join(scratch, 'body.bin');
  const fileHash = await writeStampedFile(file, SIZE);
  console.log(`S3 largest single PUT: ${gib} GiB, one PutObject streamed by the SDK into an SSE-KMS bucket, then GetObject; node ${process.version}`);
  const ceiling = await measureCeiling(file);
  const gantry = await measureGantry(file, fileHash);
  const growth = gantry.peak - gantry.idle;
  const met = growth < TARGET_GROWTH;
  const share = (a: Timed, b: Timed) => `${((mbps(a) / mbps(b)) * 100).toFixed(0)}%`;
  console.log(`\n${table([
    ['metric', 'gantry SSE-KMS', 'file server', 'gantry : file server', 'target', 'met?'],
    ['PUT MB/s', mbps(gantry.put).toFixed(0), mbps(ceiling.put).toFixed(0), share(gantry.put, ceiling.put), '-', '-'],
    ['GET MB/s', mbps(gantry.get).toFixed(0), mbps(ceiling.get).toFixed(0), share(gantry.get, ceiling.get), '-', '-'],
    ['idle RSS', formatMiB(gantry.idle), formatMiB(ceiling.idle), '-', '-', '-'],
    ['peak RSS (PUT and GET)', formatMiB(gantry.peak), formatMiB(ceiling.peak), '-', '-', '-'],
    ['peak over idle', formatMiB(growth), formatMiB(ceiling.peak - ceiling.idle), '-', `< ${formatMiB(TARGET_GROWTH)}`, met ? 'yes' : 'NO'],
  ])}`);
  console.log(`the object read back with the file's SHA-256; one run (each transfer moves ${gib} GiB; rates are indicative only on a shared machine)`);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => {
    rmSync(scratch, { recursive: true, force: true });
    if (process.exitCode) process.exit();
  });
