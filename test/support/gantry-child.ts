// A `gantry up` child process on a data directory (for tests that kill and restart the
// server), and an S3 client signed as the directory's root.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export async function upChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN, 'up', '--data-dir', dataDir, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /gantry listening on (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`gantry exited with ${code}`)));
  });
  return { child, url };
}

export function rootS3Client(url: string, dataDir: string): S3Client {
  const [root] = JSON.parse(readFileSync(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string }[];
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: root as { accessKeyId: string; secretAccessKey: string } });
}
