// Small payloads are read whole by the object writer: a signed one is hashed in one call and
// still refused when its SHA-256 is not the signed one; aws-chunked bodies (signed chunks, or
// unsigned with a trailing checksum) still have every chunk and trailer checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { chunkSignature, type ChunkSigningContext } from '../../core/sigv4/index.js';
import { writeBlob, type WholeBody } from '../../engines/objects/object-writer.js';
import { blobTestBed, pieces } from '../../../test/support/blob-test-bed.js';
import { readSmallBody, s3Payload } from './s3-payload.js';

const { blobs, dataKey, files, readAll } = blobTestBed('payload-whole');

const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const crc32Base64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data), 0);
  return out.toString('base64');
};

test('a small signed payload is read whole: hashed once, its SHA-256 reused as the checksum', async () => {
  const data = randomBytes(4096);
  for (const chunk of [4096, 1000]) {
    const payload = s3Payload(pieces(data, chunk), { 'content-length': '4096' }, { payloadHash: sha256Hex(data) });
    const sha256 = Buffer.from(sha256Hex(data), 'hex').toString('base64');
    const checks = { length: data.length, checksum: { algorithm: 'SHA256' as const, expected: () => sha256 } };
    const written = await writeBlob(blobs, dataKey, payload.stream, checks);
    assert.equal(written.checksum, sha256);
    assert.equal((payload.stream as unknown as { sha256(): Buffer }).sha256().toString('base64'), sha256);
    assert.deepEqual(await readAll(written.blobId, data.length), data);
  }
});

test('a small signed payload whose bytes are not the signed ones is XAmzContentSHA256Mismatch, and leaves nothing', async () => {
  const data = randomBytes(4096);
  const before = files();
  const lying = s3Payload(pieces(data, 4096), { 'content-length': '4096' }, { payloadHash: sha256Hex(Buffer.from('other')) });
  await assert.rejects(writeBlob(blobs, dataKey, lying.stream, { length: data.length }), { code: 'XAmzContentSHA256Mismatch' });
  // The signed hash is right, the CRC32 is not: the checksum is still checked.
  const wrongCrc = s3Payload(pieces(data, 4096), { 'content-length': '4096' }, { payloadHash: sha256Hex(data) });
  const crcChecks = { length: data.length, checksum: { algorithm: 'CRC32' as const, expected: () => crc32Base64(Buffer.from('x')) } };
  await assert.rejects(writeBlob(blobs, dataKey, wrongCrc.stream, crcChecks), { code: 'BadDigest' });
  const wrongMd5 = s3Payload(pieces(data, 4096), { 'content-length': '4096' }, { payloadHash: sha256Hex(data) });
  await assert.rejects(writeBlob(blobs, dataKey, wrongMd5.stream, { length: data.length, md5: Buffer.alloc(16) }), { code: 'BadDigest' });
  // More bytes than the declared length: refused before the hash is even compared.
  const longer = s3Payload(pieces(data, 1000), { 'content-length': '4000' }, { payloadHash: sha256Hex(data) });
  await assert.rejects(writeBlob(blobs, dataKey, longer.stream, { length: 4000 }), { code: 'IncompleteBody' });
  assert.equal(files(), before);
});

test('whole(): the signed check on the whole bytes, IncompleteBody past the limit', async () => {
  const data = randomBytes(100);
  const body = s3Payload(pieces(data, 30), {}, { payloadHash: sha256Hex(data) }).stream as unknown as WholeBody & { sha256(): Buffer };
  assert.throws(() => body.sha256(), /not been read/);
  assert.deepEqual(await body.whole(100), data);
  assert.equal(body.sha256().toString('hex'), sha256Hex(data));
  const tooLong = s3Payload(pieces(data, 30), {}, { payloadHash: sha256Hex(data) }).stream as unknown as WholeBody;
  await assert.rejects(tooLong.whole(99), { code: 'IncompleteBody' });
  const lying = s3Payload(pieces(data, 30), {}, { payloadHash: sha256Hex(Buffer.from('other')) }).stream as unknown as WholeBody;
  await assert.rejects(lying.whole(100), { code: 'XAmzContentSHA256Mismatch' });
  assert.deepEqual(await readSmallBody(pieces(data, 30), 100), data);
  await assert.rejects(readSmallBody(pieces(data, 30), 99), { code: 'MaxMessageLengthExceeded' });
});

/** A body of `data` in signed aws-chunked encoding; `tamper` changes a byte after signing. */
function signedChunks(signing: ChunkSigningContext, data: Buffer[], tamper = false): Buffer {
  let previous = signing.seedSignature;
  const parts: Buffer[] = [];
  for (const chunk of [...data, Buffer.alloc(0)]) {
    const signature = chunkSignature(signing, previous, chunk);
    previous = signature;
    const sent = tamper && chunk.length > 0 ? Buffer.from(chunk.map((b) => b ^ 1)) : chunk;
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), sent, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

test('small signed aws-chunked bodies: good chunks are written, a tampered one is SignatureDoesNotMatch and leaves nothing', async () => {
  const signing: ChunkSigningContext = {
    signingKey: randomBytes(32), amzDate: '20250101T000000Z', scope: '20250101/us-east-1/s3/aws4_request', seedSignature: 'a'.repeat(64),
  };
  const data = [randomBytes(3000), randomBytes(1096)];
  const whole = Buffer.concat(data);
  const headers = { 'x-amz-decoded-content-length': String(whole.length), 'content-encoding': 'aws-chunked' };
  const auth = { payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', chunkSigning: signing };
  const good = s3Payload(pieces(signedChunks(signing, data), 777), headers, auth);
  const written = await writeBlob(blobs, dataKey, good.stream, { length: whole.length });
  assert.deepEqual(await readAll(written.blobId, whole.length), whole);
  const before = files();
  const tampered = s3Payload(pieces(signedChunks(signing, data, true), 777), headers, auth);
  await assert.rejects(writeBlob(blobs, dataKey, tampered.stream, { length: whole.length }), { code: 'SignatureDoesNotMatch' });
  assert.equal(files(), before);
});

test('a small unsigned aws-chunked body: its trailing checksum is checked once the body has ended', async () => {
  const data = randomBytes(4096);
  const wire = (checksum: string) => Buffer.concat([
    Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\nx-amz-checksum-crc32:${checksum}\r\n\r\n`),
  ]);
  const headers = { 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' };
  const auth = { payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' };
  for (const [sent, ok] of [[crc32Base64(data), true], [crc32Base64(Buffer.from('x')), false]] as const) {
    const payload = s3Payload(pieces(wire(sent), 1000), headers, auth);
    const checks = { length: data.length, checksum: { algorithm: 'CRC32' as const, expected: () => payload.trailer('x-amz-checksum-crc32') } };
    const before = files();
    if (ok) {
      const written = await writeBlob(blobs, dataKey, payload.stream, checks);
      assert.equal(written.checksum, sent);
      assert.deepEqual(await readAll(written.blobId, data.length), data);
    } else {
      await assert.rejects(writeBlob(blobs, dataKey, payload.stream, checks), { code: 'BadDigest' });
      assert.equal(files(), before);
    }
  }
});
