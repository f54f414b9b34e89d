// The data directory: created with mode 0700, and the one place that turns relative names
// into paths inside it (refusing any that would escape).

import { mkdirSync, chmodSync, statSync } from 'node:fs';
import { mkdir, chmod, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync, type WriteFileAtomicOptions } from './write-file-atomic.js';

export const DATA_DIR_MODE = 0o700;

function notADirectory(root: string): Error {
  return Object.assign(new Error(`data directory ${root} exists and is not a directory`), { code: 'ENOTDIR' });
}

export class DataDir {
  private constructor(
    /** Absolute path of the directory. */
    readonly root: string,
  ) {}

  /**
   * Opens `root`, creating it (and missing parents) with mode 0700. An existing directory
   * keeps its mode: an operator who loosened it on purpose is not overruled.
   */
  static async open(root: string): Promise<DataDir> {
    const absolute = resolve(root);
    const created = await mkdir(absolute, { recursive: true, mode: DATA_DIR_MODE }).catch(async (err: unknown) => {
      if ((err as { code?: unknown }).code === 'EEXIST' && !(await stat(absolute)).isDirectory()) throw notADirectory(absolute);
      throw err;
    });
    if (created !== undefined) await chmod(absolute, DATA_DIR_MODE); // the umask may have cut bits
    return new DataDir(absolute);
  }

  /** The synchronous form of `open`. */
  static openSync(root: string): DataDir {
    const absolute = resolve(root);
    let created: string | undefined;
    try {
      created = mkdirSync(absolute, { recursive: true, mode: DATA_DIR_MODE });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'EEXIST' && !statSync(absolute).isDirectory()) throw notADirectory(absolute);
      throw err;
    }
    if (created !== undefined) chmodSync(absolute, DATA_DIR_MODE);
    return new DataDir(absolute);
  }

  /** The absolute path of `segments` inside the directory; a RangeError if it would escape. */
  resolve(...segments: string[]): string {
    for (const segment of segments) {
      if (isAbsolute(segment)) throw new RangeError(`data directory paths are relative: ${segment}`);
    }
    const full = resolve(this.root, ...segments);
    const rel = relative(this.root, full);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new RangeError(`path escapes the data directory: ${segments.join('/')}`);
    }
    return full;
  }

  /** Creates a subdirectory (and parents) with mode 0700 if missing; returns its path. */
  async ensureDir(...segments: string[]): Promise<string> {
    const path = this.resolve(...segments);
    const created = await mkdir(path, { recursive: true, mode: DATA_DIR_MODE });
    if (created !== undefined) await chmod(path, DATA_DIR_MODE);
    return path;
  }

  /** writeFileAtomic on a path inside the directory (mode 0600 unless told); returns the path. */
  async writeFileAtomic(relativePath: string, data: string | Uint8Array, options?: WriteFileAtomicOptions): Promise<string> {
    const path = this.resolve(relativePath);
    await writeFileAtomic(path, data, options);
    return path;
  }

  /** The synchronous form of `writeFileAtomic`. */
  writeFileAtomicSync(relativePath: string, data: string | Uint8Array, options?: WriteFileAtomicOptions): string {
    const path = this.resolve(relativePath);
    writeFileAtomicSync(path, data, options);
    return path;
  }
}
