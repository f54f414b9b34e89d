// Reading S3 inputs: decoded members, content headers, tags, and the encryption a write asks for.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html

import type { SseChoice } from '../../engines/objects/data-keys.js';
import type { BucketRecord, ContentHeaders, SseAlgorithm, Tag } from '../../engines/objects/object-records.js';
import { invalidArgument, invalidPartNumberArgument, invalidRequest, malformedXml } from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';
import { checkTaggingHeader, checkTags, type TagTarget } from './s3-tags.js';
import { userMetadata } from './user-metadata.js';

export function str(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw invalidRequest(`Missing required parameter ${name}.`);
  return value;
}

export function optStr(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

export function optNum(input: Input, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

/**
 * A part listing's max-parts and part-number-marker (ListParts, GetObjectAttributes): whole
 * numbers from 0 up. [INFER] AWS's text for a negative value; the codec already refused text
 * that is no integer.
 */
export function listArgument(input: Input, member: string, wire: string): number | undefined {
  const n = optNum(input, member);
  if (n !== undefined && (n < 0 || n > 2147483647)) {
    throw invalidArgument(`Argument ${wire} must be an integer between 0 and 2147483647`, wire, String(n));
  }
  return n;
}

/**
 * GetObject/HeadObject's partNumber: an integer 1..10000, else 400 InvalidArgument. (A value
 * that is no integer at all is refused as it is decoded: s3DecodeError.)
 */
export function optPartNumber(input: Input): number | undefined {
  const value = optNum(input, 'PartNumber');
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 10000) {
    throw invalidPartNumberArgument(String(value));
  }
  return value;
}

export function optDate(input: Input, name: string): Date | undefined {
  const value = input[name];
  return value instanceof Date ? value : undefined;
}

export function optBool(input: Input, name: string): boolean | undefined {
  const value = input[name];
  return typeof value === 'boolean' ? value : undefined;
}

export function contentHeaders(input: Input): ContentHeaders {
  const expires = input['Expires'];
  return {
    contentType: optStr(input, 'ContentType') ?? 'binary/octet-stream',
    contentEncoding: optStr(input, 'ContentEncoding')?.replace(/(^|,\s*)aws-chunked(\s*,|$)/, '').trim() || null,
    contentDisposition: optStr(input, 'ContentDisposition') ?? null,
    contentLanguage: optStr(input, 'ContentLanguage') ?? null,
    cacheControl: optStr(input, 'CacheControl') ?? null,
    // Kept as sent (a string in the model); a Date, should a model type it so, as the HTTP date it came as.
    expires: expires instanceof Date ? expires.toUTCString() : typeof expires === 'string' ? expires : null,
    metadata: userMetadata(input),
  };
}

/** The `x-amz-tagging` header: URL-encoded `k1=v1&k2=v2`. */
export function taggingHeader(text: string | undefined): Tag[] {
  if (text === undefined || text === '') return [];
  const tags = [...new URLSearchParams(text)].map(([Key, Value]) => ({ Key, Value }));
  checkTaggingHeader(text, tags);
  return tags;
}

/** A TagSet from an XML document, with S3's rules for `target` (s3-tags.ts); a tag without a Key is malformed XML. */
export function tagSet(value: unknown, target: TagTarget): Tag[] {
  return checkTags(tagList(value), target);
}

/** A decoded TagSet's tags as sent, S3's rules not yet applied; a tag without a Key is malformed XML. */
export function tagList(value: unknown): Tag[] {
  const list = Array.isArray(value) ? (value as ({ Key?: unknown; Value?: unknown } | null)[]) : [];
  return list.map((t) => {
    if (typeof t?.Key !== 'string') throw malformedXml();
    return { Key: t.Key, Value: typeof t.Value === 'string' ? t.Value : '' };
  });
}

function encryptionContext(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) {
      return parsed as Record<string, string>;
    }
  } catch {
    // falls through to the error
  }
  throw invalidArgument("The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map");
}

/** Headers first, else the bucket's default encryption (every bucket has one). */
export function sseChoice(input: Input, bucket: BucketRecord): SseChoice {
  const algorithm = optStr(input, 'ServerSideEncryption');
  const keyId = optStr(input, 'SSEKMSKeyId');
  const bucketKey = optBool(input, 'BucketKeyEnabled');
  const context = encryptionContext(optStr(input, 'SSEKMSEncryptionContext'));
  if (algorithm === undefined) {
    if (keyId !== undefined) {
      throw invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');
    }
    const fallback = bucket.encryption;
    return {
      algorithm: fallback.algorithm,
      kmsKeyId: fallback.algorithm === 'aws:kms' ? fallback.kmsKeyId : null,
      bucketKeyEnabled: fallback.algorithm === 'aws:kms' && (bucketKey ?? fallback.bucketKeyEnabled),
      context,
    };
  }
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
    throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', algorithm);
  }
  if (algorithm === 'AES256' && keyId !== undefined) {
    throw invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');
  }
  const kms = (algorithm as SseAlgorithm) === 'aws:kms';
  return {
    algorithm,
    kmsKeyId: kms ? (keyId ?? null) : null,
    bucketKeyEnabled: kms && (bucketKey ?? (bucket.encryption.algorithm === 'aws:kms' && bucket.encryption.bucketKeyEnabled)),
    context,
  };
}
