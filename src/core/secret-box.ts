// Seals secrets (access-key secrets, later KMS key material) under a 256-bit master key
// with AES-256-GCM before anything is stored: `v1.<iv>.<tag>.<ciphertext>` in base64url.

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBytesPooled } from './random-pool.js';

export interface SecretBox {
  seal(plaintext: string | Uint8Array, associatedData?: string): string;
  open(sealed: string, associatedData?: string): string;
  openBytes(sealed: string, associatedData?: string): Buffer;
}

export function secretBox(masterKey: Uint8Array): SecretBox {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  const key = Buffer.from(masterKey);
  const openBytes = (sealed: string, associatedData = ''): Buffer => {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  };
  return {
    seal(plaintext, associatedData = '') {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const data = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
    },
    open: (sealed, associatedData) => openBytes(sealed, associatedData).toString('utf8'),
    openBytes,
  };
}
