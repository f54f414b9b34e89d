// Frames at rest: sealing from pieces gives the same bytes as sealing the whole, a frame opens
// only at its own index and last flag and with its own key, and headers name sane frame sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  decodeHeader, encodeHeader, FRAME_SIZE, frameCount, frameKey, FrameSealing, frameOffset, HEADER_SIZE, newHeader, openFrame, TAG_SIZE,
  WRITE_FRAME_SIZE,
} from './frame-cipher.js';

const key = frameKey(randomBytes(32), randomBytes(16));

/** Seals a frame from pieces the way the writer does; returns the tag, the bytes are in `out`. */
function sealFrameInto(k: KeyObject, index: number, last: boolean, pieces: readonly Uint8Array[], out: Buffer[]): Buffer {
  const sealing = new FrameSealing(k, index, last, out);
  for (const piece of pieces) sealing.add(piece);
  return sealing.end();
}

const sealFrame = (k: KeyObject, index: number, last: boolean, plain: Uint8Array) => {
  const out: Buffer[] = [];
  sealFrameInto(k, index, last, [plain], out);
  return Buffer.concat(out);
};

test('frames: sealing pieces writes ciphertext pieces then the tag, the same bytes as sealing the joined plaintext', () => {
  const plain = randomBytes(100_000);
  const out: Buffer[] = [];
  const tag = sealFrameInto(key, 7, false, [plain.subarray(0, 1), plain.subarray(1, 65_536), plain.subarray(65_536)], out);
  assert.equal(out.at(-1), tag);
  assert.equal(tag.length, TAG_SIZE);
  const sealed = Buffer.concat(out);
  assert.equal(sealed.length, plain.length + TAG_SIZE);
  assert.deepEqual(sealed, sealFrame(key, 7, false, plain));
  assert.deepEqual(openFrame(key, 7, false, sealed), plain);
  assert.deepEqual(openFrame(key, 0, true, sealFrame(key, 0, true, Buffer.alloc(0))), Buffer.alloc(0));
});

/** What AES-GCM throws when a frame's tag does not match its bytes, index or flag. */
const AUTHENTICATION_FAILED = /unable to authenticate data/;

test('frames: a changed byte, another index, another last flag, another key or a cut frame does not open', () => {
  const plain = randomBytes(5000);
  const sealed = sealFrame(key, 3, true, plain);
  for (const at of [0, 4999, 5000, 5015]) {
    const changed = Buffer.from(sealed);
    changed[at] = (changed[at] as number) ^ 0x80;
    assert.throws(() => openFrame(key, 3, true, changed), AUTHENTICATION_FAILED, `byte ${at}`);
  }
  assert.throws(() => openFrame(key, 4, true, sealed), AUTHENTICATION_FAILED, 'moved');
  assert.throws(() => openFrame(key, 3, false, sealed), AUTHENTICATION_FAILED, 'no longer the last frame');
  assert.throws(() => openFrame(frameKey(randomBytes(32), randomBytes(16)), 3, true, sealed), AUTHENTICATION_FAILED, 'another key');
  assert.throws(() => openFrame(key, 3, true, sealed.subarray(0, sealed.length - 1)), AUTHENTICATION_FAILED, 'cut');
  assert.throws(() => openFrame(key, 3, true, sealed.subarray(0, TAG_SIZE - 1)), /truncated/);
});

test('frames: one data key, two salts, two frame keys (parts under one upload key never share a nonce stream)', () => {
  const dataKey = randomBytes(32);
  const sealed = sealFrame(frameKey(dataKey, Buffer.alloc(16, 1)), 0, true, Buffer.from('same plaintext'));
  assert.throws(() => openFrame(frameKey(dataKey, Buffer.alloc(16, 2)), 0, true, sealed));
  assert.equal(openFrame(frameKey(dataKey, Buffer.alloc(16, 1)), 0, true, sealed).toString(), 'same plaintext');
});

test('frames: headers round trip; new blobs use 1 MiB frames; a header naming an absurd frame size is refused', () => {
  const header = newHeader();
  assert.equal(header.frameSize, WRITE_FRAME_SIZE);
  assert.equal(WRITE_FRAME_SIZE, 1024 * 1024);
  const bytes = encodeHeader(header);
  assert.equal(bytes.length, HEADER_SIZE);
  assert.equal(bytes.subarray(0, 4).toString(), 'GSB1');
  assert.deepEqual(decodeHeader(bytes), header);
  assert.equal(decodeHeader(encodeHeader(newHeader(FRAME_SIZE))).frameSize, 64 * 1024);
  for (const size of [0, 16, 64 * 1024 * 1024]) {
    const bad = Buffer.from(bytes);
    bad.writeUInt32BE(size, 4);
    assert.throws(() => decodeHeader(bad), /frame size/);
  }
  assert.throws(() => decodeHeader(Buffer.concat([Buffer.from('GSB2'), bytes.subarray(4)])), /not an object blob/);
  assert.throws(() => newHeader(0), RangeError);
  assert.deepEqual([frameCount(0, FRAME_SIZE), frameCount(FRAME_SIZE, FRAME_SIZE), frameCount(FRAME_SIZE + 1, FRAME_SIZE)], [1, 1, 2]);
  assert.equal(frameOffset(2, FRAME_SIZE), HEADER_SIZE + 2 * (FRAME_SIZE + TAG_SIZE));
});

test('the frame key is HKDF-SHA256 of the data key, salted by the blob header', () => {
  for (let i = 0; i < 20; i++) {
    const dataKey = randomBytes(32);
    const salt = randomBytes(16);
    const expected = Buffer.from(hkdfSync('sha256', dataKey, salt, Buffer.from('gantry s3 object frames v1'), 32));
    assert.deepEqual(frameKey(dataKey, salt).export(), expected);
  }
});
