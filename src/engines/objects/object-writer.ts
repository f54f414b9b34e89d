// Streams a request body into a new blob: frames encrypted as they fill, MD5 and the
// additional checksum computed on the way, then checked before the blob is committed
// (fsync + rename). On any failure the temp file is removed and nothing is left behind.

import { createChecksum, type Checksum } from './checksums.js';
import { encodeHeader, frameKey, HEADER_SIZE, newHeader, sealFrame } from './frame-cipher.js';
import type { ChecksumAlgorithm } from './object-records.js';
import type { BlobStore } from './object-store.js';
import { badDigest, checksumMismatch, entityTooLarge, incompleteBody } from './s3-errors.js';

/** Largest single PUT (5 GiB). https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html */
export const MAX_PUT_SIZE = 5 * 1024 ** 3;
const WRITE_BATCH = 1024 * 1024;

export interface WriteChecks {
  /** Content-MD5, decoded. */
  readonly md5?: Buffer;
  /** The additional checksum to compute; `expected()` is read after the body ended (trailers). */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; expected(): string | undefined };
  /** Content-Length or x-amz-decoded-content-length, when the client declared one. */
  readonly length?: number;
}

export interface WrittenBlob {
  readonly blobId: string;
  readonly size: number;
  readonly md5: Buffer;
  /** base64 of the additional checksum, when one was asked for. */
  readonly checksum: string | null;
}

export async function writeBlob(blobs: BlobStore, dataKey: Buffer, body: AsyncIterable<Uint8Array>, checks: WriteChecks = {}): Promise<WrittenBlob> {
  const header = newHeader();
  const key = frameKey(dataKey, header.salt);
  const writer = await blobs.create();
  try {
    const md5 = createChecksum('MD5');
    const extra: Checksum | null = checks.checksum ? createChecksum(checks.checksum.algorithm) : null;
    const out: Buffer[] = [encodeHeader(header)];
    let outSize = HEADER_SIZE;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    let frame = 0;
    let size = 0;
    const flushFrames = async (final: boolean) => {
      while (pendingSize > header.frameSize || (final && (pendingSize > 0 || frame === 0))) {
        const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingSize);
        const take = Math.min(header.frameSize, all.length);
        const last = final && all.length <= header.frameSize;
        const sealed = sealFrame(key, frame++, last, all.subarray(0, take));
        out.push(sealed);
        outSize += sealed.length;
        pending = all.length > take ? [all.subarray(take)] : [];
        pendingSize = all.length - take;
        if (last) break;
      }
      if (outSize >= WRITE_BATCH || final) {
        for (const chunk of out) await writer.write(chunk);
        out.length = 0;
        outSize = 0;
      }
    };
    for await (const raw of body) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      if (chunk.length === 0) continue;
      size += chunk.length;
      if (size > MAX_PUT_SIZE) throw entityTooLarge();
      md5.update(chunk);
      extra?.update(chunk);
      pending.push(chunk);
      pendingSize += chunk.length;
      if (pendingSize > header.frameSize) await flushFrames(false);
    }
    if (checks.length !== undefined && size < checks.length) throw incompleteBody();
    const digest = md5.digest();
    if (checks.md5 && !checks.md5.equals(digest)) throw badDigest();
    const checksum = extra ? extra.digest().toString('base64') : null;
    const expected = checks.checksum?.expected();
    if (checks.checksum && expected !== undefined && expected !== checksum) throw checksumMismatch(checks.checksum.algorithm);
    await flushFrames(true);
    const blobId = await writer.commit();
    return { blobId, size, md5: digest, checksum };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
