// One bounded load run with autocannon: a pre-signed request replayed over keep-alive
// connections for a few seconds; requests per second, latency percentiles (recorded here in
// sub-millisecond detail), failures, and how busy the generator's and the server's cores were.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { SignedRequest } from './signed-calls.js';
import { percentileSorted } from './stats.js';

interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly requests: { readonly total: number };
}

interface AutocannonOptions {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}

type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => EventEmitter;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Errors, timeouts and non-2xx answers; a valid run has none. */
  readonly failures: number;
  /** Share of one core the generator (this process) used. */
  readonly generatorCpu: number;
  /** Share of one core the server process used. */
  readonly serverCpu: number;
}

/** utime + stime of a process, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function runLoad(url: string, signed: SignedRequest, seconds: number, connections: number, serverPid: number): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 18);
  let count = 0;
  const cpuBefore = process.cpuUsage();
  const ticksBefore = cpuTicks(serverPid);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, pipelining: 1, duration: seconds, method: signed.method, headers: signed.headers, body: signed.body },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const wallSeconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const sorted = latencies.subarray(0, count).sort();
        resolve({
          rps: result.requests.total / result.duration,
          p50Ms: percentileSorted(sorted, 50),
          p99Ms: percentileSorted(sorted, 99),
          failures: result.errors + result.timeouts + result.non2xx,
          generatorCpu: (cpu.user + cpu.system) / 1e6 / wallSeconds,
          serverCpu: (cpuTicks(serverPid) - ticksBefore) / 100 / wallSeconds,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
    });
  });
}
