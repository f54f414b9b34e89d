// Platform benchmark: requests per second through Gantry's whole pipeline (SigV4, decode,
// validate, authorize, handle, encode, audit) against a bare Node server sending the same
// bytes, start-up time to the first answered signed request, and idle memory.
// Run: npm run bench:platform  (or node dist/bench/platform-requests.js [--seconds N] [--quick] [--profile])
// Gantry runs as its own process pinned to core 1; the load generator runs here, on core 0.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RecordedAnswer } from './bare-server.js';
import { formatHotSpots, hotSpots } from './cpu-profile-summary.js';
import { runLoad, type LoadResult } from './load-run.js';
import { pinSelf, startServerProcess, type ServerProcess } from './server-process.js';
import { BENCH_USER, createBenchUser, sendOnce, signCall, type CallKind, type Credentials, type RecordedResponse } from './signed-calls.js';
import { timeStartUp, type StartUpTime } from './start-up.js';
import { formatInt, median, table } from './stats.js';
import { SERVER_NODE_OPTIONS } from '../src/cli/server-node-options.js';

// The SDK (used only to sign) warns on Node 20 at every client's first use; not our concern here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const TARGET_RPS = 10_000;
const TARGET_SHARE_OF_BARE = 1 / 3;
const TARGET_START_MS = 300;
const TARGET_IDLE_RSS = 80 * 1024 * 1024;
const ACCOUNT = '111122223333';
const CALLS: readonly CallKind[] = ['sts:GetCallerIdentity', 'iam:GetUser'];
const SERVER_CORE = 1;
const LOAD_CORE = 0;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string' },
    runs: { type: 'string' },
    starts: { type: 'string' },
    connections: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const quick = args.quick === true;
const seconds = Number(args.seconds ?? (quick ? '1' : '3'));
const runs = Number(args.runs ?? (quick ? '2' : '5'));
const starts = Number(args.starts ?? (quick ? '3' : '7'));
const connections = Number(args.connections ?? '32');
const warmUpSeconds = Math.max(1, Math.min(seconds, 2));
if (!(seconds > 0) || !(runs >= 1) || !(starts >= 1) || !(connections >= 1)) {
  throw new Error('usage: --seconds N (>0) --runs N (>=1) --starts N (>=1) --connections N (>=1) [--quick] [--profile]');
}

const HERE = dirname(fileURLToPath(import.meta.url));
const GANTRY = resolve(HERE, '../src/cli/main.js');
const BARE = join(HERE, 'bare-server.js');
const scratch = mkdtempSync(join(tmpdir(), 'gantry-bench-'));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const gantryArgs = (...more: string[]) => [...SERVER_NODE_OPTIONS, GANTRY, 'up', '--port', '0', '--account-id', ACCOUNT, ...more];

/** Response headers Node writes by itself; the bare server gets the rest verbatim. */
const NODE_OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Target {
  readonly name: 'gantry' | 'bare';
  readonly server: ServerProcess;
}

interface Workload {
  readonly kind: CallKind;
  readonly credentials: Credentials;
}

function rootOf(dataDir: string): Credentials {
  const [root] = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as Credentials[];
  if (!root) throw new Error(`no root credentials in ${dataDir}`);
  return root;
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : 'n/a';
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a';
}

/** Same status, same header names and values (but the request id's and date's), same body. */
function sameAnswer(a: RecordedResponse, b: RecordedResponse): boolean {
  const comparable = (r: RecordedResponse) =>
    r.headers
      .filter(([k]) => k.toLowerCase() !== 'date')
      .map(([k, v]) => `${k.toLowerCase()}: ${k.toLowerCase() === 'x-amzn-requestid' ? v.length : v}`)
      .sort()
      .join('\n');
  return a.status === b.status && comparable(a) === comparable(b) && a.body.equals(b.body);
}

/** A few signed requests of each workload, then a second of idle; the process's RSS. */
async function idleRss(server: ServerProcess, workloads: readonly Workload[]): Promise<number> {
  for (const workload of workloads) {
    const signed = await signCall(workload.kind, server.url, workload.credentials);
    for (let i = 0; i < 10; i++) await sendOnce(server.url, signed);
  }
  await sleep(1000);
  return server.rss();
}

async function startUps(label: string, make: () => { nodeArgs: string[]; source: Parameters<typeof timeStartUp>[2]; cleanup?: () => void }): Promise<number> {
  const times: StartUpTime[] = [];
  for (let i = 0; i < starts; i++) {
    const { nodeArgs, source, cleanup } = make();
    times.push(await timeStartUp(nodeArgs, SERVER_CORE, source));
    cleanup?.();
  }
  const answered = times.map((t) => t.answeredMs);
  console.log(
    `  start-up ${label.padEnd(17)} ${answered.map((t) => t.toFixed(0)).join(', ')} ms; ` +
      `"listening" printed after ${median(times.map((t) => t.listeningMs)).toFixed(0)} ms (median)`,
  );
  return median(answered);
}

async function profileGantry(workloads: readonly Workload[]): Promise<string> {
  const dataDir = mkdtempSync(join(scratch, 'profile-'));
  const profileDir = join(scratch, 'cpu-profile');
  const server = await startServerProcess(['--cpu-prof', '--cpu-prof-dir', profileDir, ...gantryArgs('--data-dir', dataDir)], SERVER_CORE);
  const root = rootOf(dataDir);
  const user = await createBenchUser(server.url, root, ACCOUNT);
  for (const workload of workloads) {
    const credentials = workload.kind === 'iam:GetUser' ? user : root;
    await runLoad(server.url, await signCall(workload.kind, server.url, credentials), seconds, connections, server.pid);
  }
  await server.stop();
  const [file] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no .cpuprofile written';
  return formatHotSpots(hotSpots(join(profileDir, file), 25));
}

/** Each workload's answer from Gantry, written where the bare server reads them. */
async function recordAnswers(gantry: ServerProcess, workloads: readonly Workload[]): Promise<{ file: string; recorded: Map<CallKind, RecordedResponse> }> {
  const answers: RecordedAnswer[] = [];
  const recorded = new Map<CallKind, RecordedResponse>();
  for (const { kind, credentials } of workloads) {
    const signed = await signCall(kind, gantry.url, credentials);
    const answer = await sendOnce(gantry.url, signed);
    if (answer.status !== 200) throw new Error(`${kind} as ${kind === 'iam:GetUser' ? BENCH_USER : 'root'} answered ${answer.status}: ${answer.body.toString()}`);
    recorded.set(kind, answer);
    answers.push({
      requestBody: signed.body,
      status: answer.status,
      headers: answer.headers.filter(([k]) => !NODE_OWN_HEADERS.has(k.toLowerCase())),
      bodyBase64: answer.body.toString('base64'),
    });
  }
  const file = join(scratch, 'answers.json');
  writeFileSync(file, JSON.stringify(answers));
  return { file, recorded };
}

/** Warm-up, then runs interleaved so that drift (and the machine's other work) hits both servers alike. */
async function measureThroughput(targets: readonly Target[], workloads: readonly Workload[]): Promise<Map<string, LoadResult[]>> {
  const results = new Map<string, LoadResult[]>();
  const runOnce = async (target: Target, workload: Workload, length: number) => {
    const signed = await signCall(workload.kind, target.server.url, workload.credentials);
    const result = await runLoad(target.server.url, signed, length, connections, target.server.pid);
    await sleep(300);
    return result;
  };
  for (const workload of workloads) for (const target of targets) await runOnce(target, workload, warmUpSeconds);
  for (let run = 0; run < runs; run++) {
    for (const workload of workloads) {
      for (const target of targets) {
        const result = await runOnce(target, workload, seconds);
        const key = `${target.name} ${workload.kind}`;
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
  }
  for (const [key, list] of results) {
    console.log(
      `  ${key.padEnd(33)} req/s ${list.map((r) => formatInt(r.rps)).join(', ')}; ` +
        `failures ${list.reduce((n, r) => n + r.failures, 0)}; server core ${(median(list.map((r) => r.serverCpu)) * 100).toFixed(0)}%, ` +
        `generator core ${(median(list.map((r) => r.generatorCpu)) * 100).toFixed(0)}%`,
    );
  }
  return results;
}

/** Median start-up times: Gantry fresh, with an existing data directory, in memory; bare node for scale. */
async function measureStartUps(answersFile: string, anyCredentials: Credentials) {
  await timeStartUp(gantryArgs('--in-memory'), SERVER_CORE, { kind: 'stdout' }); // file cache, not counted
  const fresh = await startUps('fresh data dir', () => {
    const dir = mkdtempSync(join(scratch, 'fresh-'));
    return { nodeArgs: gantryArgs('--data-dir', dir), source: { kind: 'data-dir', dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  });
  const dir = mkdtempSync(join(scratch, 'existing-'));
  await timeStartUp(gantryArgs('--data-dir', dir), SERVER_CORE, { kind: 'data-dir', dir });
  const existing = await startUps('existing data dir', () => ({ nodeArgs: gantryArgs('--data-dir', dir), source: { kind: 'data-dir', dir } }));
  const memory = await startUps('in memory', () => ({ nodeArgs: gantryArgs('--in-memory'), source: { kind: 'stdout' } }));
  const bare = await startUps('bare node', () => ({ nodeArgs: [BARE, answersFile], source: { kind: 'fixed', credentials: anyCredentials } }));
  return { fresh, existing, memory, bare };
}

interface Measured {
  readonly workloads: readonly Workload[];
  readonly results: Map<string, LoadResult[]>;
  readonly startUp: Awaited<ReturnType<typeof measureStartUps>>;
  readonly rssIdle: { gantry: number; bare: number };
  readonly rssAfterLoad: { gantry: number; bare: number };
}

/** The summary table, and whether Gantry met the throughput targets. */
function summary(m: Measured): { rows: string[][]; throughputMet: boolean } {
  const rows: string[][] = [['metric', 'gantry', 'bare node', 'ratio', 'target', 'met?']];
  let throughputMet = true;
  const mid = (list: readonly LoadResult[], pick: (r: LoadResult) => number) => median(list.map(pick));
  for (const { kind } of m.workloads) {
    const g = m.results.get(`gantry ${kind}`) ?? [];
    const b = m.results.get(`bare ${kind}`) ?? [];
    const [gRps, bRps] = [mid(g, (r) => r.rps), mid(b, (r) => r.rps)];
    const met = gRps >= TARGET_RPS && gRps >= TARGET_SHARE_OF_BARE * bRps && g.every((r) => r.failures === 0);
    throughputMet &&= met;
    rows.push([`${kind} req/s`, formatInt(gRps), formatInt(bRps), ratio(gRps, bRps), `>= ${formatInt(TARGET_RPS)}, >= 0.33x`, met ? 'yes' : 'NO']);
    const [gCore, bCore] = [mid(g, (r) => r.rps / r.serverCpu), mid(b, (r) => r.rps / r.serverCpu)];
    rows.push([`${kind} req per core-s`, formatInt(gCore), formatInt(bCore), ratio(gCore, bCore), `>= ${formatInt(TARGET_RPS)}`, gCore >= TARGET_RPS ? 'yes' : 'NO']);
    for (const [label, pick] of [['p50', (r: LoadResult) => r.p50Ms], ['p99', (r: LoadResult) => r.p99Ms]] as const) {
      rows.push([`${kind} ${label} ms`, ms(mid(g, pick)), ms(mid(b, pick)), ratio(mid(g, pick), mid(b, pick)), '-', '-']);
    }
  }
  const { fresh, existing, memory, bare } = m.startUp;
  for (const [label, value] of [['fresh data dir', fresh], ['existing data dir', existing], ['in memory', memory]] as const) {
    rows.push([`start-up ${label} ms`, ms(value), ms(bare), ratio(value, bare), `< ${TARGET_START_MS}`, value < TARGET_START_MS ? 'yes' : 'NO']);
  }
  const { rssIdle: idle, rssAfterLoad: loaded } = m;
  rows.push(['idle RSS MiB', mib(idle.gantry), mib(idle.bare), ratio(idle.gantry, idle.bare), `< ${mib(TARGET_IDLE_RSS)}`, idle.gantry < TARGET_IDLE_RSS ? 'yes' : 'NO']);
  rows.push(['RSS after load MiB', mib(loaded.gantry), mib(loaded.bare), ratio(loaded.gantry, loaded.bare), '-', '-']);
  return { rows, throughputMet };
}

async function main(): Promise<void> {
  if (cpus().length < 2) console.log('warning: fewer than 2 cores; server and load generator share one');
  pinSelf(LOAD_CORE);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`platform benchmark: node ${process.version}, ${cpuModel}, ${cpus().length} cores`);
  console.log(`  gantry and the bare server pinned to core ${SERVER_CORE}, autocannon (${connections} keep-alive connections) on core ${LOAD_CORE}`);
  console.log(`  ${runs} runs x ${seconds} s per workload after ${warmUpSeconds} s of warm-up; medians reported`);
  console.log(`  load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (other work on the machine skews the numbers; "server core" shows the share the server got)`);

  // Gantry with a data directory and the benchmark user; the bare server replays its answers.
  const dataDir = mkdtempSync(join(scratch, 'data-'));
  const gantry = await startServerProcess(gantryArgs('--data-dir', dataDir), SERVER_CORE);
  const root = rootOf(dataDir);
  const user = await createBenchUser(gantry.url, root, ACCOUNT);
  const workloads: Workload[] = CALLS.map((kind) => ({ kind, credentials: kind === 'iam:GetUser' ? user : root }));
  const answers = await recordAnswers(gantry, workloads);
  const bare = await startServerProcess([BARE, answers.file], SERVER_CORE);
  for (const { kind, credentials } of workloads) {
    const fromBare = await sendOnce(bare.url, await signCall(kind, bare.url, credentials));
    const same = sameAnswer(answers.recorded.get(kind) as RecordedResponse, fromBare);
    console.log(`  ${kind}: ${fromBare.body.length} body bytes; bare server's answer ${same ? 'matches' : 'DIFFERS FROM'} gantry's (status, headers, body)`);
  }

  const rssIdle = { gantry: await idleRss(gantry, workloads), bare: await idleRss(bare, workloads) };
  const results = await measureThroughput([{ name: 'gantry', server: gantry }, { name: 'bare', server: bare }], workloads);
  const rssAfterLoad = { gantry: gantry.rss(), bare: bare.rss() };
  await Promise.all([gantry.stop(), bare.stop()]);
  const startUp = await measureStartUps(answers.file, root);

  const { rows, throughputMet } = summary({ workloads, results, startUp, rssIdle, rssAfterLoad });
  console.log(`\n${table(rows)}`);
  console.log(`node ${process.version}; ${cpuModel}; "req per core-s" divides by the CPU time the server got; bare node start-up is node's own floor`);

  if (args.profile === true || (!throughputMet && !quick)) {
    console.log(`\nprofile of gantry under load (${seconds} s per workload, node --cpu-prof):`);
    console.log(await profileGantry(workloads));
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
