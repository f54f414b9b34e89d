// Object bytes as files under the data directory: `objects/<2 hex>/<blob id>`, written as a
// temp file in `objects/.tmp`, fsynced, renamed into place and the directory fsynced, so a
// committed blob is whole on disk and a crash leaves at most a temp file (swept at start).

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobReader, BlobStore, BlobWriter } from '../engines/objects/object-store.js';
import { syncDirectorySync } from './write-file-atomic.js';

const BLOB_ID = /^[0-9a-f]{32}$/;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export class FsBlobStore implements BlobStore {
  private readonly temp: string;
  private readonly knownDirs = new Set<string>();
  private readonly createdHere = new Set<string>();

  /** `root` is e.g. DataDir.resolve('objects'); it is created if missing. */
  constructor(private readonly root: string) {
    this.temp = join(root, '.tmp');
  }

  pathOf(blobId: string): string {
    if (!BLOB_ID.test(blobId)) throw new RangeError(`not a blob id: ${blobId}`);
    return join(this.root, blobId.slice(0, 2), blobId);
  }

  private async ensureDir(dir: string, parent: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
    if (created !== undefined) syncDirectorySync(parent);
    this.knownDirs.add(dir);
  }

  async create(): Promise<BlobWriter> {
    await this.ensureDir(this.root, join(this.root, '..'));
    await this.ensureDir(this.temp, this.root);
    const blobId = randomBytes(16).toString('hex');
    this.createdHere.add(blobId);
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
      commit: async () => {
        if (!handle) throw new Error('blob writer is closed');
        await handle.sync();
        await closeQuietly();
        const dir = join(this.root, blobId.slice(0, 2));
        await this.ensureDir(dir, this.root);
        await rename(tempPath, join(dir, blobId));
        syncDirectorySync(dir);
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
    return {
      read: async (position, length) => {
        const buffer = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === length ? buffer : buffer.subarray(0, filled);
      },
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
    return removed;
  }
}
