// One-shot digests are node:crypto's, whether or not crypto.hash exists in this Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { digestOf, digestText } from './digests.js';

test('digestOf and digestText are createHash, for bytes and for UTF-8 text', () => {
  const data = randomBytes(5000);
  for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
    assert.deepEqual(digestOf(algorithm, data), createHash(algorithm).update(data).digest());
    assert.equal(digestText(algorithm, data, 'hex'), createHash(algorithm).update(data).digest('hex'));
    assert.equal(digestText(algorithm, 'gantry \u00e9', 'base64'), createHash(algorithm).update('gantry \u00e9', 'utf8').digest('base64'));
  }
  assert.equal(digestText('sha256', Buffer.alloc(0), 'hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('without crypto.hash (Node 20 before 20.12), the one-shot digests and the checksums built on them fall back to createHash', async () => {
  const { execFileSync } = await import('node:child_process');
  const digests = new URL('./digests.js', import.meta.url).href;
  const checksums = new URL('../engines/objects/checksums.js', import.meta.url).href;
  const script = `
    const crypto = (await import('node:crypto')).default;
    delete crypto.hash;
    const { digestOf, digestText } = await import(${JSON.stringify(digests)});
    const { checksumOf } = await import(${JSON.stringify(checksums)});
    const data = Buffer.from('gantry');
    console.log(JSON.stringify([typeof crypto.hash, digestOf('md5', data).toString('hex'), digestText('sha256', data, 'hex'), checksumOf('SHA1', data).toString('hex')]));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
  const data = Buffer.from('gantry');
  assert.deepEqual(out, [
    'undefined', createHash('md5').update(data).digest('hex'), createHash('sha256').update(data).digest('hex'), createHash('sha1').update(data).digest('hex'),
  ]);
});
