// DataDir: created 0700 (whatever the umask), paths resolved inside it and never outside.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDir } from './data-dir.js';

const root = mkdtempSync(join(tmpdir(), 'gantry-datadir-'));
after(() => rmSync(root, { recursive: true, force: true }));
const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('DataDir', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  it('creates the directory and missing parents with mode 0700 even under a loose umask', async () => {
    const previous = process.umask(0o000);
    try {
      const dir = await DataDir.open(join(root, 'a', 'data'));
      assert.equal(modeOf(dir.root), 0o700);
      assert.equal(modeOf(join(root, 'a')), 0o700);
      const sync = DataDir.openSync(join(root, 'b'));
      assert.equal(modeOf(sync.root), 0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('applies 0700 even when the umask would remove owner bits', async () => {
    const previous = process.umask(0o177);
    try {
      const dir = await DataDir.open(join(root, 'tight'));
      assert.equal(modeOf(dir.root), 0o700);
      assert.equal(modeOf(await dir.ensureDir('blobs', 'ab')), 0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('leaves an existing directory as it is and refuses a file', async () => {
    const existing = join(root, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    await DataDir.open(existing);
    assert.equal(modeOf(existing), 0o755);
    const file = join(root, 'file');
    writeFileSync(file, '');
    await assert.rejects(DataDir.open(file), { code: 'ENOTDIR' });
    assert.throws(() => DataDir.openSync(file), { code: 'ENOTDIR' });
  });

  it('resolves paths inside and refuses ones that escape', async () => {
    const dir = await DataDir.open(join(root, 'resolve'));
    assert.equal(dir.resolve('gantry.sqlite'), join(dir.root, 'gantry.sqlite'));
    assert.equal(dir.resolve('blobs', '..', 'x'), join(dir.root, 'x'));
    assert.equal(dir.resolve(), dir.root);
    assert.equal(dir.resolve('..foo'), join(dir.root, '..foo'));
    assert.throws(() => dir.resolve('..'), RangeError);
    assert.throws(() => dir.resolve('blobs', '../../etc'), RangeError);
    assert.throws(() => dir.resolve('/etc/passwd'), RangeError);
  });

  it('writes the root-credentials file atomically with mode 0600', async () => {
    const dir = await DataDir.open(join(root, 'creds'));
    const path = await dir.writeFileAtomic('root-credentials.json', '{"accessKeyId":"AKIA"}');
    assert.equal(modeOf(path), 0o600);
    assert.equal(readFileSync(path, 'utf8'), '{"accessKeyId":"AKIA"}');
    assert.equal(modeOf(dir.writeFileAtomicSync('other', 'x', { mode: 0o640 })), 0o640);
  });
});
