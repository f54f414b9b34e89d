// ECR benchmark: podman pushing and pulling a ~50 MiB image to and from Gantry's registry
// (token auth, IAM decision per call, blobs fsynced) and Debian's docker-registry (the
// reference OCI registry, no auth) started on loopback in the same run. Target: Gantry
// within 1.5x of docker-registry for both. Each round builds a fresh image (new random
// layer, so nothing is mounted or skipped), pushes it to both registries, then pulls it from
// each into an empty podman storage. Run: npm run build && node dist/bench/ecr-push-pull.js [--rounds N] [--mib N]

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateRepositoryCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { ecrClient, registryPassword } from '../test/support/ecr-helpers.js';
import { startGantry } from '../test/support/gantry-fixture.js';
import { Podman, podmanMissing } from '../test/support/podman.js';
import { median, table } from './stats.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const TARGET_RATIO = 1.5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Debian's docker-registry on loopback, storing under a temp dir; resolves once it answers /v2/. */
async function startReferenceRegistry(dir: string): Promise<{ host: string; child: ChildProcess }> {
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.ok, () => false);
    if (up) return { host: `127.0.0.1:${port}`, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('docker-registry did not start');
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, mib: { type: 'string', default: '50' } } });
  const rounds = Number(values.rounds);
  const mib = Number(values.mib);
  const missing = podmanMissing();
  if (missing) throw new Error(`cannot benchmark: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'gantry-ecr-bench-'));
  const gantry = await startGantry({ dataDir: join(dir, 'gantry') });
  const reference = await startReferenceRegistry(dir);
  const gantryHost = `127.0.0.1:${gantry.server.port}`;
  const podmen: Podman[] = [];
  const podman = () => {
    const p = new Podman([gantryHost, reference.host]);
    podmen.push(p);
    return p;
  };
  try {
    await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'bench/app' }));
    const password = await registryPassword(gantry);
    const builder = podman();
    await builder.ok(['login', '--password-stdin', '--username', 'AWS', gantryHost], password);
    const times = { gantry: { push: [] as number[], pull: [] as number[] }, reference: { push: [] as number[], pull: [] as number[] } };
    for (let round = 0; round < rounds; round++) {
      const local = `localhost/bench:r${round}`;
      await builder.buildBusybox(local, `round ${round}`, [{ path: '/data.bin', bytes: randomBytes(mib * 1024 * 1024) }]);
      // Alternate which registry goes first, so neither always meets a warm page cache.
      const order = round % 2 === 0 ? (['gantry', 'reference'] as const) : (['reference', 'gantry'] as const);
      for (const which of order) {
        const ref = `${which === 'gantry' ? gantryHost : reference.host}/bench/app:r${round}`;
        await builder.ok(['tag', local, ref]);
        times[which].push.push(await timed(() => builder.ok(['push', '-q', ref])));
      }
      for (const which of order) {
        const ref = `${which === 'gantry' ? gantryHost : reference.host}/bench/app:r${round}`;
        const puller = podman();
        if (which === 'gantry') await puller.ok(['login', '--password-stdin', '--username', 'AWS', gantryHost], password);
        times[which].pull.push(await timed(() => puller.ok(['pull', '-q', ref])));
        puller.dispose();
      }
    }
    const rows: string[][] = [['', 'Gantry (median s)', 'docker-registry (median s)', 'ratio', `target <= ${TARGET_RATIO}x`]];
    for (const op of ['push', 'pull'] as const) {
      const g = median(times.gantry[op]);
      const r = median(times.reference[op]);
      rows.push([op, g.toFixed(2), r.toFixed(2), `${(g / r).toFixed(2)}x`, g / r <= TARGET_RATIO ? 'met' : 'MISSED']);
    }
    const pushed = await ecrClient(gantry).send(new DescribeImagesCommand({ repositoryName: 'bench/app', imageIds: [{ imageTag: 'r0' }] }));
    const size = (pushed.imageDetails?.[0]?.imageSizeInBytes ?? 0) / 1024 / 1024;
    process.stdout.write(`podman push/pull of a ${size.toFixed(1)} MiB image (busybox + ${mib} MiB random layer, as stored), ${rounds} rounds, vfs storage\n`);
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(`samples: ${JSON.stringify(times)}\n`);
  } finally {
    for (const p of podmen) p.dispose();
    reference.child.kill();
    await gantry.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
