// Scalar values in text form (query strings, XML text, headers) and in JSON: parse and format.
// Timestamp formats per Smithy "timestampFormat" trait: date-time (ISO 8601), epoch-seconds, http-date (RFC 7231).
import { AwsError } from '../core/aws-error.js';
import type { Shape, TimestampFormat } from './model-types.js';

export function parseTimestamp(text: string | number, where: string): Date {
  if (typeof text === 'number') return new Date(text * 1000);
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return new Date(Number(trimmed) * 1000);
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) throw invalid(where, text, 'a timestamp');
  return new Date(ms);
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return parseTimestamp(value, 'timestamp');
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

/** ISO 8601 UTC with milliseconds only when present (`2015-01-25T08:00:00Z`, `...56.123Z`). */
export function formatIso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** Epoch seconds as a number, fractional when the date has milliseconds. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** A UTC ISO 8601 string as Date#toISOString writes it (how stored timestamps look), with or without milliseconds; days past the 28th take the Date path, which knows month lengths. */
const CANONICAL_ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?Z$/;

export function formatTimestampText(value: unknown, format: TimestampFormat): string {
  // Stored timestamps are already ISO 8601: no Date round trip for them.
  if (format === 'iso8601' && typeof value === 'string' && CANONICAL_ISO.test(value)) {
    return value.endsWith('.000Z') ? `${value.slice(0, -5)}Z` : value;
  }
  const date = toDate(value);
  switch (format) {
    case 'unixTimestamp': return String(epochSeconds(date));
    case 'rfc822': return date.toUTCString();
    case 'iso8601': return formatIso(date);
  }
}

/** Float text per Smithy: NaN, Infinity, -Infinity are spelled out. */
export function formatFloatText(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : (value as number);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

export function toBytes(value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('Not a blob');
}

/**
 * A value whose text is not of its shape's type. It keeps where it was and what it said, so a
 * service whose errors are not ValidationError (S3: InvalidArgument) can say it its own way.
 */
export class InvalidScalarError extends AwsError {
  constructor(readonly where: string, readonly text: string, readonly expected: string) {
    super('ValidationError', `Invalid value '${text}' for ${where}: expected ${expected}`);
  }
}

export function invalid(where: string, text: unknown, expected: string): InvalidScalarError {
  return new InvalidScalarError(where, String(text), expected);
}

/**
 * A boolean in an HTTP header, query parameter or URI label: any letter case. AWS reads these
 * case-insensitively, and botocore before 1.29.x / aws-cli 2.9 sends `True`/`False` in headers
 * (str() of a Python bool). Bodies stay strict: XML and query forms are always written lowercase.
 */
export function parseHttpBoolean(text: string, where: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalid(where, text, 'true or false');
}

/**
 * A scalar from its text form (query parameter, XML text, header, URI label).
 * Returns Date for timestamps, Buffer for blobs, numbers for numeric types.
 */
export function parseScalarText(shape: Shape, text: string, where: string): unknown {
  switch (shape.type) {
    case 'string': case 'character': return text;
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw invalid(where, text, 'true or false');
    case 'integer': case 'long': case 'short': case 'byte': case 'biginteger': {
      if (!/^[-+]?\d+$/.test(text.trim())) throw invalid(where, text, 'an integer');
      return Number(text);
    }
    case 'float': case 'double': case 'bigdecimal': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n) && text !== 'NaN') throw invalid(where, text, 'a number');
      return n;
    }
    case 'timestamp': return parseTimestamp(text, where); // any of the three formats is accepted
    case 'blob': return Buffer.from(text, 'base64');
    default: throw invalid(where, text, shape.type);
  }
}

/** The text form of a scalar for query, XML and headers. */
export function formatScalarText(shape: Shape, value: unknown, format: TimestampFormat): string {
  switch (shape.type) {
    case 'timestamp': return formatTimestampText(value, format);
    case 'blob': return toBytes(value).toString('base64');
    case 'float': case 'double': return formatFloatText(value);
    case 'boolean': return value ? 'true' : 'false';
    default: return String(value);
  }
}
