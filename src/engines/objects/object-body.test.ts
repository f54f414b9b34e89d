// The GET read path: a small (inline) object is read and decrypted at once into a Buffer,
// ranges included, with tampering still detected; files and several segments stay streams;
// remembered data and frame keys never skip KMS's authorization or key state checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import { callAs } from '../../../test/support/kms-fixture.js';
import { ACCOUNT, objectEngineBed, once, ROOT, SSE_S3, type ObjectEngineBed } from '../../../test/support/object-engine-bed.js';
import { createKey, disableKey, enableKey } from '../kms/keys.js';
import type { Requester, SseChoice } from './data-keys.js';
import type { ObjectVersionRecord } from './object-records.js';
import { openSealedBlob, readSegments } from './object-reader.js';
import { writeBlob } from './object-writer.js';
import { objectBody, objectStream } from './objects.js';
import { INLINE_BLOB_LIMIT, isInlineBlobId } from './tiered-blob-store.js';

type Fixture = ObjectEngineBed;

/** Runs `body` with a fresh fixture, closed afterwards. */
async function withFixture(body: (f: Fixture) => Promise<void>): Promise<void> {
  const f = objectEngineBed('body-bucket');
  try {
    await body(f);
  } finally {
    f.close();
  }
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** A requester that counts its kms:Decrypt checks and refuses them while `deny` is set. */
function countingRequester(root: ReturnType<typeof callAs>): Requester & { decrypts: number; deny: boolean } {
  const requester = {
    account: ACCOUNT,
    arn: ROOT,
    decrypts: 0,
    deny: false,
    authorize: (check: Parameters<Requester['authorize']>[0]) => {
      if (check.action === 'kms:Decrypt') {
        requester.decrypts++;
        if (requester.deny) throw new Error('denied kms:Decrypt');
      }
      return root.authorize(check);
    },
  };
  return requester;
}

/** What AES-GCM throws when a frame's tag does not match its bytes. */
const AUTHENTICATION_FAILED = /unable to authenticate data/;

function kmsError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.equal(error.code, code);
    return true;
  };
}

test('an inline object comes back whole as a Buffer, any range of it too, the same bytes as the stream', () => withFixture(async (f) => {
  const data = randomBytes(4096);
  const record = await f.put('small', data);
  assert.ok(isInlineBlobId(record.segments[0]?.blobId ?? ''));
  const { requester } = f;
  for (const [start, end] of [[0, 4095], [0, 0], [5, 9], [4095, 4095], [100, 4000]] as const) {
    for (let round = 0; round < 2; round++) {
      const body = objectBody(f.ctx, requester, record, start, end);
      assert.ok(Buffer.isBuffer(body), 'read at once');
      assert.ok(body.equals(data.subarray(start, end + 1)), `${start}-${end}, round ${round}`);
      assert.ok((await collect(objectStream(f.ctx, requester, record, start, end).stream)).equals(body));
    }
  }
}));

test('an inline blob of several frames opens at once for any range, as the stream reads it', () => withFixture(async (f) => {
  const key = randomBytes(32);
  const data = randomBytes(5000);
  const written = await writeBlob(f.ctx.blobs, key, once(data), {}, { frameSize: 1024 });
  assert.ok(isInlineBlobId(written.blobId));
  const segment = { blobId: written.blobId, size: data.length };
  const sealed = f.ctx.blobs.readSealed?.(written.blobId);
  assert.ok(sealed);
  for (const [start, end] of [[0, 4999], [1023, 1024], [10, 20], [1000, 4100], [4096, 4999], [4999, 4999]] as const) {
    const whole = openSealedBlob(key, segment, sealed, start, end);
    assert.ok(whole.equals(data.subarray(start, end + 1)), `${start}-${end}`);
    assert.ok((await collect(readSegments(f.ctx.blobs, key, [segment], start, end))).equals(whole));
  }
  assert.throws(() => openSealedBlob(randomBytes(32), segment, sealed, 0, 10), AUTHENTICATION_FAILED, 'another key');
  assert.throws(() => openSealedBlob(key, segment, sealed.subarray(0, sealed.length - 1), 4990, 4999), /truncated/);
}));

test('changed inline bytes fail the read, also once the object was read (its keys remembered)', () => withFixture(async (f) => {
  const { requester } = f;
  const data = randomBytes(4096);
  const unread = await f.put('unread', data);
  const row = Number.parseInt((unread.segments[0]?.blobId as string).slice(1), 16);
  const changed = Buffer.from(f.db.prepare('SELECT bytes FROM s3_inline_blobs WHERE id = ?').get(row)?.['bytes'] as Buffer);
  changed[100] = (changed[100] as number) ^ 1;
  f.db.prepare('UPDATE s3_inline_blobs SET bytes = ? WHERE id = ?').run(changed, row);
  assert.throws(() => objectBody(f.ctx, requester, unread, 0, 4095), AUTHENTICATION_FAILED, 'a changed byte');
  assert.throws(() => objectBody(f.ctx, requester, unread, 4000, 4001), AUTHENTICATION_FAILED, 'a changed byte outside the range asked for');

  const read = await f.put('read', data);
  assert.ok((objectBody(f.ctx, requester, read, 0, 4095) as Buffer).equals(data));
  // The store keeps the row it read in memory, as stored: change the tag there.
  const kept = f.ctx.blobs.readSealed?.(read.segments[0]?.blobId as string) as Buffer;
  kept[kept.length - 1] = (kept[kept.length - 1] as number) ^ 1;
  assert.throws(() => objectBody(f.ctx, requester, read, 0, 4095), AUTHENTICATION_FAILED, 'a changed tag');
}));

test('files and objects of several segments stay streams', () => withFixture(async (f) => {
  const { requester } = f;
  const large = randomBytes(INLINE_BLOB_LIMIT + 1000);
  const record = await f.put('large', large);
  const body = objectBody(f.ctx, requester, record, 10, large.length - 1);
  assert.ok(!Buffer.isBuffer(body), 'a file is streamed');
  assert.ok((await collect(body)).equals(large.subarray(10)));
  // Two segments sealed with one data key, as a completed multipart upload is.
  const { dataKey, encryption } = f.ctx.keys.newKey(requester, SSE_S3, { ...f.bucket, owner: ACCOUNT }, 'parts');
  const parts = [randomBytes(3000), randomBytes(2000)];
  const segments = [];
  for (const part of parts) {
    const written = await writeBlob(f.ctx.blobs, dataKey, once(part));
    f.ctx.store.transaction(() => f.ctx.store.addBlob(written.blobId));
    segments.push({ blobId: written.blobId, size: written.size });
  }
  const multipart: ObjectVersionRecord = { ...record, key: 'parts', size: 5000, segments, encryption, partsCount: 2 };
  const both = objectBody(f.ctx, requester, multipart, 2990, 3010);
  assert.ok(!Buffer.isBuffer(both), 'several segments are streamed');
  assert.ok((await collect(both)).equals(Buffer.concat(parts).subarray(2990, 3011)));
}));

test('SSE-KMS: every read asks KMS for kms:Decrypt as the caller; a refusal or a disabled key fails reads whose keys were remembered', () => withFixture(async (f) => {
  const key = createKey(f.kms.context, f.root, {}, f.root.decide);
  const sse: SseChoice = { algorithm: 'aws:kms', kmsKeyId: key.arn, bucketKeyEnabled: false, context: {} };
  const data = randomBytes(4096);
  const record = await f.put('kms', data, sse);
  const requester = countingRequester(f.root);
  for (let i = 1; i <= 3; i++) {
    assert.ok((objectBody(f.ctx, requester, record, 0, 4095) as Buffer).equals(data));
    assert.equal(requester.decrypts, i, 'authorized on every read');
  }
  requester.deny = true;
  assert.throws(() => objectBody(f.ctx, requester, record, 0, 4095), /denied kms:Decrypt/);
  assert.throws(() => objectStream(f.ctx, requester, record, 0, 4095), /denied kms:Decrypt/);
  requester.deny = false;
  disableKey(f.kms.context, f.root, key.arn);
  assert.throws(() => objectBody(f.ctx, requester, record, 0, 4095), kmsError('KMS.DisabledException'));
  assert.throws(() => objectBody(f.ctx, requester, record, 100, 200), kmsError('KMS.DisabledException'));
  enableKey(f.kms.context, f.root, key.arn);
  assert.ok((objectBody(f.ctx, requester, record, 100, 200) as Buffer).equals(data.subarray(100, 201)));
  // A record whose encryption context was changed no longer opens, though its data key was opened before.
  const moved = { ...record, encryption: { ...record.encryption!, context: { 'aws:s3:arn': 'arn:aws:s3:::body-bucket/other' } } };
  assert.throws(() => objectBody(f.ctx, requester, moved, 0, 4095), kmsError('KMS.InvalidCiphertextException'));
}));

test('SSE-S3: a sealed data key that does not open fails the read before any byte, remembered keys or not', () => withFixture(async (f) => {
  const { requester } = f;
  const data = randomBytes(100);
  const record = await f.put('s3', data);
  assert.ok((objectBody(f.ctx, requester, record, 0, 99) as Buffer).equals(data));
  // One bit of the sealed key's ciphertext flipped (`v1.<iv>.<tag>.<ciphertext>`, base64url).
  const [version, iv, tag, ciphertext] = record.encryption!.sealedKey.split('.');
  const flipped = Buffer.from(ciphertext as string, 'base64url');
  flipped[0] = (flipped[0] as number) ^ 1;
  const broken = { ...record, encryption: { ...record.encryption!, sealedKey: [version, iv, tag, flipped.toString('base64url')].join('.') } };
  assert.throws(() => objectBody(f.ctx, requester, broken, 0, 99), AUTHENTICATION_FAILED);
  assert.throws(() => objectStream(f.ctx, requester, broken, 0, 99), AUTHENTICATION_FAILED);
}));
