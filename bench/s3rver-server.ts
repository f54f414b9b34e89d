// The small-object benchmark's peer: s3rver (npm, MIT; a Koa server keeping objects as plain
// files, SigV4 header signatures checked against its fixed S3RVER/S3RVER key) in its own process.
// Run: node dist/bench/s3rver-server.js DIR BUCKET  (prints "s3rver listening on URL")

import { createRequire } from 'node:module';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

async function main(directory: string, bucket: string): Promise<void> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  process.stdout.write(`s3rver listening on http://127.0.0.1:${port}\n`);
  const stop = () => void server.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  process.stderr.write('usage: node dist/bench/s3rver-server.js DIR BUCKET\n');
  process.exitCode = 2;
} else {
  main(directory, bucket).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
