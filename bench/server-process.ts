// A server under test as its own process, pinned to one core with taskset: started from a
// command line, ready once it prints "listening on URL"; its resident memory; its stop.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** The first match of `pattern` in stdout, waiting for it to appear. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resident memory (VmRSS) in bytes. */
  rss(): number;
  /** SIGTERM, then waits for the exit (SIGKILL after a few seconds). */
  stop(): Promise<number | null>;
}

const LISTENING = /listening on (http:\/\/\S+)/;

/** Children still running; killed if the benchmark exits without stopping them (say, on an error). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Spawns `node ...args` pinned to `core`, resolving when its stdout names the URL. */
export function startServerProcess(nodeArgs: readonly string[], core: number, timeoutMs = 10_000): Promise<ServerProcess> {
  const child = spawn('taskset', ['-c', String(core), process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  live.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const waitFor: WaitFor = (pattern, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`stdout never matched ${pattern}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}: node ${nodeArgs.join(' ')}\n${err}`));
    };
    const timer = setTimeout(() => fail(new Error(`no URL within ${timeoutMs} ms`)), timeoutMs);
    void exited.then((code) => fail(new Error(`exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const wake of waiters) wake();
      const match = LISTENING.exec(out);
      if (settled || !match?.[1] || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve(handle(child, match[1], exited, (pattern, ms) => waitFor(pattern, ms)));
    });
  });
}

type WaitFor = ServerProcess['waitFor'];

function handle(child: ChildProcess, url: string, exited: Promise<number | null>, waitFor: WaitFor): ServerProcess {
  const pid = child.pid as number;
  let stopping: Promise<number | null> | null = null;
  return {
    url,
    pid,
    waitFor,
    rss: () => rssOf(pid),
    stop: () => {
      if (stopping) return stopping;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      stopping = exited.finally(() => clearTimeout(force));
      return stopping;
    },
  };
}

/** VmRSS of a live process, in bytes. */
export function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** Pins every thread of this process to one core (the load generator's). */
export function pinSelf(core: number): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error('taskset failed to pin the benchmark process');
}
