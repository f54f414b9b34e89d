// SigV4 timestamps: ISO 8601 basic format `YYYYMMDD'T'HHMMSS'Z'` (X-Amz-Date) and the RFC 1123 `Date` fallback.
// See "Elements of an AWS API request signature" (https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html).

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `20150830T123600Z`; undefined when malformed or not a real calendar time. */
export function parseAmzDate(value: string): Date | undefined {
  // Requests signed within the same second share the timestamp: remember the last one parsed.
  if (value === lastAmzDate) return new Date(lastAmzMs);
  const date = parseAmzDateUncached(value);
  if (date) {
    lastAmzDate = value;
    lastAmzMs = date.getTime();
  }
  return date;
}

let lastAmzDate: string | null = null;
let lastAmzMs = 0;

function parseAmzDateUncached(value: string): Date | undefined {
  const m = BASIC.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  return date;
}

/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z` */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `2015-08-30T12:36:00Z`, the form S3 uses in `<ServerTime>` and `<Expires>`. */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses an RFC 1123 `Date` header (`Sun, 30 Aug 2015 12:36:00 GMT`). */
export function parseHttpDate(value: string): Date | undefined {
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
