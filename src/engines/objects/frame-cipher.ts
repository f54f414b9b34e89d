// Object bytes at rest: AES-256-GCM over fixed-size frames. Each blob starts with a header
// (magic, frame size, salt); its frame key is HKDF(data key, salt), so one data key can
// seal many blobs (multipart parts) without reusing a nonce. Frame i uses nonce = i and
// authenticates (i, last?) so frames cannot be reordered, dropped or truncated.
// See docs/decisions/0005-s3-objects.md.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const FRAME_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const HEADER_SIZE = 24;
const MAGIC = Buffer.from('GSB1');
const INFO = Buffer.from('gantry s3 object frames v1');

export interface FrameHeader {
  readonly frameSize: number;
  readonly salt: Buffer;
}

export function newHeader(): FrameHeader {
  return { frameSize: FRAME_SIZE, salt: randomBytes(16) };
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
  return { frameSize: bytes.readUInt32BE(4), salt: Buffer.from(bytes.subarray(8, 24)) };
}

export function frameKey(dataKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, salt, INFO, 32));
}

function nonceAndAad(index: number, last: boolean): { nonce: Buffer; aad: Buffer } {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  const aad = Buffer.alloc(9);
  aad.writeBigUInt64BE(BigInt(index), 0);
  aad[8] = last ? 1 : 0;
  return { nonce, aad };
}

/** Ciphertext and tag of one frame. */
export function sealFrame(key: Buffer, index: number, last: boolean, plaintext: Buffer): Buffer {
  const { nonce, aad } = nonceAndAad(index, last);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Plaintext of one frame; throws when it was altered, moved or cut. */
export function openFrame(key: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_SIZE) throw new Error(`object blob frame ${index} is truncated`);
  const { nonce, aad } = nonceAndAad(index, last);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE)), decipher.final()]);
}

/** Number of frames for `size` plaintext bytes (an empty blob still has one, empty, final frame). */
export function frameCount(size: number, frameSize: number): number {
  return Math.max(1, Math.ceil(size / frameSize));
}

/** File offset of frame `index`. */
export function frameOffset(index: number, frameSize: number): number {
  return HEADER_SIZE + index * (frameSize + TAG_SIZE);
}
