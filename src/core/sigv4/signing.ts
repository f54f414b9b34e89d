// SigV4 hashing, signing-key derivation (cached), string to sign, signature and constant-time comparison.
// Implements "Create a signed AWS API request" steps 2-5 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { digestText } from '../digests.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const TERMINATOR = 'aws4_request';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';

export function sha256Hex(data: string | Uint8Array): string {
  return digestText('sha256', data, 'hex');
}

export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string; // each line ends with \n
  signedHeaders: string; // `a;b;c`
  payloadHash: string;
}

export function buildCanonicalRequest(p: CanonicalRequestParts): string {
  return [p.method, p.canonicalUri, p.canonicalQuery, p.canonicalHeaders, p.signedHeaders, p.payloadHash].join('\n');
}

/** `<yyyymmdd>/<region>/<service>/aws4_request` */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/${TERMINATOR}`;
}

export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}

const KEY_CACHE_LIMIT = 1024;
const keyCache = new Map<string, Buffer>();

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
 * Derived keys are cached per (secret, date, region, service); the cache key holds a hash of the secret, not the secret.
 */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${sha256Hex(secretAccessKey)}/${date}/${region}/${service}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const kDate = hmac('AWS4' + secretAccessKey, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, TERMINATOR);
  if (keyCache.size >= KEY_CACHE_LIMIT) {
    const oldest = keyCache.keys().next();
    if (!oldest.done) keyCache.delete(oldest.value);
  }
  keyCache.set(cacheKey, kSigning);
  return kSigning;
}

/** Number of cached signing keys (for tests). */
export function signingKeyCacheSize(): number {
  return keyCache.size;
}

export function signatureHex(signingKey: Uint8Array, stringToSign: string): string {
  return hmac(signingKey, stringToSign).toString('hex');
}

/** Constant-time comparison of two signatures; different lengths compare unequal without leaking where. */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
