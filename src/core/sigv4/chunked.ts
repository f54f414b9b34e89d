// Decoder for `Content-Encoding: aws-chunked` bodies signed with STREAMING-AWS4-HMAC-SHA256-PAYLOAD.
// Implements https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: each chunk is
// `<hex-size>;chunk-signature=<sig>\r\n<data>\r\n`, the last has size 0, and each signature chains from the previous one.
import { Duplex } from 'node:stream';
import type { AuthFailure } from './failures.js';
import { EMPTY_SHA256, sha256Hex, signatureHex, signaturesEqual } from './signing.js';

/** What verifyRequest hands over for a streaming upload. */
export interface ChunkSigningContext {
  signingKey: Buffer;
  amzDate: string;
  scope: string;
  /** the signature of the request headers: the "previous signature" of the first chunk */
  seedSignature: string;
}

export interface ChunkDecodeOptions {
  /** largest chunk accepted, in bytes (default 16 MiB) */
  maxChunkSize?: number;
  /** x-amz-decoded-content-length: the decoded total must equal it */
  decodedContentLength?: number;
}

/** Thrown by the decoder; `failure.kind` is SignatureDoesNotMatch or MalformedChunk. */
export class AwsChunkedError extends Error {
  constructor(readonly failure: AuthFailure) {
    super(failure.kind === 'MalformedChunk' ? failure.detail : failure.kind);
    this.name = 'AwsChunkedError';
  }
}

/** String to sign of one chunk (sigv4-streaming.html, "Defining the Chunk Body"). */
export function chunkStringToSign(ctx: Pick<ChunkSigningContext, 'amzDate' | 'scope'>, previous: string, dataHash: string): string {
  return ['AWS4-HMAC-SHA256-PAYLOAD', ctx.amzDate, ctx.scope, previous, EMPTY_SHA256, dataHash].join('\n');
}

export function chunkSignature(ctx: ChunkSigningContext, previous: string, data: Uint8Array): string {
  return signatureHex(ctx.signingKey, chunkStringToSign(ctx, previous, sha256Hex(data)));
}

const MAX_LINE = 4096;
const HEADER = /^([0-9a-fA-F]+);chunk-signature=([0-9a-f]{64})$/;

/** Buffered reader over an async byte source. */
class ByteReader {
  private parts: Buffer[] = [];
  private size = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Uint8Array | string>) {}

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value);
    if (chunk.length > 0) {
      this.parts.push(chunk);
      this.size += chunk.length;
    }
    return true;
  }

  private flatten(): Buffer {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts, this.size)];
    return this.parts[0] ?? Buffer.alloc(0);
  }

  /** Reads up to CRLF (excluded); undefined at a clean end of input before any byte. */
  async readLine(): Promise<string | undefined> {
    for (;;) {
      const buf = this.flatten();
      const at = buf.indexOf('\r\n');
      if (at >= 0) {
        const line = buf.subarray(0, at).toString('latin1');
        this.take(at + 2);
        return line;
      }
      if (buf.length > MAX_LINE) throw malformed('chunk header line too long');
      if (!(await this.pull())) {
        if (this.size === 0) return undefined;
        throw malformed('chunk header not terminated by CRLF');
      }
    }
  }

  async readExactly(n: number): Promise<Buffer> {
    while (this.size < n) {
      if (!(await this.pull())) throw malformed(`body ended inside a chunk (${this.size} of ${n} bytes)`);
    }
    return this.take(n);
  }

  private take(n: number): Buffer {
    const buf = this.flatten();
    const out = buf.subarray(0, n);
    const rest = buf.subarray(n);
    this.parts = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return out;
  }

  async atEnd(): Promise<boolean> {
    while (this.size === 0) if (!(await this.pull())) return true;
    return false;
  }
}

function malformed(detail: string): AwsChunkedError {
  return new AwsChunkedError({ kind: 'MalformedChunk', detail });
}

/**
 * Decodes and verifies an aws-chunked body, yielding each chunk's payload only after its signature checked out.
 * Throws AwsChunkedError (SignatureDoesNotMatch) on the first chunk whose signature differs.
 */
export async function* decodeAwsChunked(
  source: AsyncIterable<Uint8Array | string>,
  ctx: ChunkSigningContext,
  options: ChunkDecodeOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const maxChunk = options.maxChunkSize ?? 16 * 1024 * 1024;
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  let previous = ctx.seedSignature;
  let total = 0;
  for (;;) {
    const line = await reader.readLine();
    if (line === undefined) throw malformed('body ended before the final zero-length chunk');
    const m = HEADER.exec(line);
    if (!m) throw malformed(`malformed chunk header "${line.slice(0, 100)}"`);
    const size = parseInt(m[1] as string, 16);
    if (!Number.isSafeInteger(size) || size > maxChunk) throw malformed(`chunk size ${m[1]} exceeds the limit`);
    const data = await reader.readExactly(size);
    const crlf = await reader.readExactly(2);
    if (crlf.toString('latin1') !== '\r\n') throw malformed('chunk data not followed by CRLF');
    const expected = chunkSignature(ctx, previous, data);
    const provided = m[2] as string;
    if (!signaturesEqual(expected, provided)) {
      throw new AwsChunkedError({ kind: 'SignatureDoesNotMatch', signatureProvided: provided, stringToSign: chunkStringToSign(ctx, previous, sha256Hex(data)) });
    }
    previous = expected;
    if (size === 0) break;
    total += size;
    yield data;
  }
  if (!(await reader.atEnd())) throw malformed('data after the final chunk (trailers are not supported)');
  if (options.decodedContentLength !== undefined && total !== options.decodedContentLength) {
    throw malformed(`decoded ${total} bytes but x-amz-decoded-content-length is ${options.decodedContentLength}`);
  }
}

/** The same decoder as a Node stream: pipe the raw body in, read verified payload bytes out. */
export function awsChunkedDecoderStream(ctx: ChunkSigningContext, options: ChunkDecodeOptions = {}): Duplex {
  return Duplex.from((source: AsyncIterable<Uint8Array | string>) => decodeAwsChunked(source, ctx, options));
}
