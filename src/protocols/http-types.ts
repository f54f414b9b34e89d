// The HTTP request and response as the protocol layer sees them (transport-neutral, fully buffered).

/** Header names in any case; node's IncomingMessage.headers fits (lower-case, string | string[]). */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface HttpRequest {
  readonly method: string;
  /** Path plus raw query string, exactly as on the request line (`/bucket/key?uploads`). */
  readonly url: string;
  readonly headers: HeaderBag;
  readonly body: Uint8Array | string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array;
}

/**
 * Marks a header bag known to have only lower-case names (Node's IncomingMessage.headers): a
 * missed direct look-up in it is final. A symbol on the bag itself (invisible to for-in and
 * Object.entries), so the mark stays right while many requests are in flight at once.
 */
const LOWER_CASE = Symbol('lower-case header names');

/** Marks a header bag, never changed afterwards, whose names are all lower-case (as Node's `req.headers` are). */
export function markLowerCaseHeaders(headers: HeaderBag): void {
  (headers as Record<symbol, unknown>)[LOWER_CASE] = true;
}

/** A header value by case-insensitive name; repeated headers are joined with ", " (RFC 9110 §5.3). */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node's IncomingMessage.headers are lower-case already: one look-up on the hot path.
  const direct = headers[wanted];
  if (direct !== undefined) return typeof direct === 'string' ? direct : direct.join(', ');
  if ((headers as Record<symbol, unknown>)[LOWER_CASE] === true) return undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return typeof v === 'string' ? v : v.join(', ');
  }
  return undefined;
}

export function bodyText(body: Uint8Array | string): string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

export function bodyBytes(body: Uint8Array | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** Splits `url` into its path and its raw query string (without the `?`). */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/**
 * Headers whose lower-case name starts with `prefix` (lower-case), keyed by the rest of the name
 * (S3's `x-amz-meta-*`); repeated names are joined with ", ". null when there are none.
 */
export function headersWithPrefix(headers: HeaderBag, prefix: string): Record<string, string> | null {
  let found: Record<string, string> | null = null;
  const lower = (headers as Record<symbol, unknown>)[LOWER_CASE] === true;
  for (const name in headers) {
    const key = lower ? name : name.toLowerCase();
    const value = headers[name];
    if (value === undefined || !key.startsWith(prefix)) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    found ??= {};
    const rest = key.slice(prefix.length);
    found[rest] = found[rest] === undefined ? text : `${found[rest]}, ${text}`;
  }
  return found;
}

