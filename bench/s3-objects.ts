// S3 object benchmark: 4 KiB PUT and GET requests/s (Gantry with SSE-S3 and with SSE-KMS under a
// customer managed key, against s3rver; beside them, each server's CPU per request and that of a
// bare Node http server keeping objects in memory, the floor) and 256 MiB PUT and GET MB/s
// (against a bare Node file server on loopback as the ceiling), all SigV4-signed by the AWS SDK,
// IAM deciding every request.
// Run: npm run bench:s3  (or node dist/bench/s3-objects.js [--seconds N] [--runs N] [--quick] [--large-mib N] [--only small|large] [--profile])
// Each server runs as its own process pinned to core 1; the load generator runs here, on core 0,
// with the servers' Node options (it restarts itself with them if need be): otherwise its own
// garbage collection, not the file server, caps a plain 256 MiB GET near 1 GB/s.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand, S3Client,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { formatHotSpots, hotSpots } from './cpu-profile-summary.js';
import { plainGet, plainPut, rssSampler, sdkDownload, sdkUpload, signedDownload, signedUpload, PART_SIZE, QUEUE_SIZE, type Timed } from './large-transfers.js';
import { cpuTicks, runPooled, send, type PooledResult } from './pooled-load.js';
import { RequestSigner, type Credentials, type PresignedRequest } from './s3-signed-requests.js';
import { pinSelf, rssOf, startServerProcess, type ServerProcess } from './server-process.js';
import { formatInt, median, table } from './stats.js';
import { SERVER_NODE_OPTIONS } from '../src/cli/server-node-options.js';

// The SDK warns on Node 20 at every client's first use; not our concern here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const ACCOUNT = '111122223333';
const SMALL_BYTES = 4096;
const TARGET_SMALL_RATIO = 5;
const TARGET_LARGE_SHARE = 0.7;
/** Peak RSS with full-size objects may exceed the peak with quarter-size ones by at most this. */
const TARGET_RSS_GROWTH = 32 * 1024 * 1024;
const SERVER_CORE = 1;
const LOAD_CORE = 0;
const KEYS_PER_WORKER = 8;
const PLAIN_BUCKET = 'bench-plain';
const KMS_BUCKET = 'bench-kms';
const PEER_BUCKET = 'bench-peer';
const BENCH_USER = 'bench-s3';
const S3RVER_CREDENTIALS: Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string' },
    runs: { type: 'string' },
    connections: { type: 'string' },
    'large-mib': { type: 'string' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const quick = args.quick === true;
const seconds = Number(args.seconds ?? (quick ? '1' : '3'));
const runs = Number(args.runs ?? (quick ? '2' : '5'));
// Five: the file server's rate swings by 2x between runs on a shared machine; the median of three moved too much.
const largeRuns = quick ? 1 : 5;
const connections = Number(args.connections ?? '32');
const largeMiB = Number(args['large-mib'] ?? '256');
const warmUpSeconds = Math.max(1, Math.min(seconds, 2));
const only = args.only;
if (!(seconds > 0) || !(runs >= 1) || !(connections >= 1) || !(largeMiB >= 8) || (only !== undefined && only !== 'small' && only !== 'large')) {
  throw new Error('usage: --seconds N (>0) --runs N (>=1) --connections N (>=1) --large-mib N (>=8) [--only small|large] [--quick] [--profile]');
}
const doSmall = only !== 'large';
const doLarge = only !== 'small';
const LARGE_BYTES = largeMiB * 1024 * 1024;

const HERE = dirname(fileURLToPath(import.meta.url));
const GANTRY = resolve(HERE, '../src/cli/main.js');
const S3RVER = join(HERE, 's3rver-server.js');
const FILE_SERVER = join(HERE, 'file-ceiling-server.js');
const HTTP_FLOOR = join(HERE, 'http-floor-server.js');
const scratch = mkdtempSync(join(tmpdir(), 'gantry-bench-s3-'));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const gantryArgs = (dataDir: string) => [...SERVER_NODE_OPTIONS, GANTRY, 'up', '--port', '0', '--account-id', ACCOUNT, '--quiet', '--data-dir', dataDir];

type Workload = 'PUT' | 'GET';
const WORKLOADS: readonly Workload[] = ['PUT', 'GET'];

interface SmallTarget {
  /** 'node http': the floor (http-floor-server.ts), reported beside the target, not judged. */
  readonly name: 'gantry SSE-S3' | 'gantry SSE-KMS' | 's3rver' | 'node http';
  readonly server: ServerProcess;
  readonly bucket: string;
  readonly credentials: Credentials;
}

interface GantrySetUp {
  readonly user: Credentials;
  readonly keyArn: string;
}

const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
const mbps = (t: Timed) => t.bytes / 1e6 / t.seconds;
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');
const percent = (a: number, b: number) => (Number.isFinite(a / b) ? `${((a / b) * 100).toFixed(0)}%` : 'n/a');
const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : 'n/a');

function rootOf(dataDir: string): Credentials {
  const [root] = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as Credentials[];
  if (!root) throw new Error(`no root credentials in ${dataDir}`);
  return root;
}

function s3(url: string, credentials: Credentials): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
}

/** A customer managed key (default key policy: the account delegates to IAM), the two buckets, and a user allowed by IAM. */
async function setUpGantry(url: string, dataDir: string): Promise<GantrySetUp> {
  const root = rootOf(dataDir);
  const config = { endpoint: url, region: 'us-east-1', credentials: root, maxAttempts: 1 };
  const created = await new KMSClient(config).send(new CreateKeyCommand({ Description: 'bench data key' }));
  const keyArn = created.KeyMetadata?.Arn;
  if (!keyArn) throw new Error('CreateKey returned no ARN');
  const admin = s3(url, root);
  await admin.send(new CreateBucketCommand({ Bucket: PLAIN_BUCKET }));
  await admin.send(new CreateBucketCommand({ Bucket: KMS_BUCKET }));
  await admin.send(new PutBucketEncryptionCommand({
    Bucket: KMS_BUCKET,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: BENCH_USER }));
  const document = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:AbortMultipartUpload'],
        Resource: [PLAIN_BUCKET, KMS_BUCKET].flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]) },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn },
    ],
  };
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'bench-s3-objects', PolicyDocument: JSON.stringify(document) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: BENCH_USER, PolicyArn: policy.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: BENCH_USER }));
  if (!key.AccessKey?.AccessKeyId || !key.AccessKey.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
  return { user: { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey }, keyArn };
}

const smallKey = (worker: number, i: number) => `small/w${worker}-${i}`;

/** One list of freshly signed requests per worker, each over its own keys. */
async function signPools(target: SmallTarget, workload: Workload, body: Buffer): Promise<PresignedRequest[][]> {
  const signer = new RequestSigner(target.server.url, target.credentials);
  const pools: PresignedRequest[][] = [];
  for (let w = 0; w < connections; w++) {
    const pool: PresignedRequest[] = [];
    for (let i = 0; i < KEYS_PER_WORKER; i++) {
      pool.push(workload === 'PUT' ? await signer.put(target.bucket, smallKey(w, i), body) : await signer.get(target.bucket, smallKey(w, i)));
    }
    pools.push(pool);
  }
  signer.destroy();
  return pools;
}

/** Writes every key once (so that GETs find them) and checks that one reads back. */
async function seedSmall(target: SmallTarget, body: Buffer): Promise<void> {
  const url = new URL(target.server.url);
  for (const pool of await signPools(target, 'PUT', body)) {
    for (const signed of pool) {
      const answer = await send(url, false, signed);
      if (answer.status !== 200) throw new Error(`${target.name}: seeding PUT answered ${answer.status}: ${answer.body.toString()}`);
    }
  }
  const [[get]] = (await signPools(target, 'GET', body)) as [[PresignedRequest]];
  const answer = await send(url, false, get);
  if (answer.status !== 200 || !answer.body.equals(body)) throw new Error(`${target.name}: GET after PUT answered ${answer.status}, ${answer.body.length} bytes`);
}

/** Warm-up, then runs interleaved so that drift (and the machine's other work) hits every target alike. */
async function measureSmall(targets: readonly SmallTarget[], body: Buffer): Promise<Map<string, PooledResult[]>> {
  const results = new Map<string, PooledResult[]>();
  const once = async (target: SmallTarget, workload: Workload, length: number) => {
    const pools = await signPools(target, workload, body);
    const result = await runPooled(target.server.url, pools, length, target.server.pid);
    if (result.firstFailure) console.log(`  ${target.name} ${workload}: ${result.failures} failures, first: ${result.firstFailure}`);
    await sleep(300);
    return result;
  };
  for (const workload of WORKLOADS) for (const target of targets) await once(target, workload, warmUpSeconds);
  for (let run = 0; run < runs; run++) {
    for (const workload of WORKLOADS) {
      for (const target of targets) {
        const key = `${target.name} ${workload}`;
        results.set(key, [...(results.get(key) ?? []), await once(target, workload, seconds)]);
      }
    }
  }
  for (const [key, list] of results) {
    console.log(
      `  ${key.padEnd(20)} req/s ${list.map((r) => formatInt(r.rps)).join(', ')}; failures ${list.reduce((n, r) => n + r.failures, 0)}; ` +
        `server core ${(median(list.map((r) => r.serverCpu)) * 100).toFixed(0)}%, generator core ${(median(list.map((r) => r.generatorCpu)) * 100).toFixed(0)}%`,
    );
  }
  return results;
}

interface LargeTarget {
  /** 'SDK Upload, SSE-KMS': Gantry driven by the SDK's own Upload and GetObject, reported beside the target, not judged. */
  readonly name: 'ceiling' | 'gantry SSE-S3' | 'gantry SSE-KMS' | 'SDK Upload, SSE-KMS';
  readonly pid: number;
  put(key: string, file: string, size: number): Promise<Timed>;
  get(key: string): Promise<Timed>;
}

interface LargeRun {
  readonly timed: Timed;
  readonly serverCpu: number;
  readonly generatorCpu: number;
}

async function timedOn(pid: number, transfer: () => Promise<Timed>): Promise<LargeRun> {
  const ticks = cpuTicks(pid);
  const cpu = process.cpuUsage();
  const timed = await transfer();
  const used = process.cpuUsage(cpu);
  return { timed, serverCpu: (cpuTicks(pid) - ticks) / 100 / timed.seconds, generatorCpu: (used.user + used.system) / 1e6 / timed.seconds };
}

function writeRandomFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const chunk = 8 * 1024 * 1024;
  writeFileSync(path, '');
  for (let written = 0; written < size; written += chunk) {
    const bytes = randomBytes(Math.min(chunk, size - written));
    hash.update(bytes);
    writeFileSync(path, bytes, { flag: 'a' });
  }
  return hash.digest('hex');
}

async function sha256Of(client: S3Client, bucket: string, key: string): Promise<string> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of answer.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface LargeMeasured {
  readonly results: Map<string, LargeRun[]>;
  readonly rssBefore: number;
  readonly rssPeakQuarter: number;
  readonly rssPeakFull: number;
}

async function measureLarge(targets: readonly LargeTarget[], gantryPid: number, gantryClient: S3Client): Promise<LargeMeasured> {
  const quarterFile = join(scratch, 'large-quarter.bin');
  const fullFile = join(scratch, 'large-full.bin');
  writeRandomFile(quarterFile, LARGE_BYTES / 4);
  const fullHash = writeRandomFile(fullFile, LARGE_BYTES);
  const rssBefore = rssOf(gantryPid);

  // Quarter-size objects first: if Gantry's memory followed the object size, the full-size peak would be 4x higher.
  const quarter = rssSampler(gantryPid);
  for (const target of targets.filter((t) => t.name !== 'ceiling')) {
    await target.put('large/quarter.bin', quarterFile, LARGE_BYTES / 4);
    await target.get('large/quarter.bin');
  }
  const rssPeakQuarter = quarter.stop();

  const results = new Map<string, LargeRun[]>();
  const record = (key: string, run: LargeRun) => {
    results.set(key, [...(results.get(key) ?? []), run]);
    if (run.timed.bytes !== LARGE_BYTES) throw new Error(`${key}: ${run.timed.bytes} bytes moved, expected ${LARGE_BYTES}`);
  };
  const full = rssSampler(gantryPid);
  for (let run = 0; run < largeRuns; run++) {
    for (const target of targets) {
      record(`${target.name} PUT`, await timedOn(target.pid, () => target.put('large/full.bin', fullFile, LARGE_BYTES)));
      await sleep(300);
      record(`${target.name} GET`, await timedOn(target.pid, () => target.get('large/full.bin')));
      await sleep(300);
    }
  }
  const rssPeakFull = full.stop();
  for (const bucket of [PLAIN_BUCKET, KMS_BUCKET]) {
    const got = await sha256Of(gantryClient, bucket, 'large/full.bin');
    if (got !== fullHash) throw new Error(`${bucket}/large/full.bin reads back with SHA-256 ${got}, wrote ${fullHash}`);
  }
  const head = await gantryClient.send(new HeadObjectCommand({ Bucket: KMS_BUCKET, Key: 'large/full.bin' }));
  console.log(`  ${KMS_BUCKET}/large/full.bin: ${head.ServerSideEncryption} under ${head.SSEKMSKeyId}, ETag ${head.ETag}; both buckets read back the bytes written`);
  for (const [key, list] of results) {
    console.log(
      `  ${key.padEnd(20)} MB/s ${list.map((r) => mbps(r.timed).toFixed(0)).join(', ')}; ` +
        `server core ${(median(list.map((r) => r.serverCpu)) * 100).toFixed(0)}%, generator core ${(median(list.map((r) => r.generatorCpu)) * 100).toFixed(0)}%`,
    );
  }
  return { results, rssBefore, rssPeakQuarter, rssPeakFull };
}

interface Verdicts {
  small: boolean;
  large: boolean;
  memory: boolean;
}

function summary(small: Map<string, PooledResult[]> | null, large: LargeMeasured | null): { rows: string[][]; memoryRows: string[][]; met: Verdicts } {
  const rows: string[][] = [['metric', 'gantry SSE-S3', 'gantry SSE-KMS', 'peer', 'SSE-S3 : peer', 'SSE-KMS : peer', 'target', 'met?']];
  const met: Verdicts = { small: true, large: true, memory: true };
  const mid = (key: string, pick: (r: PooledResult) => number) => median((small?.get(key) ?? []).map(pick));
  const clean = (key: string) => (small?.get(key) ?? []).every((r) => r.failures === 0);
  for (const workload of small ? WORKLOADS : []) {
    const [plain, kms, peer] = ['gantry SSE-S3', 'gantry SSE-KMS', 's3rver'].map((t) => mid(`${t} ${workload}`, (r) => r.rps)) as [number, number, number];
    const ok = plain >= TARGET_SMALL_RATIO * peer && kms >= TARGET_SMALL_RATIO * peer && clean(`gantry SSE-S3 ${workload}`) && clean(`gantry SSE-KMS ${workload}`);
    met.small &&= ok;
    rows.push([`4 KiB ${workload} req/s (s3rver)`, formatInt(plain), formatInt(kms), formatInt(peer), ratio(plain, peer), ratio(kms, peer), `>= ${TARGET_SMALL_RATIO}x`, ok ? 'yes' : 'NO']);
    const p99 = ['gantry SSE-S3', 'gantry SSE-KMS', 's3rver'].map((t) => mid(`${t} ${workload}`, (r) => r.p99Ms)) as [number, number, number];
    rows.push([`4 KiB ${workload} p99 ms`, fixed(p99[0]), fixed(p99[1]), fixed(p99[2]), ratio(p99[0], p99[2]), ratio(p99[1], p99[2]), '-', '-']);
  }
  if (!large) return { rows, memoryRows: [], met };
  for (const workload of WORKLOADS) {
    const rate = (t: string) => median((large.results.get(`${t} ${workload}`) ?? []).map((r) => mbps(r.timed)));
    const [plain, kms, ceiling] = [rate('gantry SSE-S3'), rate('gantry SSE-KMS'), rate('ceiling')];
    const ok = kms >= TARGET_LARGE_SHARE * ceiling;
    met.large &&= ok;
    rows.push([`${largeMiB} MiB ${workload} MB/s (file server)`, fixed(plain), fixed(kms), fixed(ceiling), percent(plain, ceiling), percent(kms, ceiling),
      `SSE-KMS >= ${(TARGET_LARGE_SHARE * 100).toFixed(0)}%`, ok ? 'yes' : 'NO']);
    const sdk = rate('SDK Upload, SSE-KMS');
    rows.push([`  the same through the SDK (${workload === 'PUT' ? 'Upload' : 'GetObject'})`, '-', fixed(sdk), fixed(ceiling), '-', percent(sdk, ceiling), '-', '-']);
  }
  const growth = large.rssPeakFull - large.rssPeakQuarter;
  met.memory = growth < TARGET_RSS_GROWTH;
  const memoryRows = [
    ['gantry resident memory', 'MiB', 'target', 'met?'],
    ['before the large transfers', mib(large.rssBefore), '-', '-'],
    [`peak, ${largeMiB / 4} MiB objects`, mib(large.rssPeakQuarter), '-', '-'],
    [`peak, ${largeMiB} MiB objects`, mib(large.rssPeakFull), '-', '-'],
    [`growth from ${largeMiB / 4} to ${largeMiB} MiB objects`, mib(growth), `< ${mib(TARGET_RSS_GROWTH)}`, met.memory ? 'yes' : 'NO'],
  ];
  return { rows, memoryRows, met };
}

/**
 * Where the small-object target stands in server CPU: each server's CPU time per request (its
 * process's user + system time over the requests answered, median of the runs), what 5x s3rver
 * leaves Gantry, and the floor, Node's HTTP stack with no S3 work. Less sensitive than requests/s
 * to the load generator and to the machine's other work, and it says what is left to cut.
 */
function cpuSummary(small: Map<string, PooledResult[]>): string[][] {
  const names = ['gantry SSE-S3', 'gantry SSE-KMS', 's3rver', 'node http'] as const;
  const rows: string[][] = [['4 KiB, server CPU per request', ...names.map((n) => `${n} µs`), `5x s3rver leaves µs`]];
  const micros = (key: string) => median((small.get(key) ?? []).map((r) => (r.serverCpu / r.rps) * 1e6));
  for (const workload of WORKLOADS) {
    const peer = micros(`s3rver ${workload}`);
    rows.push([workload, ...names.map((n) => fixed(micros(`${n} ${workload}`))), fixed(peer / TARGET_SMALL_RATIO)]);
  }
  const floorRate = (workload: Workload) => formatInt(median((small.get(`node http ${workload}`) ?? []).map((r) => r.rps)));
  rows.push(['node http req/s (PUT, GET)', '-', '-', '-', `${floorRate('PUT')}, ${floorRate('GET')}`, '-']);
  return rows;
}

/** A fresh Gantry under --cpu-prof running `work`; the profile's hot spots. */
async function profiled(name: string, work: (server: ServerProcess, user: Credentials) => Promise<void>): Promise<string> {
  const dataDir = mkdtempSync(join(scratch, `profile-${name}-`));
  const profileDir = join(scratch, `cpu-profile-${name}`);
  const server = await startServerProcess(['--cpu-prof', '--cpu-prof-dir', profileDir, ...gantryArgs(dataDir)], SERVER_CORE);
  const { user } = await setUpGantry(server.url, dataDir);
  await work(server, user);
  await server.stop();
  const [file] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no .cpuprofile written';
  return formatHotSpots(hotSpots(join(profileDir, file), 25));
}

/** Profiles of the SSE-KMS workloads: small PUTs and GETs, then large PUTs and GETs, each in a fresh Gantry. */
async function profileGantry(body: Buffer): Promise<void> {
  for (const workload of doSmall ? WORKLOADS : []) {
    console.log(`\nprofile of gantry, 4 KiB SSE-KMS ${workload} (${seconds} s; node --cpu-prof):`);
    console.log(await profiled(`small-${workload}`, async (server, user) => {
      const target: SmallTarget = { name: 'gantry SSE-KMS', server, bucket: KMS_BUCKET, credentials: user };
      await seedSmall(target, body);
      await runPooled(server.url, await signPools(target, workload, body), seconds, server.pid);
    }));
  }
  if (!doLarge) return;
  console.log(`\nprofile of gantry, ${largeMiB} MiB SSE-KMS PUT then GET, ${largeRuns} time(s) (node --cpu-prof):`);
  console.log(await profiled('large', async (server, user) => {
    const client = s3(server.url, user);
    const signer = new RequestSigner(server.url, user);
    for (let run = 0; run < largeRuns; run++) {
      await signedUpload(client, signer, server.url, KMS_BUCKET, 'large/full.bin', join(scratch, 'large-full.bin'), LARGE_BYTES);
      await signedDownload(signer, server.url, KMS_BUCKET, 'large/full.bin');
    }
    signer.destroy();
    client.destroy();
  }));
}

/** Runs this benchmark again under the servers' Node options when started without them; true if it did. */
function rerunWithServerOptions(): boolean {
  if (SERVER_NODE_OPTIONS.every((option) => process.execArgv.includes(option))) return false;
  const run = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (rerunWithServerOptions()) return;
  if (cpus().length < 2) console.log('warning: fewer than 2 cores; servers and load generator share one');
  pinSelf(LOAD_CORE);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`S3 object benchmark: node ${process.version}, ${cpuModel}, ${cpus().length} cores`);
  console.log(`  gantry, s3rver and the file server pinned to core ${SERVER_CORE}; the SDK-signed load (${connections} keep-alive connections) on core ${LOAD_CORE}`);
  console.log(`  small: ${runs} runs x ${seconds} s per target and workload after ${warmUpSeconds} s of warm-up, medians; large: ${largeRuns} run(s) of ${largeMiB} MiB, ` +
    `multipart upload (${PART_SIZE / 1024 / 1024} MiB parts, ${QUEUE_SIZE} at a time) and GET, SDK-signed and sent by a plain HTTP client as the ceiling's are ` +
    `(the SDK's hashing of each part not timed), and SSE-KMS through the SDK's own Upload and GetObject beside them`);
  console.log(`  load generator: node ${process.execArgv.join(' ')}`);
  console.log(`  load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (other work on the machine skews the numbers)`);

  const dataDir = mkdtempSync(join(scratch, 'gantry-'));
  const s3rverDir = join(scratch, 's3rver');
  const filesDir = join(scratch, 'files');
  mkdirSync(s3rverDir);
  mkdirSync(filesDir);
  const gantry = await startServerProcess(gantryArgs(dataDir), SERVER_CORE);
  const peer = doSmall ? await startServerProcess([S3RVER, s3rverDir, PEER_BUCKET], SERVER_CORE) : null;
  const floor = doSmall ? await startServerProcess([HTTP_FLOOR], SERVER_CORE) : null;
  const { user, keyArn } = await setUpGantry(gantry.url, dataDir);
  console.log(`  gantry ${gantry.url} (user ${BENCH_USER}; ${KMS_BUCKET} encrypted by default under ${keyArn})${peer ? `; s3rver ${peer.url}` : ''}`);

  const body = randomBytes(SMALL_BYTES);
  const client = s3(gantry.url, user);
  let small: Map<string, PooledResult[]> | null = null;
  if (peer && floor) {
    const smallTargets: SmallTarget[] = [
      { name: 'gantry SSE-S3', server: gantry, bucket: PLAIN_BUCKET, credentials: user },
      { name: 'gantry SSE-KMS', server: gantry, bucket: KMS_BUCKET, credentials: user },
      { name: 's3rver', server: peer, bucket: PEER_BUCKET, credentials: S3RVER_CREDENTIALS },
      // Signed like the others (the floor ignores signatures), so the generator's work is the same.
      { name: 'node http', server: floor, bucket: PEER_BUCKET, credentials: S3RVER_CREDENTIALS },
    ];
    for (const target of smallTargets) await seedSmall(target, body);
    const head = await client.send(new HeadObjectCommand({ Bucket: KMS_BUCKET, Key: smallKey(0, 0) }));
    if (head.ServerSideEncryption !== 'aws:kms' || head.SSEKMSKeyId !== keyArn) throw new Error(`${KMS_BUCKET} objects are ${head.ServerSideEncryption} ${head.SSEKMSKeyId}`);
    console.log('\nsmall objects (4 KiB):');
    small = await measureSmall(smallTargets, body);
    await Promise.all([peer.stop(), floor.stop()]);
  }
  if (!doLarge) {
    client.destroy();
    await gantry.stop();
  }

  const large = doLarge ? await runLarge(gantry, client, user, filesDir) : null;

  const { rows, memoryRows, met } = summary(small, large);
  console.log(`\n${table(rows)}${memoryRows.length > 0 ? `\n\n${table(memoryRows)}` : ''}${small ? `\n\n${table(cpuSummary(small))}` : ''}`);
  console.log(`node ${process.version}; ${cpuModel}; peers: s3rver ${s3rverVersion()} (no encryption, no fsync) for small objects, ` +
    'a bare Node file server (write, fsync, rename) for large ones; the floor: a bare Node http server keeping objects in memory (an MD5 ETag, nothing else)');

  const missed = !met.small || !met.large || !met.memory;
  if (args.profile === true || (missed && !quick)) await profileGantry(body);
}

async function runLarge(gantry: ServerProcess, client: S3Client, user: Credentials, filesDir: string): Promise<LargeMeasured> {
  const files = await startServerProcess([FILE_SERVER, filesDir], SERVER_CORE);
  const signer = new RequestSigner(gantry.url, user);
  const bucketTarget = (name: LargeTarget['name'], bucket: string): LargeTarget => ({
    name, pid: gantry.pid,
    put: (key, file, size) => signedUpload(client, signer, gantry.url, bucket, key, file, size),
    get: (key) => signedDownload(signer, gantry.url, bucket, key),
  });
  const largeTargets: LargeTarget[] = [
    { name: 'ceiling', pid: files.pid, put: (key, file, size) => plainPut(files.url, key.replace(/\//g, '-'), file, size), get: (key) => plainGet(files.url, key.replace(/\//g, '-')) },
    bucketTarget('gantry SSE-S3', PLAIN_BUCKET),
    bucketTarget('gantry SSE-KMS', KMS_BUCKET),
    {
      name: 'SDK Upload, SSE-KMS', pid: gantry.pid,
      put: (key, file, size) => sdkUpload(client, KMS_BUCKET, `${key}.sdk`, file, size),
      get: (key) => sdkDownload(client, KMS_BUCKET, `${key}.sdk`),
    },
  ];
  console.log(`\nlarge objects (${largeMiB} MiB):`);
  const large = await measureLarge(largeTargets, gantry.pid, client);
  signer.destroy();
  client.destroy();
  await Promise.all([gantry.stop(), files.stop()]);
  return large;
}

function s3rverVersion(): string {
  try {
    const file = resolve(HERE, '../../node_modules/s3rver/package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => {
    rmSync(scratch, { recursive: true, force: true });
    // After a failure the servers still run and keep this process alive: exiting stops them (server-process.ts).
    if (process.exitCode) process.exit();
  });
