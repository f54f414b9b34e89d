// The body of PutObject / UploadPart as a verified stream, read straight from the socket:
// a declared SHA-256 is checked as the bytes pass, aws-chunked bodies have each chunk's
// signature checked (or, unsigned, their trailing checksum collected). A mismatch throws at
// the end of the stream, before the object is committed, so nothing is left behind. Each
// byte is hashed once: the object writer reuses a signed payload's SHA-256 as its checksum.
// A small signed body can also be read whole (WholeBody): it is then hashed in one call.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html

import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import { AwsChunkedError, decodeAwsChunked, describeAuthFailure, type ChunkSigningContext } from '../../core/sigv4/index.js';
import { digestText } from '../../core/digests.js';
import { gatherChunks } from '../../core/gather-chunks.js';
import { contentSha256Mismatch, incompleteBody } from '../../engines/objects/s3-errors.js';
import type { Sha256Body, WholeBody } from '../../engines/objects/object-writer.js';
import { headerValue, type HeaderBag } from '../../protocols/index.js';
import { decodeUnsignedChunks } from './unsigned-chunks.js';

export interface S3Payload {
  /** Payload bytes; throws S3's error at the end when the body does not match what was signed. */
  readonly stream: AsyncIterable<Buffer>;
  /** Decoded length the client declared, if any. */
  readonly length: number | undefined;
  /** A trailing header (x-amz-checksum-*), once the stream has ended. */
  trailer(name: string): string | undefined;
  /** The trailer the client announced in x-amz-trailer (lower case). */
  readonly declaredTrailer: string | undefined;
}

export interface PayloadAuth {
  readonly payloadHash: string;
  readonly chunkSigning?: ChunkSigningContext;
}

export function isS3Payload(value: unknown): value is S3Payload {
  return typeof value === 'object' && value !== null && 'stream' in value && 'trailer' in value;
}

function declaredLength(headers: HeaderBag, chunked: boolean): number | undefined {
  const text = headerValue(headers, chunked ? 'x-amz-decoded-content-length' : 'content-length');
  const n = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The body, hashed as it passes; throws at its end when the SHA-256 is not the one signed.
 * The digest stays readable (`sha256()`), so an x-amz-checksum-sha256 of the same bytes is
 * not hashed a second time (see Sha256Body in the object writer). Read whole (`whole`), the
 * body is hashed in one call once it has all arrived, and checked the same way.
 */
function checkedSha256(raw: AsyncIterable<Buffer>, expected: string): Sha256Body & WholeBody & AsyncIterable<Buffer> {
  let computed: string | null = null;
  const check = (hex: string) => {
    computed = hex;
    if (hex !== expected) throw contentSha256Mismatch(expected, hex);
  };
  return {
    async *[Symbol.asyncIterator]() {
      const hash = createHash('sha256');
      for await (const chunk of raw) {
        hash.update(chunk);
        yield chunk;
      }
      check(hash.digest('hex'));
    },
    whole: async (limit) => {
      const bytes = await gatherChunks(raw, limit, incompleteBody);
      check(digestText('sha256', bytes, 'hex'));
      return bytes;
    },
    sha256: () => {
      if (computed === null) throw new Error('the payload has not been read to its end');
      return Buffer.from(computed, 'hex');
    },
  };
}

async function* signedChunks(raw: AsyncIterable<Buffer>, signing: ChunkSigningContext, length: number | undefined): AsyncGenerator<Buffer> {
  try {
    yield* decodeAwsChunked(raw, signing, length === undefined ? {} : { decodedContentLength: length });
  } catch (error) {
    if (!(error instanceof AwsChunkedError)) throw error;
    if (error.failure.kind === 'MalformedChunk') throw incompleteBody();
    const described = describeAuthFailure(error.failure, 'rest-xml');
    throw new AwsError(described.code, described.message, described.httpStatus);
  }
}

export function s3Payload(raw: AsyncIterable<Buffer>, headers: HeaderBag, auth: PayloadAuth | null): S3Payload {
  const hash = auth?.payloadHash ?? 'UNSIGNED-PAYLOAD';
  const trailers = new Map<string, string>();
  const trailer = (name: string) => trailers.get(name.toLowerCase());
  const declaredTrailer = headerValue(headers, 'x-amz-trailer')?.trim().toLowerCase();
  const common = { trailer, declaredTrailer };
  if (/^[0-9a-f]{64}$/.test(hash)) return { stream: checkedSha256(raw, hash), length: declaredLength(headers, false), ...common };
  if (hash === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' && auth?.chunkSigning) {
    const length = declaredLength(headers, true);
    return { stream: signedChunks(raw, auth.chunkSigning, length), length, ...common };
  }
  if (hash === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
    return { stream: decodeUnsignedChunks(raw, trailers), length: declaredLength(headers, true), ...common };
  }
  if (hash.startsWith('STREAMING-')) {
    throw new AwsError('NotImplemented', `A header you provided implies functionality that is not implemented (x-amz-content-sha256: ${hash}).`, 501);
  }
  return { stream: raw, length: declaredLength(headers, false), ...common };
}

/** Reads a small body (XML documents) fully; S3 refuses larger ones. */
export function readSmallBody(raw: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  return gatherChunks(raw, limit, () => new AwsError('MaxMessageLengthExceeded', 'Your request was too big.', 400));
}
