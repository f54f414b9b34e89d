// Gantry's symmetric ciphertext blob. AWS documents it only as opaque, carrying metadata
// from which KMS finds the key (Decrypt's KeyId is optional for symmetric keys):
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
//   'G' 0x01 | u16 ARN length | key ARN | u32 material version | IV (12) | tag (16) | AES-256-GCM data
// The additional authenticated data is the header up to the IV plus the canonical encryption
// context (pairs sorted by key), so another context, or none, fails to decrypt.
// https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { BoundedMap } from '../../core/bounded-map.js';
import { randomBytesPooled } from '../../core/random-pool.js';

const MAGIC = 0x47;
const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionContext = Readonly<Record<string, string>>;

export interface ParsedCiphertext {
  readonly keyArn: string;
  readonly version: number;
  readonly header: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
  /** The whole ciphertext blob. */
  readonly bytes: Buffer;
}

/** The context as bytes that do not depend on the order the caller gave the pairs in. */
export function canonicalContext(context: EncryptionContext): Buffer {
  return Buffer.from(canonicalContextText(context), 'utf8');
}

function canonicalContextText(context: EncryptionContext): string {
  const pairs = Object.keys(context)
    .sort()
    .map((k) => [k, context[k] as string]);
  return JSON.stringify(pairs);
}

export function sealCiphertext(material: Buffer, keyArn: string, version: number, plaintext: Uint8Array, context: EncryptionContext): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const iv = randomBytesPooled(IV_BYTES);
  const header = Buffer.alloc(2 + 2 + arn.length + 4);
  header[0] = MAGIC;
  header[1] = FORMAT;
  header.writeUInt16BE(arn.length, 2);
  arn.copy(header, 4);
  header.writeUInt32BE(version, 4 + arn.length);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([header, iv, canonicalContext(context)]));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
}

/** Reads the header; null when the bytes are not a Gantry ciphertext. */
export function parseCiphertext(blob: Uint8Array): ParsedCiphertext | null {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < 4 || bytes[0] !== MAGIC || bytes[1] !== FORMAT) return null;
  const arnLength = bytes.readUInt16BE(2);
  const ivAt = 4 + arnLength + 4;
  if (bytes.length < ivAt + IV_BYTES + TAG_BYTES) return null;
  const keyArn = bytes.subarray(4, 4 + arnLength).toString('utf8');
  if (!/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(keyArn)) return null;
  return {
    keyArn,
    version: bytes.readUInt32BE(4 + arnLength),
    header: bytes.subarray(0, ivAt),
    iv: bytes.subarray(ivAt, ivAt + IV_BYTES),
    tag: bytes.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES),
    data: bytes.subarray(ivAt + IV_BYTES + TAG_BYTES),
    bytes,
  };
}

/** The plaintext, or null when the material, the context or the bytes do not match. */
export function openCiphertext(material: Buffer, parsed: ParsedCiphertext, context: EncryptionContext): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, parsed.iv);
    decipher.setAAD(Buffer.concat([parsed.header, parsed.iv, canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.data), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * openCiphertext with a memory of what it opened, for the ciphertexts services decrypt again
 * and again (an SSE-KMS object's data key, on every GET). A ciphertext is remembered by its
 * whole bytes, the canonical context and the material's id: the same three always open to the
 * same plaintext, so a hit skips only the AES-GCM work, never a check (the caller authorizes
 * and checks the key's state before it asks). At most `limit` entries, the oldest dropped
 * first; plaintexts stay in memory only, like unsealed key material (kms.materials).
 */
export class OpenedCiphertexts {
  private readonly entries: BoundedMap<string, Buffer>;

  constructor(limit: number) {
    this.entries = new BoundedMap(limit);
  }

  /** The plaintext (a copy the caller may change or zero), or null as openCiphertext answers. */
  open(material: Buffer, materialId: string, parsed: ParsedCiphertext, context: EncryptionContext): Buffer | null {
    // Neither a material id (hex) nor JSON (it escapes control characters) holds a NUL, so NUL
    // separates the parts unambiguously; the ciphertext comes last, as bytes (latin1: one char each).
    const id = `${materialId}\0${canonicalContextText(context)}\0${parsed.bytes.toString('latin1')}`;
    const known = this.entries.get(id);
    if (known) return Buffer.from(known);
    const plaintext = openCiphertext(material, parsed, context);
    if (!plaintext) return null;
    this.entries.set(id, Buffer.from(plaintext));
    return plaintext;
  }
}
