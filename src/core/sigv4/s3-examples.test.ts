// The worked S3 examples of the S3 API reference: GET Object (sig-v4-header-based-auth.html), presigned GET
// (sigv4-query-string-auth.html) and the chunked PUT of sigv4-streaming.html ("Example: PUT Object").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RawHeader } from './canonical-headers.js';
import { AwsChunkedError, awsChunkedDecoderStream, decodeAwsChunked } from './chunked.js';
import type { ChunkSigningContext } from './chunked.js';
import { verifyRequest } from './verify.js';
import type { StoredCredentials, VerifiableRequest } from './verify.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const deps = { lookupCredentials: (id: string): StoredCredentials | null => (id === KEY ? { secretAccessKey: SECRET } : null), now: new Date('2013-05-24T00:00:00Z') };
const s3 = { isS3: true, service: 's3', region: 'us-east-1' } as const;

test('S3 GET Object example (Authorization header, signed empty payload)', () => {
  const result = verifyRequest({
    method: 'GET', path: '/test.txt', query: '',
    headers: [
      ['Host', 'examplebucket.s3.amazonaws.com'],
      ['Range', 'bytes=0-9'],
      ['x-amz-content-sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['x-amz-date', '20130524T000000Z'],
      ['Authorization', `AWS4-HMAC-SHA256 Credential=${KEY}/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41`],
    ],
  }, deps, s3);
  assert.equal(result.ok, true, result.ok ? '' : result.message);
});

test('S3 presigned GET example (UNSIGNED-PAYLOAD, X-Amz-Expires=86400)', () => {
  const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`;
  const req: VerifiableRequest = { method: 'GET', path: '/test.txt', query, headers: [['Host', 'examplebucket.s3.amazonaws.com']] };
  const ok = verifyRequest(req, deps, s3);
  assert.equal(ok.ok, true, ok.ok ? '' : ok.message);
  if (ok.ok) assert.equal(ok.payloadHash, 'UNSIGNED-PAYLOAD');

  const late = verifyRequest(req, { ...deps, now: new Date('2013-05-25T00:00:01Z') }, s3);
  assert.equal(late.ok, false);
  if (!late.ok) assert.deepEqual([late.kind, late.code, late.message, late.httpStatus], ['PresignExpired', 'AccessDenied', 'Request has expired', 403]);
});

// sigv4-streaming.html: 66560 bytes of 'a' in chunks of 65536 and 1024, then the empty chunk.
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHUNKS: [number, string][] = [
  [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
  [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
  [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
];

function chunkedBody(): Buffer {
  return Buffer.concat(CHUNKS.map(([size, sig]) =>
    Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${sig}\r\n`), Buffer.alloc(size, 'a'), Buffer.from('\r\n')])));
}

const streamingHeaders: RawHeader[] = [
  ['Host', 's3.amazonaws.com'],
  ['x-amz-date', '20130524T000000Z'],
  ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
  ['Authorization', `AWS4-HMAC-SHA256 Credential=${KEY}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`],
  ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
  ['Content-Encoding', 'aws-chunked'],
  ['x-amz-decoded-content-length', '66560'],
  ['Content-Length', '66824'],
];

function seedContext(): ChunkSigningContext {
  const result = verifyRequest({ method: 'PUT', path: '/examplebucket/chunkObject.txt', query: '', headers: streamingHeaders }, deps, s3);
  if (!result.ok) assert.fail(result.message);
  assert.equal(result.signature, SEED);
  assert.ok(result.chunkSigning, 'streaming payload exposes the chunk-signing context');
  return result.chunkSigning;
}

async function* pieces(body: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of source) out.push(b);
  return Buffer.concat(out);
}

test('chunked upload: seed signature and each chunk signature verify; payload is the 66560 bytes', async () => {
  const body = chunkedBody();
  assert.equal(body.length, 66824, 'Content-Length of the example');
  const ctx = seedContext();
  for (const pieceSize of [1, 997, 65536, body.length]) {
    const payload = await collect(decodeAwsChunked(pieces(body, pieceSize), ctx, { decodedContentLength: 66560 }));
    assert.ok(payload.equals(Buffer.alloc(66560, 'a')), `piece size ${pieceSize}`);
  }
});

test('chunked upload: a changed byte in the second chunk fails with SignatureDoesNotMatch after the first chunk', async () => {
  const body = chunkedBody();
  const secondData = 65626 + '400;chunk-signature=\r\n'.length + 64; // first chunk frame, then the second header
  body[secondData + 10] = 0x62;
  const yielded: number[] = [];
  await assert.rejects(async () => {
    for await (const b of decodeAwsChunked(pieces(body, 4096), seedContext())) yielded.push(b.length);
  }, (e: unknown) => e instanceof AwsChunkedError && e.failure.kind === 'SignatureDoesNotMatch');
  assert.deepEqual(yielded, [65536]);
});

test('chunked upload: a wrong final-chunk signature, a wrong seed and a truncated body are rejected', async () => {
  const badFinal = Buffer.from(chunkedBody().toString('latin1').replace(CHUNKS[2]?.[1] as string, '0'.repeat(64)), 'latin1');
  await assert.rejects(collect(decodeAwsChunked(pieces(badFinal, 8192), seedContext())),
    (e: unknown) => e instanceof AwsChunkedError && e.failure.kind === 'SignatureDoesNotMatch');
  const wrongSeed = { ...seedContext(), seedSignature: CHUNKS[0]?.[1] as string };
  await assert.rejects(collect(decodeAwsChunked(pieces(chunkedBody(), 8192), wrongSeed)),
    (e: unknown) => e instanceof AwsChunkedError && e.failure.kind === 'SignatureDoesNotMatch');
  const truncated = chunkedBody().subarray(0, 60000);
  await assert.rejects(collect(decodeAwsChunked(pieces(truncated, 8192), seedContext())),
    (e: unknown) => e instanceof AwsChunkedError && e.failure.kind === 'MalformedChunk');
  await assert.rejects(collect(decodeAwsChunked(pieces(chunkedBody(), 8192), seedContext(), { decodedContentLength: 5 })),
    (e: unknown) => e instanceof AwsChunkedError && e.failure.kind === 'MalformedChunk');
});

test('chunked upload through the Node stream wrapper', async () => {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces(chunkedBody(), 3000)), awsChunkedDecoderStream(seedContext()), async (source: AsyncIterable<Buffer>) => {
    for await (const b of source) out.push(b);
  });
  assert.equal(Buffer.concat(out).length, 66560);
});
