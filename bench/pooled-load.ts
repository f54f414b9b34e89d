// A closed-loop load run over pre-signed requests: N workers on N keep-alive connections, each
// replaying its own list of requests in turn for a few seconds; requests per second, latency
// percentiles, failures (anything but 2xx), and the share of a core the generator and the server used.

import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { PresignedRequest } from './s3-signed-requests.js';
import { percentileSorted } from './stats.js';

export interface PooledResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** The first failure's status and body, for the report. */
  readonly firstFailure: string | null;
  readonly generatorCpu: number;
  readonly serverCpu: number;
}

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

interface Answer {
  status: number;
  body: Buffer;
}

/** Sends one request over `agent` and reads the whole answer. */
export function send(url: URL, agent: Agent | false, signed: PresignedRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: signed.method, path: signed.path, headers: signed.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(signed.body ?? undefined);
  });
}

/** Each worker replays `pools[i]` round robin until `seconds` have passed. */
export async function runPooled(url: string, pools: readonly (readonly PresignedRequest[])[], seconds: number, serverPid: number): Promise<PooledResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: pools.length });
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const cpuBefore = process.cpuUsage();
  const ticksBefore = cpuTicks(serverPid);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (pool: readonly PresignedRequest[]) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const signed = pool[i % pool.length] as PresignedRequest;
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await send(target, agent, signed);
      } catch (error) {
        failures++;
        firstFailure ??= String(error);
        continue;
      }
      if (answer.status < 200 || answer.status > 299) {
        failures++;
        firstFailure ??= `${signed.method} ${signed.path}: ${answer.status} ${answer.body.toString().slice(0, 400)}`;
      }
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = performance.now() - sent;
    }
  };
  await Promise.all(pools.map(worker));
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverTicks = cpuTicks(serverPid) - ticksBefore;
  agent.destroy();
  const sorted = latencies.subarray(0, count).sort();
  return {
    rps: count / wallSeconds,
    p50Ms: percentileSorted(sorted, 50),
    p99Ms: percentileSorted(sorted, 99),
    failures,
    firstFailure,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / wallSeconds,
    serverCpu: serverTicks / 100 / wallSeconds,
  };
}
