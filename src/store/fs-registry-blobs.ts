// ECR blobs as files under the data directory, content-addressed and shared by every
// repository: `registry/blobs/sha256/<2 hex>/<64 hex>`. Uploads grow in `registry/uploads/<id>`
// (hashed as they arrive); completing one fsyncs it, checks the digest, renames it into place
// and fsyncs the directory, so a stored blob is whole and always matches its name.

import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteRange, RegistryBlobs } from '../engines/registry/registry-store.js';
import { syncDirectory } from './write-file-atomic.js';

const DIGEST = /^sha256:([a-f0-9]{64})$/;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

interface Running {
  readonly hash: Hash;
  size: number;
}

export class FsRegistryBlobs implements RegistryBlobs {
  private readonly uploads: string;
  private readonly blobs: string;
  private readonly running = new Map<string, Running>();
  private readonly knownDirs = new Set<string>();

  /** `root` is e.g. DataDir.resolve('registry'); created when first written. */
  constructor(root: string) {
    this.uploads = join(root, 'uploads');
    this.blobs = join(root, 'blobs', 'sha256');
  }

  private blobPath(digest: string): string {
    const match = DIGEST.exec(digest);
    if (!match) throw new RangeError(`not a sha256 digest: ${digest}`);
    const hex = match[1] as string;
    return join(this.blobs, hex.slice(0, 2), hex);
  }

  private uploadPath(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new RangeError(`not an upload id: ${uploadId}`);
    return join(this.uploads, uploadId);
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    this.knownDirs.add(dir);
  }

  async size(digest: string): Promise<number | null> {
    const found = await stat(this.blobPath(digest)).catch(() => null);
    return found ? found.size : null;
  }

  read(digest: string, range?: ByteRange): AsyncIterable<Buffer> {
    const options = { highWaterMark: 1024 * 1024, ...(range ? { start: range.start, end: range.end } : {}) };
    return createReadStream(this.blobPath(digest), options) as AsyncIterable<Buffer>;
  }

  async startUpload(uploadId: string): Promise<void> {
    await this.ensureDir(this.uploads);
    const handle = await open(this.uploadPath(uploadId), 'wx', FILE_MODE);
    await handle.close();
    this.running.set(uploadId, { hash: createHash('sha256'), size: 0 });
  }

  async uploadSize(uploadId: string): Promise<number | null> {
    const found = await stat(this.uploadPath(uploadId)).catch(() => null);
    return found ? found.size : null;
  }

  async append(uploadId: string, data: AsyncIterable<Uint8Array>): Promise<number> {
    const handle = await open(this.uploadPath(uploadId), 'a');
    try {
      let size = (await handle.stat()).size;
      // The running hash is only good while it has seen every byte (not after a restart).
      let state = this.running.get(uploadId);
      if (state && state.size !== size) {
        this.running.delete(uploadId);
        state = undefined;
      }
      for await (const chunk of data) {
        let offset = 0;
        while (offset < chunk.byteLength) offset += (await handle.write(chunk, offset, chunk.byteLength - offset)).bytesWritten;
        state?.hash.update(chunk);
        size += chunk.byteLength;
        if (state) state.size = size;
      }
      return size;
    } finally {
      await handle.close();
    }
  }

  private async hashFile(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
    return `sha256:${hash.digest('hex')}`;
  }

  async finishUpload(uploadId: string, expected: string | null) {
    const path = this.uploadPath(uploadId);
    const handle = await open(path, 'r+');
    let size: number;
    try {
      size = (await handle.stat()).size;
      await handle.sync();
    } finally {
      await handle.close();
    }
    const state = this.running.get(uploadId);
    this.running.delete(uploadId);
    const digest = state && state.size === size ? `sha256:${state.hash.digest('hex')}` : await this.hashFile(path);
    if (expected !== null && expected !== digest) {
      await rm(path, { force: true });
      return { ok: false as const, digest };
    }
    await this.place(path, digest);
    return { ok: true as const, digest, size };
  }

  /** Moves a complete, synced file to its digest's place (or drops it when the blob is there). */
  private async place(path: string, digest: string): Promise<void> {
    const target = this.blobPath(digest);
    if (await stat(target).catch(() => null)) {
      await rm(path, { force: true });
      return;
    }
    const dir = join(target, '..');
    await this.ensureDir(dir);
    await rename(path, target);
    await syncDirectory(dir);
  }

  async put(data: Buffer) {
    await this.ensureDir(this.uploads);
    const path = join(this.uploads, randomUUID());
    const handle = await open(path, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    await this.place(path, digest);
    return { digest, size: data.byteLength };
  }

  async abortUpload(uploadId: string): Promise<void> {
    this.running.delete(uploadId);
    await rm(this.uploadPath(uploadId), { force: true });
  }

  async delete(digest: string): Promise<void> {
    await rm(this.blobPath(digest), { force: true });
  }
}
