// One-shot checksums of bytes held whole are the incremental ones (createChecksum), and the
// one-shot digests are node:crypto's, whether or not crypto.hash exists in this Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { checksumOf, createChecksum, digestOf, hexDigestOf } from './checksums.js';

test('checksumOf equals createChecksum for every algorithm, at any length, on unaligned views', () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'MD5'] as const) {
    for (const length of [0, 1, 7, 8, 9, 4096, 65_537]) {
      const data = randomBytes(length + 3).subarray(3);
      const sum = createChecksum(algorithm);
      sum.update(data);
      assert.deepEqual(checksumOf(algorithm, data), sum.digest(), `${algorithm}, ${length} bytes`);
    }
  }
});

test('digestOf and hexDigestOf are createHash', () => {
  const data = randomBytes(5000);
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
    assert.deepEqual(digestOf(algorithm, data), createHash(algorithm).update(data).digest());
    assert.equal(hexDigestOf(algorithm, data), createHash(algorithm).update(data).digest('hex'));
  }
  assert.equal(hexDigestOf('sha256', Buffer.alloc(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('without crypto.hash (Node 20 before 20.12), the one-shot digests fall back to createHash', async () => {
  const { execFileSync } = await import('node:child_process');
  const module = new URL('./checksums.js', import.meta.url).href;
  const script = `
    const crypto = (await import('node:crypto')).default;
    delete crypto.hash;
    const { digestOf, hexDigestOf, checksumOf } = await import(${JSON.stringify(module)});
    const data = Buffer.from('gantry');
    console.log(JSON.stringify([typeof crypto.hash, digestOf('md5', data).toString('hex'), hexDigestOf('sha256', data), checksumOf('SHA1', data).toString('hex')]));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
  const data = Buffer.from('gantry');
  assert.deepEqual(out, [
    'undefined', createHash('md5').update(data).digest('hex'), createHash('sha256').update(data).digest('hex'), createHash('sha1').update(data).digest('hex'),
  ]);
});
