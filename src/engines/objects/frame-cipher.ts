// Object bytes at rest: AES-256-GCM over fixed-size frames. Each blob starts with a header
// (magic, frame size, salt); its frame key is HKDF(data key, salt), so one data key can
// seal many blobs (multipart parts) without reusing a nonce. Frame i uses nonce = i and
// authenticates (i, last?) so frames cannot be reordered, dropped or truncated. The frame
// size is per blob (in its header): new blobs use 1 MiB frames; blobs of 64 KiB frames (the
// first format) stay readable. See docs/decisions/0005-s3-objects.md.

import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type CipherGCM, type DecipherGCM, type KeyObject } from 'node:crypto';
import { randomBytesPooled } from '../../core/random-pool.js';

/** Frame size of the first blob format, still read; an object of up to this size is one frame either way. */
export const FRAME_SIZE = 64 * 1024;
/**
 * Frame size of blobs written now. Each frame costs a cipher set-up (a few microseconds) and a
 * read or write call: at 1 MiB that is about 1 % of the frame's own work, at 64 KiB it was
 * 10-20 %. A range read decrypts at most this much beyond what it asked for, at each end.
 */
export const WRITE_FRAME_SIZE = 1024 * 1024;
/** Frame sizes a header may name (blobs of the first format used 64 KiB). */
const MIN_FRAME_SIZE = 1024;
const MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const TAG_SIZE = 16;
export const HEADER_SIZE = 24;
const MAGIC = Buffer.from('GSB1');
const INFO = Buffer.from('gantry s3 object frames v1');
const INFO_BLOCK = Buffer.concat([INFO, Buffer.from([1])]);

export interface FrameHeader {
  readonly frameSize: number;
  readonly salt: Buffer;
}

export function newHeader(frameSize: number = WRITE_FRAME_SIZE): FrameHeader {
  if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) throw new RangeError(`frame size ${frameSize} out of range`);
  return { frameSize, salt: randomBytesPooled(16) };
}

export function encodeHeader(header: FrameHeader): Buffer {
  const out = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(out, 0);
  out.writeUInt32BE(header.frameSize, 4);
  header.salt.copy(out, 8);
  return out;
}

export function decodeHeader(bytes: Buffer): FrameHeader {
  if (bytes.length < HEADER_SIZE || !bytes.subarray(0, 4).equals(MAGIC)) throw new Error('not an object blob');
  const frameSize = bytes.readUInt32BE(4);
  if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) throw new Error(`object blob names a frame size of ${frameSize} bytes`);
  return { frameSize, salt: Buffer.from(bytes.subarray(8, 24)) };
}

/** The blob's frame key, as a KeyObject: each frame's cipher then skips importing raw key bytes. */
/**
 * HKDF-SHA256 (RFC 5869) for one 32-byte block: PRK = HMAC(salt, key), OKM = HMAC(PRK, info || 0x01).
 * The same bytes as hkdfSync('sha256', key, salt, INFO, 32) (a test checks), in two HMACs
 * instead of hkdfSync's ~9 µs of set-up, on every object read and written.
 */
export function frameKey(dataKey: Buffer, salt: Buffer): KeyObject {
  const prk = createHmac('sha256', salt).update(dataKey).digest();
  return createSecretKey(createHmac('sha256', prk).update(INFO_BLOCK).digest());
}

// Nonce and AAD scratch space: createCipheriv copies the nonce and setAAD consumes the AAD at
// once, so one buffer each serves every frame (all of this runs synchronously).
const NONCE = Buffer.alloc(12);
const AAD = Buffer.alloc(9);

function writeIndex(target: Buffer, at: number, index: number): void {
  target.writeUInt32BE(Math.floor(index / 0x1_0000_0000), at);
  target.writeUInt32BE(index >>> 0, at + 4);
}

/** The AES-256-GCM cipher (or decipher) of frame `index`: nonce = index, AAD = (index, last?). */
function frameCipher<T extends CipherGCM | DecipherGCM>(make: (nonce: Buffer) => T, index: number, last: boolean): T {
  writeIndex(NONCE, 4, index);
  const cipher = make(NONCE);
  writeIndex(AAD, 0, index);
  AAD[8] = last ? 1 : 0;
  cipher.setAAD(AAD);
  return cipher;
}

/**
 * A frame being sealed piece by piece (its index and last flag are fixed when it starts, since
 * they are authenticated first): `add` appends each piece's ciphertext to `out`, `end` appends
 * the tag and returns it. Together, `out` then holds the frame's bytes on disk, in order.
 */
export class FrameSealing {
  private readonly cipher: CipherGCM;

  constructor(key: KeyObject, index: number, last: boolean, private readonly out: Buffer[]) {
    this.cipher = frameCipher((nonce) => createCipheriv('aes-256-gcm', key, nonce), index, last);
  }

  add(piece: Uint8Array): void {
    const sealed = this.cipher.update(piece);
    if (sealed.length > 0) this.out.push(sealed);
  }

  end(): Buffer {
    const rest = this.cipher.final();
    if (rest.length > 0) this.out.push(rest);
    const tag = this.cipher.getAuthTag();
    this.out.push(tag);
    return tag;
  }
}

/** Plaintext of one frame (ciphertext then tag); throws when it was altered, moved or cut. */
export function openFrame(key: KeyObject, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_SIZE) throw new Error(`object blob frame ${index} is truncated`);
  const decipher = frameCipher((nonce) => createDecipheriv('aes-256-gcm', key, nonce), index, last);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  // GCM is a stream mode: update returned every byte, and final only checks the tag (it throws
  // on a mismatch), so the plaintext is used as it is, never copied.
  const rest = decipher.final();
  return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
}

/** Number of frames for `size` plaintext bytes (an empty blob still has one, empty, final frame). */
export function frameCount(size: number, frameSize: number): number {
  return Math.max(1, Math.ceil(size / frameSize));
}

/** File offset of frame `index`. */
export function frameOffset(index: number, frameSize: number): number {
  return HEADER_SIZE + index * (frameSize + TAG_SIZE);
}
