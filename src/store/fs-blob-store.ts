// Object bytes as files under the data directory: `objects/<2 hex>/<blob id>`, written as a
// temp file in `objects/.tmp`, fsynced, renamed into place and the directory fsynced, so a
// committed blob is whole on disk and a crash leaves at most a temp file (swept at start).
// Writes may be gathered (writev) and reads may fill the caller's buffer, so that streaming a
// large object neither copies its frames together nor allocates a buffer per read. Directory
// fsyncs are asynchronous: they run on the thread pool, never blocking the event loop.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobReader, BlobStore, BlobWriter } from '../engines/objects/object-store.js';
import { syncDirectory } from './write-file-atomic.js';

const BLOB_ID = /^[0-9a-f]{32}$/;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export class FsBlobStore implements BlobStore {
  private readonly temp: string;
  /** Directories made (or found) and made durable; every caller of ensureDir waits for the same promise. */
  private readonly dirs = new Map<string, Promise<void>>();
  /** Blobs written before the first collection ended: possibly about to be referenced, so spared. */
  private readonly createdHere = new Set<string>();
  /** After the start-up collection the set is no longer needed (and would grow with every blob). */
  private swept = false;

  /** `root` is e.g. DataDir.resolve('objects'); it is created if missing. */
  constructor(private readonly root: string) {
    this.temp = join(root, '.tmp');
  }

  pathOf(blobId: string): string {
    if (!BLOB_ID.test(blobId)) throw new RangeError(`not a blob id: ${blobId}`);
    return join(this.root, blobId.slice(0, 2), blobId);
  }

  /** A directory that exists and whose entry is durable (its parent fsynced when it was made). */
  private ensureDir(dir: string, parent: string): Promise<void> {
    let ready = this.dirs.get(dir);
    if (!ready) {
      ready = (async () => {
        const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
        if (created !== undefined) await syncDirectory(parent);
      })();
      this.dirs.set(dir, ready);
      ready.catch(() => this.dirs.delete(dir));
    }
    return ready;
  }

  async create(): Promise<BlobWriter> {
    await this.ensureDir(this.root, join(this.root, '..'));
    await this.ensureDir(this.temp, this.root);
    const blobId = randomBytes(16).toString('hex');
    if (!this.swept) this.createdHere.add(blobId);
    const tempPath = join(this.temp, blobId);
    let handle: FileHandle | null = await open(tempPath, 'wx', FILE_MODE);
    const closeQuietly = async () => {
      const h = handle;
      handle = null;
      await h?.close().catch(() => undefined);
    };
    return {
      blobId,
      write: async (chunk) => {
        if (!handle) throw new Error('blob writer is closed');
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      },
      writev: async (chunks) => {
        if (!handle) throw new Error('blob writer is closed');
        let pending: readonly Uint8Array[] = chunks;
        let left = pending.reduce((n, c) => n + c.byteLength, 0);
        while (left > 0) {
          const { bytesWritten } = await handle.writev(pending);
          left -= bytesWritten;
          if (left > 0) pending = unwritten(pending, bytesWritten);
        }
      },
      commit: async () => {
        if (!handle) throw new Error('blob writer is closed');
        await handle.sync();
        await closeQuietly();
        const dir = join(this.root, blobId.slice(0, 2));
        await this.ensureDir(dir, this.root);
        await rename(tempPath, join(dir, blobId));
        await syncDirectory(dir);
        return blobId;
      },
      abort: async () => {
        await closeQuietly();
        await rm(tempPath, { force: true });
      },
    };
  }

  async open(blobId: string): Promise<BlobReader> {
    const handle = await open(this.pathOf(blobId), 'r');
    const readInto = async (target: Buffer, position: number): Promise<number> => {
      let filled = 0;
      while (filled < target.length) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    };
    return {
      read: async (position, length) => {
        const buffer = Buffer.allocUnsafe(length);
        const filled = await readInto(buffer, position);
        return filled === length ? buffer : buffer.subarray(0, filled);
      },
      readInto,
      close: () => handle.close(),
    };
  }

  async delete(blobId: string): Promise<void> {
    await rm(this.pathOf(blobId), { force: true });
  }

  async collectGarbage(isReferenced: (blobId: string) => boolean): Promise<number> {
    let removed = 0;
    const remove = async (path: string) => {
      await rm(path, { force: true });
      removed++;
    };
    for (const name of await readdir(this.temp).catch(() => [])) {
      if (!this.createdHere.has(name)) await remove(join(this.temp, name));
    }
    const dirs = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const dir of dirs) {
      if (!dir.isDirectory() || !/^[0-9a-f]{2}$/.test(dir.name)) continue;
      for (const name of await readdir(join(this.root, dir.name))) {
        if (BLOB_ID.test(name) && !this.createdHere.has(name) && !isReferenced(name)) await remove(join(this.root, dir.name, name));
      }
    }
    this.swept = true;
    this.createdHere.clear();
    return removed;
  }
}

/** The chunks left once the first `skip` bytes were written (after a short gathered write). */
function unwritten(chunks: readonly Uint8Array[], skip: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}
