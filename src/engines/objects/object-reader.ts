// Streams plaintext back out of an object's blobs: only the frames a range touches are read
// and decrypted, about 1 MiB at a time into two reused buffers (one batch read ahead), so
// memory stays bounded for any object size. Each frame's plaintext is yielded as the decipher
// produced it (no copy), and only once its tag checked out. A blob already in memory (inline,
// see tiered-blob-store.ts) is opened at once instead (openSealedBlob).

import type { KeyObject } from 'node:crypto';
import { decodeHeader, frameCount, frameKey, frameOffset, HEADER_SIZE, openFrame, TAG_SIZE } from './frame-cipher.js';
import type { Segment } from './object-records.js';
import type { BlobStore } from './object-store.js';

/**
 * Where a blob's frame key comes from: the object's data key itself (derived for each blob),
 * or a source that may remember derived keys (DataKeys.readKey).
 */
export type FrameKeySource = Buffer | { frameKey(salt: Buffer): KeyObject };

function frameKeyOf(source: FrameKeySource, salt: Buffer): KeyObject {
  return Buffer.isBuffer(source) ? frameKey(source, salt) : source.frameKey(salt);
}

/** Reading bytes [from, to] of one blob: its frame key, frame size, and the frames the range touches. */
interface FrameRange {
  readonly segment: Segment;
  readonly key: KeyObject;
  readonly size: number;
  readonly frames: number;
  readonly first: number;
  readonly last: number;
  readonly from: number;
  readonly to: number;
}

function frameRange(dataKey: FrameKeySource, headerBytes: Buffer, segment: Segment, from: number, to: number): FrameRange {
  const header = decodeHeader(headerBytes);
  const size = header.frameSize;
  return {
    segment, key: frameKeyOf(dataKey, header.salt), size, frames: frameCount(segment.size, size), first: Math.floor(from / size), last: Math.floor(to / size), from, to,
  };
}

/** The range's part of frame `i`, whose sealed bytes start at `at` in `bytes`: returned only once its tag checked out. */
function openFrameInRange(r: FrameRange, i: number, bytes: Buffer, at: number): Buffer {
  const plainLength = Math.min(r.size, r.segment.size - i * r.size);
  if (bytes.length < at + plainLength + TAG_SIZE) throw new Error(`object blob ${r.segment.blobId} is truncated`);
  const plain = openFrame(r.key, i, i === r.frames - 1, bytes.subarray(at, at + plainLength + TAG_SIZE));
  const lo = i === r.first ? r.from - i * r.size : 0;
  const hi = i === r.last ? r.to - i * r.size + 1 : plain.length;
  return lo === 0 && hi === plain.length ? plain : plain.subarray(lo, hi);
}

/** Bytes read per call: whole frames, at least one. */
const READ_BATCH = 1024 * 1024;

/** Bytes [start, end] (inclusive) of the concatenated segments. `release` runs when the stream ends or is abandoned. */
export async function* readSegments(
  blobs: BlobStore, dataKey: FrameKeySource, segments: readonly Segment[], start: number, end: number, release: () => void = () => undefined,
): AsyncGenerator<Buffer, void, undefined> {
  try {
    let base = 0;
    for (const segment of segments) {
      const segStart = base;
      const segEnd = base + segment.size - 1;
      base += segment.size;
      if (segment.size === 0 || segEnd < start || segStart > end) continue;
      yield* readBlob(blobs, dataKey, segment, Math.max(start, segStart) - segStart, Math.min(end, segEnd) - segStart);
    }
  } finally {
    release();
  }
}

async function* readBlob(blobs: BlobStore, dataKey: FrameKeySource, segment: Segment, from: number, to: number): AsyncGenerator<Buffer> {
  const reader = await blobs.open(segment.blobId);
  let reading: Promise<Buffer> | null = null;
  try {
    const range = frameRange(dataKey, await reader.read(0, HEADER_SIZE), segment, from, to);
    const { size, first, last } = range;
    const span = size + TAG_SIZE;
    const perRead = Math.max(1, Math.floor(READ_BATCH / span));
    const lengthOf = (batch: number) => {
      const upto = Math.min(last, batch + perRead - 1);
      return (upto - batch) * span + Math.min(size, segment.size - upto * size) + TAG_SIZE;
    };
    // Two buffers, used in turn when the store can fill them: the next batch is read while
    // this one is decrypted and sent. Nothing yielded points into them (plaintext is the
    // decipher's own output), so each is refilled safely once its frames are opened. The
    // first batch is the largest (later ones are as long or end sooner): it sizes them, so
    // a small object gets small buffers, and a one-batch read only one.
    const capacity = lengthOf(first);
    const buffers: Buffer[] = [];
    const bufferFor = (turn: number): Buffer => (buffers[turn % 2] ??= Buffer.allocUnsafeSlow(capacity));
    const read = (batch: number, turn: number): Promise<Buffer> => {
      const length = lengthOf(batch);
      const at = frameOffset(batch, size);
      const bytes = reader.readInto
        ? reader.readInto(bufferFor(turn).subarray(0, length), at).then((n) => (buffers[turn % 2] as Buffer).subarray(0, n))
        : reader.read(at, length);
      return bytes.then((got) => {
        if (got.length < length) throw new Error(`object blob ${segment.blobId} is truncated`);
        return got;
      });
    };
    reading = read(first, 0);
    for (let batch = first, turn = 0; batch <= last; batch += perRead, turn++) {
      const bytes = await (reading as Promise<Buffer>);
      reading = batch + perRead <= last ? read(batch + perRead, turn + 1) : null;
      // Until it is awaited (or the stream is abandoned), a failed read-ahead is not unhandled.
      reading?.catch(() => undefined);
      const upto = Math.min(last, batch + perRead - 1);
      for (let i = batch; i <= upto; i++) yield openFrameInRange(range, i, bytes, (i - batch) * span);
    }
  } finally {
    // A read ahead still running finishes before the file is closed.
    await reading?.catch(() => undefined);
    await reader.close();
  }
}

/**
 * Plaintext bytes [from, to] (inclusive) of one blob whose sealed bytes are all in `sealed`
 * (an inline blob), decrypted synchronously: no reader, no stream. Only the frames the range
 * touches are opened, each only once its tag checked out, as readBlob does.
 */
export function openSealedBlob(dataKey: FrameKeySource, segment: Segment, sealed: Buffer, from: number, to: number): Buffer {
  const range = frameRange(dataKey, sealed.subarray(0, HEADER_SIZE), segment, from, to);
  const parts: Buffer[] = [];
  for (let i = range.first; i <= range.last; i++) parts.push(openFrameInRange(range, i, sealed, frameOffset(i, range.size)));
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
