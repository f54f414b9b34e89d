// The crash scenario both crash tests share: a `gantry up` child takes seed objects, then many
// concurrent PUTs, and is SIGKILLed once some were acknowledged; restarted on the same data
// directory, every acknowledged object must read back whole, overwritten keys must hold one of
// the bodies sent for them (never a torn one), and everything listed must be whole.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type _Object, type PutObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { rootS3Client, upChild } from './gantry-child.js';

export interface CrashWrite {
  readonly key: string;
  readonly body: Buffer;
}

export interface CrashPlan {
  /** Written and acknowledged before the crash phase; their keys start with `old/`. */
  readonly seed: readonly CrashWrite[];
  /** Sent concurrently; keys under `new/` are written once, keys under `old/` overwrite a seed. */
  readonly writes: readonly CrashWrite[];
  /** true: the overwrites of one key are sent one after another, so their order is the commit order. */
  readonly chainOverwrites: boolean;
  /** How many crash-phase writes must be acknowledged before the SIGKILL. */
  readonly killAfter: number;
  /** Each acknowledged crash-phase write, with the SDK's answer (say, to check its ETag). */
  readonly onAck?: (write: CrashWrite, out: PutObjectCommandOutput) => void;
  /** Each object listed after the restart, with the bytes it read back. */
  readonly onObject?: (entry: _Object, body: Buffer) => void;
}

export interface AfterRestart {
  readonly s3: S3Client;
  readonly dataDir: string;
  /** Every object listed after the restart, each checked already. */
  readonly listed: readonly _Object[];
}

const BUCKET = 'crash';

/** Runs the scenario, checks the survivors, then `after` (more checks) with the restarted server. */
export async function crashDuringPuts(plan: CrashPlan, after: (restarted: AfterRestart) => Promise<void> = async () => undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-crash-'));
  try {
    let { child, url } = await upChild(dataDir);
    let s3 = rootS3Client(url, dataDir);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const bodies = new Map<string, Buffer[]>(); // key -> every body ever sent for it
    const acked = new Map<string, Buffer>(); // key -> last body acknowledged
    for (const { key, body } of plan.seed) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      bodies.set(key, [body]);
      acked.set(key, body);
    }
    let acknowledged = 0;
    const chains = new Map<string, Promise<void>>();
    const puts: Promise<void>[] = [];
    for (const write of plan.writes) {
      bodies.set(write.key, [...(bodies.get(write.key) ?? []), write.body]);
      const put = () => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: write.key, Body: write.body })).then(
        (out) => {
          plan.onAck?.(write, out);
          acked.set(write.key, write.body);
          acknowledged++;
        },
        () => undefined,
      );
      if (plan.chainOverwrites) chains.set(write.key, (chains.get(write.key) ?? Promise.resolve()).then(put));
      else puts.push(put());
    }
    puts.push(...chains.values());
    while (acknowledged < plan.killAfter) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await Promise.all(puts);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    assert.ok(acknowledged < plan.writes.length, 'the server died mid-way');

    ({ child, url } = await upChild(dataDir));
    s3 = rootS3Client(url, dataDir);
    try {
      const listed = await listAll(s3);
      const names = new Set(listed.map((c) => c.Key as string));
      for (const key of acked.keys()) assert.ok(names.has(key), `acknowledged ${key} is listed`);
      for (const entry of listed) {
        const key = entry.Key as string;
        const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
        assert.equal(got.length, entry.Size, `${key} reads back its listed size`);
        plan.onObject?.(entry, got);
        const candidates = bodies.get(key) ?? [];
        assert.ok(candidates.some((b) => b.equals(got)), `${key} holds one of the bodies sent for it`);
        const ackedBody = acked.get(key);
        if (ackedBody && key.startsWith('new/')) assert.ok(ackedBody.equals(got), `${key} is the acknowledged body`);
        if (ackedBody && key.startsWith('old/')) {
          if (plan.chainOverwrites) {
            assert.ok(candidates.findIndex((b) => b.equals(got)) >= candidates.indexOf(ackedBody), `${key} is the acknowledged body or a later one`);
          } else {
            // Racing overwrites answer in any order, so which acknowledged one is last is not
            // known; but once one was acknowledged, the seed body must be gone.
            const original = candidates[0];
            if (original && ackedBody !== original) assert.ok(!original.equals(got), `${key} lost an acknowledged overwrite`);
          }
        }
      }
      await after({ s3, dataDir, listed });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function listAll(s3: S3Client): Promise<_Object[]> {
  const listed: _Object[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
    listed.push(...(page.Contents ?? []));
    token = page.NextContinuationToken;
  } while (token);
  return listed;
}
