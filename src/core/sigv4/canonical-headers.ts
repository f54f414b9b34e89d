// Canonical headers and signed-header list of a SigV4 canonical request.
// Rules from "Create a canonical request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// lower-case names, values trimmed with sequential spaces collapsed, repeated headers joined with ','.

/** A header as received: name in its original case, raw value (may hold obs-fold line breaks). */
export type RawHeader = readonly [name: string, value: string];

/**
 * Trimall: folds multi-line (obs-fold) values, trims, and collapses runs of whitespace into one space,
 * the same as botocore's `' '.join(value.split())`.
 */
const NEEDS_TRIMALL = /^[ \t\r\n]|[ \t\r\n]$|[\t\r\n]| {2}/;

export function normalizeHeaderValue(value: string): string {
  // Most values are already normal (no folding, no edge or repeated spaces): no split and join then.
  if (!NEEDS_TRIMALL.test(value)) return value;
  return value.split(/[ \t\r\n]+/).filter((part) => part !== '').join(' ');
}

/** Groups header values by lower-cased name, keeping arrival order. */
export function headerMap(headers: readonly RawHeader[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

/** First value of a header (case-insensitive name), untrimmed; undefined when absent. */
export function firstHeader(map: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  return map.get(name)?.[0];
}

/**
 * Canonical headers block (each `name:value\n`) for the listed signed header names, in the listed order.
 * A signed header absent from the request contributes `name:` (the signature then cannot match).
 * `host` falls back to the HTTP/2 `:authority` pseudo-header.
 */
export function canonicalHeaders(map: ReadonlyMap<string, readonly string[]>, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const values = map.get(name) ?? (name === 'host' ? map.get(':authority') : undefined) ?? [];
    out += `${name}:${values.length === 1 ? normalizeHeaderValue(values[0] as string) : values.map(normalizeHeaderValue).join(',')}\n`;
  }
  return out;
}

/** Converts Node's flat `req.rawHeaders` ([name, value, name, value, ...]) into pairs. */
export function pairsFromRawHeaders(raw: readonly string[]): RawHeader[] {
  const pairs: RawHeader[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}
