// CRC-64/NVME: the catalogue check value, the bit-by-bit definition at any length and split,
// and the 8-byte big-endian digest S3 sends as x-amz-checksum-crc64nvme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checksumOf, createChecksum } from './checksums.js';
import { crc64nvme } from './crc64-nvme.js';
import { crc64nvmeBase64, crc64nvmeByBits as crc64ByBits } from '../../../test/support/crc-reference.js';

test('CRC64NVME: check value of "123456789", empty input, any length, any split, unaligned views', () => {
  assert.equal(crc64nvme(Buffer.from('123456789'), 0n), 0xae8b14860a799888n);
  assert.equal(crc64ByBits(Buffer.from('123456789')), 0xae8b14860a799888n);
  assert.equal(crc64nvme(Buffer.alloc(0), 0n), 0n);
  const data = randomBytes(3000);
  for (const length of [1, 7, 8, 9, 15, 16, 17, 63, 64, 1000, 2999]) {
    const view = data.subarray(1, 1 + length);
    assert.equal(crc64nvme(view, 0n), crc64ByBits(view), `${length} bytes`);
  }
  for (const split of [1, 3, 8, 13, 1500]) {
    const sum = createChecksum('CRC64NVME');
    for (let i = 0; i < data.length; i += split) sum.update(data.subarray(i, i + split));
    assert.equal(sum.digest().readBigUInt64BE(0), crc64ByBits(data), `chunks of ${split}`);
  }
});

test('CRC64NVME digest: 8 bytes big-endian, base64 as S3 sends it', () => {
  const digest = checksumOf('CRC64NVME', Buffer.from('123456789'));
  assert.equal(digest.toString('hex'), 'ae8b14860a799888');
  assert.equal(digest.toString('base64'), 'rosUhgp5mIg=');
  // "Hello world": the value AWS SDKs use in their x-amz-checksum-crc64nvme tests, independent of this code.
  assert.equal(checksumOf('CRC64NVME', Buffer.from('Hello world')).toString('base64'), 'OOJZ0D8xKts=');
});

test('the tests\' table-driven CRC64NVME reference is the bit-by-bit definition, digested as S3 sends it', () => {
  assert.equal(crc64nvmeBase64(Buffer.from('123456789')), 'rosUhgp5mIg=');
  assert.equal(crc64nvmeBase64(Buffer.from('Hello world')), 'OOJZ0D8xKts=');
  const data = randomBytes(4000);
  for (const length of [0, 1, 8, 9, 4000]) {
    const view = data.subarray(0, length);
    assert.equal(Buffer.from(crc64nvmeBase64(view), 'base64').readBigUInt64BE(0), crc64ByBits(view), `${length} bytes`);
  }
});
