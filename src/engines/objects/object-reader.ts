// Streams plaintext back out of an object's blobs: only the frames a range touches are
// read and decrypted, a batch at a time, so memory stays bounded for any object size.

import { decodeHeader, frameCount, frameKey, frameOffset, HEADER_SIZE, openFrame, TAG_SIZE } from './frame-cipher.js';
import type { Segment } from './object-records.js';
import type { BlobStore } from './object-store.js';

const FRAMES_PER_READ = 16;

/** Bytes [start, end] (inclusive) of the concatenated segments. `release` runs when the stream ends or is abandoned. */
export async function* readSegments(
  blobs: BlobStore, dataKey: Buffer, segments: readonly Segment[], start: number, end: number, release: () => void = () => undefined,
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

async function* readBlob(blobs: BlobStore, dataKey: Buffer, segment: Segment, from: number, to: number): AsyncGenerator<Buffer> {
  const reader = await blobs.open(segment.blobId);
  try {
    const header = decodeHeader(await reader.read(0, HEADER_SIZE));
    const key = frameKey(dataKey, header.salt);
    const size = header.frameSize;
    const frames = frameCount(segment.size, size);
    const first = Math.floor(from / size);
    const last = Math.floor(to / size);
    for (let batch = first; batch <= last; batch += FRAMES_PER_READ) {
      const upto = Math.min(last, batch + FRAMES_PER_READ - 1);
      const lastLength = Math.min(size, segment.size - upto * size) + TAG_SIZE;
      const length = (upto - batch) * (size + TAG_SIZE) + lastLength;
      const bytes = await reader.read(frameOffset(batch, size), length);
      if (bytes.length < length) throw new Error(`object blob ${segment.blobId} is truncated`);
      for (let i = batch; i <= upto; i++) {
        const at = (i - batch) * (size + TAG_SIZE);
        const plainLength = Math.min(size, segment.size - i * size);
        const plain = openFrame(key, i, i === frames - 1, bytes.subarray(at, at + plainLength + TAG_SIZE));
        const lo = i === first ? from - i * size : 0;
        const hi = i === last ? to - i * size + 1 : plain.length;
        yield lo === 0 && hi === plain.length ? plain : plain.subarray(lo, hi);
      }
    }
  } finally {
    await reader.close();
  }
}
