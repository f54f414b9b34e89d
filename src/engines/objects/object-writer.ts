// Streams a request body into a new blob: frames are sealed from the body's own chunks as they
// arrive (nothing is joined or copied), the checksums are computed on the way and checked
// before the blob is committed (fsync + rename), and the sealed pieces reach the file in
// gathered writes of about 1 MiB. On any failure the temp file is removed.
// A small body (declared length up to WHOLE_BODY_LIMIT) is read whole first, then checked and
// sealed in one synchronous pass: one call per digest, no per-chunk work.

import { createHash, type Hash } from 'node:crypto';
import { digestOf } from '../../core/digests.js';
import { gatherChunks } from '../../core/gather-chunks.js';
import { checksumOf, createChecksum, type Checksum } from './checksums.js';
import type { KeyObject } from 'node:crypto';
import { encodeHeader, frameCount, frameKey, FrameSealing, newHeader, TAG_SIZE } from './frame-cipher.js';
import type { ChecksumAlgorithm, SseAlgorithm } from './object-records.js';
import type { BlobStore, BlobWriter } from './object-store.js';
import { badDigest, checksumMismatch, entityTooLarge, incompleteBody } from './s3-errors.js';

/** Largest single PUT (5 GiB). https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;
const WRITE_BATCH = 1024 * 1024;
/**
 * Bodies declared at most this long are read whole before anything is sealed. For a small
 * object, streaming costs more than the bytes (a Hash object per digest, an async step per
 * layer and chunk); holding it costs no more memory than the inline blob it becomes
 * (INLINE_BLOB_LIMIT in tiered-blob-store.ts).
 */
export const WHOLE_BODY_LIMIT = 64 * 1024;

export interface WriteChecks {
  /** Content-MD5, decoded. */
  readonly md5?: Buffer;
  /** How BadDigest shows the Content-MD5 sent: hex (PutObject's, the default) or base64 (UploadPart's). */
  readonly md5Shown?: 'hex' | 'base64';
  /** The additional checksum to compute; `expected()` is read after the body ended (trailers). */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; expected(): string | undefined };
  /** Content-Length or x-amz-decoded-content-length, when the client declared one. */
  readonly length?: number;
  /**
   * Also compute CRC64NVME, S3's default checksum, whatever `checksum` is: a part of an upload
   * created without an algorithm needs it for the object's FULL_OBJECT CRC64NVME, beside the
   * checksum its request named, if any. Taken from `checksum` when that is CRC64NVME already.
   */
  readonly crc64nvme?: boolean;
}

/**
 * What a blob's ETag is made of. `md5`: the MD5 of the plaintext. `sealed`: the first 16 bytes
 * of SHA-256 over the blob's header and its frames' GCM tags, which needs no pass over the bytes.
 */
export type EtagSource = 'md5' | 'sealed';

/**
 * SSE-S3 objects (and their parts) have the MD5 of their data as ETag; SSE-KMS ones do not:
 * objects "encrypted by SSE-S3 or plaintext, have ETags that are an MD5 digest of their object
 * data"; those "encrypted by SSE-C or SSE-KMS, have ETags that are not an MD5 digest of their
 * object data". https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html
 */
export function etagSourceFor(algorithm: SseAlgorithm): EtagSource {
  return algorithm === 'aws:kms' ? 'sealed' : 'md5';
}

export interface WriteOptions {
  /** Default `md5`. */
  readonly etag?: EtagSource;
  /** Frame size of the new blob; default WRITE_FRAME_SIZE (tests write the first format's 64 KiB frames). */
  readonly frameSize?: number;
}

/** A body that hashes itself with SHA-256 as it streams (a signed payload's check). */
export interface Sha256Body extends AsyncIterable<Uint8Array> {
  /** The SHA-256 of every byte the body yielded (or `whole` returned); read once it has ended. */
  sha256(): Buffer;
}

/**
 * A body that can also be read at once, with the checks its stream makes (a signed payload's
 * SHA-256) made on the whole bytes, in one call. Without it, a small body is gathered by
 * iterating it.
 */
export interface WholeBody extends AsyncIterable<Uint8Array> {
  /** Every byte to the end of the body; IncompleteBody past `limit` bytes; throws what the stream would at its end. */
  whole(limit: number): Promise<Buffer>;
}

export interface WrittenBlob {
  readonly blobId: string;
  readonly size: number;
  /** 32 hex digits, unquoted, as `EtagSource` says. */
  readonly etag: string;
  /** base64 of the additional checksum, when one was asked for. */
  readonly checksum: string | null;
  /** base64 of the CRC64NVME, when `crc64nvme` asked for it. */
  readonly crc64nvme: string | null;
}

/**
 * Sealed pieces waiting for one gathered write. One write is in flight while the next batch
 * fills, so the body keeps streaming (and the core keeps sealing) while the thread pool writes;
 * memory stays at about two batches.
 */
class PendingWrites {
  readonly pieces: Buffer[] = [];
  size = 0;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly writer: BlobWriter) {}

  /** Starts writing what is pending, once the write before it has finished. */
  async flush(): Promise<void> {
    if (this.pieces.length === 0) return;
    const pieces = this.pieces.splice(0);
    this.size = 0;
    await this.drain();
    const writing = this.writer.writev
      ? this.writer.writev(pieces)
      : this.writer.write(pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces));
    // Awaited by the next flush or drain; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  /** Waits for the write in flight, if any (its failure is thrown here). */
  async drain(): Promise<void> {
    const writing = this.inFlight;
    this.inFlight = null;
    await writing;
  }
}

/** A blob's frames, sealed in order into the pending writes; each tag also goes to `onTag`. */
class Frames {
  private sealing: FrameSealing | null = null;
  private index = 0;
  private filled = 0;

  constructor(
    private readonly key: KeyObject, private readonly frameSize: number, private readonly out: PendingWrites,
    private readonly onTag: (tag: Buffer) => void,
  ) {}

  /** The frame being filled. */
  get current(): number {
    return this.index;
  }

  /** Bytes the current frame still takes. */
  get room(): number {
    return this.frameSize - this.filled;
  }

  /** Adds plaintext (at most `room` bytes) to the current frame, starting it, as the last one or not, if it is new. */
  add(piece: Buffer, last: boolean): void {
    this.sealing ??= new FrameSealing(this.key, this.index, last, this.out.pieces);
    this.sealing.add(piece);
    this.filled += piece.length;
    this.out.size += piece.length;
  }

  /** Seals the current frame (an empty one when nothing was added: an empty blob). */
  end(last: boolean): void {
    const sealing = this.sealing ?? new FrameSealing(this.key, this.index, last, this.out.pieces);
    this.onTag(sealing.end());
    this.out.size += TAG_SIZE;
    this.sealing = null;
    this.index++;
    this.filled = 0;
  }
}

/** Removes the first `length` bytes from `queue` and returns them as pieces (slices, never copies). */
function takeFront(queue: Buffer[], length: number): Buffer[] {
  const taken: Buffer[] = [];
  let left = length;
  while (left > 0) {
    const head = queue[0] as Buffer;
    if (head.length <= left) {
      taken.push(head);
      queue.shift();
      left -= head.length;
    } else {
      taken.push(head.subarray(0, left));
      queue[0] = head.subarray(left);
      left = 0;
    }
  }
  return taken;
}

const bodySha256 = (body: AsyncIterable<Uint8Array>): (() => Buffer) | null => {
  const candidate = body as Partial<Sha256Body>;
  return typeof candidate.sha256 === 'function' ? () => (candidate as Sha256Body).sha256() : null;
};

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** All of a body of at most `limit` bytes, in one buffer (IncompleteBody past `limit`). */
function readWhole(body: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const whole = (body as Partial<WholeBody>).whole;
  return typeof whole === 'function' ? whole.call(body, limit) : gatherChunks(body, limit, incompleteBody);
}

/**
 * The checks of a whole body, streamed or held, in S3's order: its length against the declared
 * one, Content-MD5, then the additional checksum (base64, as computed).
 */
function verifyBody(checks: WriteChecks, size: number, md5: Buffer | null, checksum: string | null): void {
  if (checks.length !== undefined && size < checks.length) throw incompleteBody();
  if (checks.md5 && !checks.md5.equals(md5 as Buffer)) throw badDigest(checks.md5.toString(checks.md5Shown ?? 'hex'), md5 as Buffer);
  const expected = checks.checksum?.expected();
  if (checks.checksum && expected !== undefined && expected !== checksum) throw checksumMismatch(checks.checksum.algorithm);
}

/** A small body, read whole, checked, then sealed and written at once (see WHOLE_BODY_LIMIT). */
async function writeWhole(
  blobs: BlobStore, dataKey: Buffer, body: AsyncIterable<Uint8Array>, checks: WriteChecks, etagSource: EtagSource, frameSize: number | undefined,
): Promise<WrittenBlob> {
  const bytes = await readWhole(body, checks.length ?? WHOLE_BODY_LIMIT);
  // MD5 only where it is the ETag or the client sent Content-MD5; a signed payload's SHA-256 serves a sha256 checksum.
  const md5 = etagSource === 'md5' || checks.md5 ? digestOf('md5', bytes) : null;
  const algorithm = checks.checksum?.algorithm;
  const knownSha256 = algorithm === 'SHA256' ? bodySha256(body) : null;
  const checksum = knownSha256 ? knownSha256().toString('base64') : algorithm ? checksumOf(algorithm, bytes).toString('base64') : null;
  verifyBody(checks, bytes.length, md5, checksum);
  const crc64nvme = !checks.crc64nvme ? null : algorithm === 'CRC64NVME' ? checksum : checksumOf('CRC64NVME', bytes).toString('base64');
  // Nothing is sealed, nor a temp file made, for a body that failed its checks.
  const header = newHeader(frameSize);
  const key = frameKey(dataKey, header.salt);
  const headerBytes = encodeHeader(header);
  const pieces: Buffer[] = [headerBytes];
  const tags: Buffer[] = [headerBytes];
  const frames = frameCount(bytes.length, header.frameSize);
  for (let index = 0; index < frames; index++) {
    const sealing = new FrameSealing(key, index, index === frames - 1, pieces);
    if (bytes.length > 0) sealing.add(bytes.subarray(index * header.frameSize, (index + 1) * header.frameSize));
    tags.push(sealing.end());
  }
  const etag = etagSource === 'md5' ? (md5 as Buffer) : digestOf('sha256', Buffer.concat(tags)).subarray(0, 16);
  const writer = await blobs.create();
  try {
    await (writer.writev ? writer.writev(pieces) : writer.write(Buffer.concat(pieces)));
    const blobId = await writer.commit();
    return { blobId, size: bytes.length, etag: etag.toString('hex'), checksum, crc64nvme };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

export async function writeBlob(
  blobs: BlobStore, dataKey: Buffer, body: AsyncIterable<Uint8Array>, checks: WriteChecks = {}, options: WriteOptions = {},
): Promise<WrittenBlob> {
  const etagSource = options.etag ?? 'md5';
  // A declared length over the limit is refused before a byte is read or written, as S3 does.
  if (checks.length !== undefined && checks.length > MAX_PUT_SIZE) throw entityTooLarge(checks.length, MAX_PUT_SIZE);
  if (checks.length !== undefined && checks.length <= WHOLE_BODY_LIMIT) return writeWhole(blobs, dataKey, body, checks, etagSource, options.frameSize);
  const header = newHeader(options.frameSize);
  const key = frameKey(dataKey, header.salt);
  const writer = await blobs.create();
  const out = new PendingWrites(writer);
  try {
    const headerBytes = encodeHeader(header);
    // MD5 only where it is the ETag or the client sent Content-MD5: it is the costliest pass.
    const md5: Hash | null = etagSource === 'md5' || checks.md5 ? createHash('md5') : null;
    const tags: Hash | null = etagSource === 'sealed' ? createHash('sha256').update(headerBytes) : null;
    // A signed payload was already hashed with SHA-256 on its way in: an x-amz-checksum-sha256 reuses that digest.
    const knownSha256 = checks.checksum?.algorithm === 'SHA256' ? bodySha256(body) : null;
    const extra: Checksum | null = checks.checksum && !knownSha256 ? createChecksum(checks.checksum.algorithm) : null;
    const crc64: Checksum | null = checks.crc64nvme && checks.checksum?.algorithm !== 'CRC64NVME' ? createChecksum('CRC64NVME') : null;
    out.pieces.push(headerBytes);
    out.size = headerBytes.length;
    const frameSize = header.frameSize;
    const frames = new Frames(key, frameSize, out, (tag) => tags?.update(tag));
    // With a declared length the last frame is known before its bytes arrive (its AAD says it is
    // the last), so each chunk is sealed as it comes and no plaintext is held. Without one, a
    // frame is sealed once bytes follow it: until then its plaintext waits, as the body's slices.
    const declared = checks.length;
    const lastFrame = declared !== undefined ? frameCount(declared, frameSize) - 1 : null;
    const pending: Buffer[] = [];
    let pendingSize = 0;
    let size = 0;
    for await (const raw of body) {
      const chunk = asBuffer(raw);
      if (chunk.length === 0) continue;
      size += chunk.length;
      if (size > MAX_PUT_SIZE) throw entityTooLarge(size, MAX_PUT_SIZE);
      md5?.update(chunk);
      extra?.update(chunk);
      crc64?.update(chunk);
      if (lastFrame !== null) {
        if (size > (declared as number)) throw incompleteBody();
        for (let at = 0; at < chunk.length;) {
          const take = Math.min(chunk.length - at, frames.room);
          frames.add(take === chunk.length ? chunk : chunk.subarray(at, at + take), frames.current === lastFrame);
          at += take;
          if (frames.room === 0 && frames.current !== lastFrame) frames.end(false);
        }
      } else {
        pending.push(chunk);
        pendingSize += chunk.length;
        while (pendingSize > frameSize) {
          for (const piece of takeFront(pending, frameSize)) frames.add(piece, false);
          pendingSize -= frameSize;
          frames.end(false);
        }
      }
      if (out.size >= WRITE_BATCH) await out.flush();
    }
    const digest = md5?.digest() ?? null;
    const checksum = knownSha256 ? knownSha256().toString('base64') : extra ? extra.digest().toString('base64') : null;
    verifyBody(checks, size, digest, checksum);
    const crc64nvme = !checks.crc64nvme ? null : crc64 ? crc64.digest().toString('base64') : checksum;
    for (const piece of takeFront(pending, pendingSize)) frames.add(piece, true);
    frames.end(true);
    await out.flush();
    await out.drain();
    const blobId = await writer.commit();
    const etag = etagSource === 'md5' ? (digest as Buffer) : (tags as Hash).digest().subarray(0, 16);
    return { blobId, size, etag: etag.toString('hex'), checksum, crc64nvme };
  } catch (error) {
    // A write still in flight finishes (or fails) before the temp file is removed.
    await out.drain().catch(() => undefined);
    await writer.abort();
    throw error;
  }
}
