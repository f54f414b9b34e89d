// writeFileAtomic: mode bits regardless of umask, no temp file left, and readers running in
// parallel only ever see the old content or the new one.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic, writeFileAtomicSync } from './write-file-atomic.js';

const root = mkdtempSync(join(tmpdir(), 'gantry-atomic-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function freshDir(): string {
  counter += 1;
  const dir = join(root, `case-${counter}`);
  mkdirSync(dir);
  return dir;
}
const modeOf = (path: string): number => statSync(path).mode & 0o777;

const READER = `
  const { workerData, parentPort } = require('node:worker_threads');
  const { readFileSync } = require('node:fs');
  const stop = new Int32Array(workerData.stop);
  let reads = 0, bad = 0;
  while (Atomics.load(stop, 0) === 0) {
    const text = readFileSync(workerData.path, 'utf8');
    reads++;
    if (text !== workerData.a && text !== workerData.b) bad++;
  }
  parentPort.postMessage({ reads, bad });`;

describe('writeFileAtomic', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  it('creates the file with mode 0600 by default and the given mode despite the umask', async () => {
    const dir = freshDir();
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(join(dir, 'secret'), 'root credentials');
      await writeFileAtomic(join(dir, 'shared'), 'x', { mode: 0o640 });
      writeFileAtomicSync(join(dir, 'sync'), 'y', { mode: 0o644 });
    } finally {
      process.umask(previous);
    }
    assert.equal(modeOf(join(dir, 'secret')), 0o600);
    assert.equal(modeOf(join(dir, 'shared')), 0o640);
    assert.equal(modeOf(join(dir, 'sync')), 0o644);
    assert.equal(readFileSync(join(dir, 'secret'), 'utf8'), 'root credentials');
  });

  it('replaces content and mode, leaving no temp file behind', async () => {
    const dir = freshDir();
    const path = join(dir, 'creds.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, Buffer.from('new'), { mode: 0o600 });
    writeFileAtomicSync(path, 'newer', { mode: 0o600 });
    assert.equal(readFileSync(path, 'utf8'), 'newer');
    assert.equal(modeOf(path), 0o600);
    assert.deepEqual(readdirSync(dir), ['creds.json']);
  });

  it('on failure leaves the target alone and removes the temp file', async () => {
    const dir = freshDir();
    const path = join(dir, 'target');
    mkdirSync(path); // rename of a file over a directory fails
    await assert.rejects(writeFileAtomic(path, 'x'));
    assert.throws(() => writeFileAtomicSync(path, 'x'));
    assert.deepEqual(readdirSync(dir), ['target']);
    assert.ok(statSync(path).isDirectory());
    await assert.rejects(writeFileAtomic(join(dir, 'missing-dir', 'f'), 'x'), { code: 'ENOENT' });
  });

  it('readers in parallel see the old content or the new, never a mix', async () => {
    const dir = freshDir();
    const path = join(dir, 'state');
    const a = 'a'.repeat(256 * 1024);
    const b = 'b'.repeat(256 * 1024);
    writeFileSync(path, a);
    const stop = new SharedArrayBuffer(4);
    const worker = new Worker(READER, { eval: true, workerData: { path, a, b, stop } });
    const result = new Promise<{ reads: number; bad: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    for (let i = 0; i < 60; i++) {
      if (i % 2 === 0) await writeFileAtomic(path, i % 4 === 0 ? b : a);
      else writeFileAtomicSync(path, i % 4 === 1 ? a : b);
    }
    Atomics.store(new Int32Array(stop), 0, 1);
    const { reads, bad } = await result;
    await worker.terminate();
    assert.ok(reads > 0, 'the reader ran');
    assert.equal(bad, 0, `${bad} of ${reads} reads saw a partial file`);
    assert.deepEqual(readdirSync(dir), ['state']);
  });
});
