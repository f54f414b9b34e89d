// Canonical URI and canonical query string of a SigV4 canonical request.
// Implements "Create a canonical request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
// and the S3 variant (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e // - . _ ~
  );
}

/** RFC 3986 encoding of raw bytes: unreserved characters stay, everything else becomes %XX (upper-case hex). */
export function uriEncodeBytes(bytes: Uint8Array, keepSlash = false): string {
  let out = '';
  for (const byte of bytes) {
    if (isUnreserved(byte) || (keepSlash && byte === 0x2f)) out += String.fromCharCode(byte);
    else out += '%' + HEX.charAt(byte >> 4) + HEX.charAt(byte & 15);
  }
  return out;
}

/** RFC 3986 encoding of a string's UTF-8 bytes (a `%` in the input is encoded too, as `%25`). */
export function uriEncode(value: string, keepSlash = false): string {
  return uriEncodeBytes(Buffer.from(value, 'utf8'), keepSlash);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes. Characters that are not escapes contribute their UTF-8 bytes, and a `%`
 * not followed by two hex digits stays a literal `%`. `+` is a literal plus, as SigV4 clients send `%20` for spaces.
 */
export function percentDecodeBytes(value: string): Buffer {
  const raw = Buffer.from(value, 'utf8');
  const out = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw[i + 1] as number);
      const lo = hexValue(raw[i + 2] as number);
      if (hi >= 0 && lo >= 0) {
        out[length++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/** Decode-then-encode: the form AWS compares, whatever escaping the client chose on the wire. */
export function reencode(value: string): string {
  // Most path segments and query values need no escaping at all, and so come out as they went in.
  if (UNRESERVED_ONLY.test(value)) return value;
  return uriEncodeBytes(percentDecodeBytes(value));
}

/**
 * Removes `.` and `..` segments and empty segments (duplicate slashes); keeps a trailing slash.
 * The SigV4 test suite's `normalize-path` cases: `/example/..` → `/`, `//example//` → `/example/`.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  if (out.length === 0) return '/';
  return '/' + out.join('/') + (path.endsWith('/') ? '/' : '');
}

export interface PathRules {
  /** true (every service but S3): the path as received is URI-encoded once more. false (S3): each segment is encoded once. */
  doubleEncode: boolean;
  /** true (every service but S3): remove dot segments and duplicate slashes before encoding. */
  normalize: boolean;
}

/**
 * Canonical URI from the raw request path (as received on the wire, before any decoding).
 * Double encoding: "Each path segment must be URI-encoded twice" (except S3), so `%3A` on the wire becomes `%253A`.
 * Single encoding (S3): each segment is decoded and encoded once, so `/a%3Ab` stays `/a%3Ab` and `/a b` becomes `/a%20b`.
 */
export function canonicalUri(rawPath: string, rules: PathRules): string {
  if (rawPath === '/') return '/'; // the query and JSON services' path: '/' under every rule
  let path = rawPath === '' ? '/' : rawPath;
  if (!path.startsWith('/')) path = '/' + path;
  if (rules.normalize) path = normalizePath(path);
  if (rules.doubleEncode) return uriEncode(path, true);
  return path.split('/').map(reencode).join('/');
}

export interface QueryParam {
  /** decoded name and value as text (UTF-8) */
  name: string;
  value: string;
  /** RFC 3986 encoded forms used in the canonical query string */
  encodedName: string;
  encodedValue: string;
}

/** Splits a raw query string (without `?`) into parameters; `a` without `=` has the empty value. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    if (UNRESERVED_ONLY.test(rawName) && UNRESERVED_ONLY.test(rawValue)) {
      params.push({ name: rawName, value: rawValue, encodedName: rawName, encodedValue: rawValue });
      continue;
    }
    const nameBytes = percentDecodeBytes(rawName);
    const valueBytes = percentDecodeBytes(rawValue);
    params.push({
      name: nameBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encodedName: uriEncodeBytes(nameBytes),
      encodedValue: uriEncodeBytes(valueBytes),
    });
  }
  return params;
}

/** Canonical query string: encoded `name=value` pairs sorted by encoded name, then by encoded value. */
export function canonicalQueryString(params: readonly QueryParam[], exclude?: (name: string) => boolean): string {
  const kept = exclude ? params.filter((p) => !exclude(p.name)) : [...params];
  kept.sort((a, b) =>
    a.encodedName < b.encodedName ? -1 : a.encodedName > b.encodedName ? 1 :
    a.encodedValue < b.encodedValue ? -1 : a.encodedValue > b.encodedValue ? 1 : 0,
  );
  return kept.map((p) => `${p.encodedName}=${p.encodedValue}`).join('&');
}
