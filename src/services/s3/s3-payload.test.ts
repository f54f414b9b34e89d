// A signed payload is hashed once: its SHA-256 is checked at the end of the body and serves
// as the object's x-amz-checksum-sha256; a body that does not match is refused and leaves nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBlob } from '../../engines/objects/object-writer.js';
import { FsBlobStore } from '../../store/fs-blob-store.js';
import { s3Payload } from './s3-payload.js';

const dir = mkdtempSync(join(tmpdir(), 'gantry-payload-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const blobs = new FsBlobStore(dir);

async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

test('signed payload: its SHA-256 is the additional checksum; a wrong one is XAmzContentSHA256Mismatch and nothing is kept', async () => {
  const data = randomBytes(2_500_000);
  const sha256 = createHash('sha256').update(data).digest();
  const headers = { 'content-length': String(data.length) };
  const payload = s3Payload(pieces(data, 65_536), headers, { payloadHash: sha256.toString('hex') });
  assert.equal(payload.length, data.length);
  const checks = { length: data.length, checksum: { algorithm: 'SHA256' as const, expected: () => sha256.toString('base64') } };
  const written = await writeBlob(blobs, randomBytes(32), payload.stream, checks, { etag: 'sealed' });
  assert.equal(written.checksum, sha256.toString('base64'));
  assert.equal((payload.stream as unknown as { sha256(): Buffer }).sha256().toString('hex'), sha256.toString('hex'));

  const before = readdirSync(dir, { recursive: true }).length;
  const lying = s3Payload(pieces(data, 65_536), headers, { payloadHash: createHash('sha256').update('other').digest('hex') });
  await assert.rejects(writeBlob(blobs, randomBytes(32), lying.stream, checks), { code: 'XAmzContentSHA256Mismatch' });
  assert.equal(readdirSync(dir, { recursive: true }).length, before);
  const unread = s3Payload(pieces(data, 65_536), headers, { payloadHash: sha256.toString('hex') });
  assert.throws(() => (unread.stream as unknown as { sha256(): Buffer }).sha256(), /not been read/);
});

test('unsigned payload: the checksum is computed by the writer and checked against the trailer', async () => {
  const data = randomBytes(100_000);
  const wire = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n0\r\nx-amz-checksum-sha256:')]);
  const sha256 = createHash('sha256').update(data).digest('base64');
  const headers = { 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-sha256' };
  const payload = s3Payload(pieces(Buffer.concat([wire, Buffer.from(`${sha256}\r\n\r\n`)]), 4096), headers, { payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
  assert.equal(payload.declaredTrailer, 'x-amz-checksum-sha256');
  const checks = { checksum: { algorithm: 'SHA256' as const, expected: () => payload.trailer('x-amz-checksum-sha256') } };
  const written = await writeBlob(blobs, randomBytes(32), payload.stream, checks);
  assert.equal(written.checksum, sha256);
});
