// partNumber reads: part N of a multipart object is its Nth segment (bytes, offset, parts
// count); an object written whole is part 1 only; a part it lacks is 416 InvalidPartNumber;
// reading a part opens and decrypts that part's blob alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '../../store/fs-blob-store.js';
import { segmentedVersion as version } from '../../../test/support/object-engine-bed.js';
import type { Segment } from './object-records.js';
import { readSegments } from './object-reader.js';
import type { BlobStore } from './object-store.js';
import { writeBlob } from './object-writer.js';
import { partRange } from './part-ranges.js';
import { S3Error } from './s3-errors.js';

function assertInvalidPart(fn: () => unknown, requested: number, actual: number): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof S3Error);
    assert.deepEqual([error.code, error.status, error.message], ['InvalidPartNumber', 416, 'The requested partnumber is not satisfiable']);
    assert.deepEqual(error.fields, { PartNumberRequested: String(requested), ActualPartCount: String(actual) });
    return true;
  });
}

test('part N of a multipart object spans its Nth segment, with the parts count', () => {
  const record = version([{ blobId: 'a', size: 5 }, { blobId: 'b', size: 7 }, { blobId: 'c', size: 3 }], 3);
  assert.deepEqual(partRange(record, 1), { start: 0, end: 4, partsCount: 3 });
  assert.deepEqual(partRange(record, 2), { start: 5, end: 11, partsCount: 3 });
  assert.deepEqual(partRange(record, 3), { start: 12, end: 14, partsCount: 3 });
  assertInvalidPart(() => partRange(record, 4), 4, 3);
  assertInvalidPart(() => partRange(record, 10000), 10000, 3);
});

test('an object written whole is part 1 only, with no parts count; an empty one is an empty part 1', () => {
  const record = version([{ blobId: 'a', size: 10 }], null);
  assert.deepEqual(partRange(record, 1), { start: 0, end: 9, partsCount: null });
  assertInvalidPart(() => partRange(record, 2), 2, 1);
  assert.deepEqual(partRange(version([], null), 1), { start: 0, end: -1, partsCount: null });
});

test('reading a part opens and decrypts only that part\'s blob', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-parts-'));
  try {
    const files = new FsBlobStore(dir);
    const opened: string[] = [];
    // The file store, counting the blobs a read opens.
    const blobs: BlobStore = {
      create: () => files.create(),
      open: (id) => {
        opened.push(id);
        return files.open(id);
      },
      delete: (id) => files.delete(id),
      collectGarbage: (isReferenced) => files.collectGarbage(isReferenced),
      pathOf: (id) => files.pathOf(id),
    };
    const dataKey = randomBytes(32);
    const parts = [randomBytes(70_000), randomBytes(50_000), randomBytes(20_000)];
    const segments: Segment[] = [];
    for (const part of parts) {
      const written = await writeBlob(files, dataKey, (async function* () { yield part; })());
      segments.push({ blobId: written.blobId, size: written.size });
    }
    const record = version(segments, 3);
    for (const [i, part] of parts.entries()) {
      opened.length = 0;
      const { start, end } = partRange(record, i + 1);
      const chunks: Buffer[] = [];
      for await (const chunk of readSegments(blobs, dataKey, record.segments, start, end)) chunks.push(chunk);
      assert.ok(Buffer.concat(chunks).equals(part), `part ${i + 1}'s bytes`);
      assert.deepEqual(opened, [segments[i]?.blobId], `part ${i + 1} reads its own blob only`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

