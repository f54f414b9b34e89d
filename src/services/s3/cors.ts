// A bucket's CORS rules: what PutBucketCors accepts, which rule a cross-origin request matches
// (the first whose origin, method and requested headers all fit) and the Access-Control-*
// headers that rule answers with.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html ("How does Amazon S3 evaluate the CORS configuration")
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html

import { invalidRequest, malformedXml } from '../../engines/objects/s3-errors.js';

export interface CorsRule {
  readonly ID?: string;
  readonly AllowedOrigins: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedHeaders?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

/** The only methods a rule may allow (CORSRule AllowedMethods). */
const CORS_METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const MAX_RULES = 100;

/** PutBucketCors's checks, in AWS's order of refusal; returns the rules to store. */
export function checkCorsRules(rules: unknown): CorsRule[] {
  // An empty configuration is MalformedXML on AWS (recorded: test_s3_cors.snapshot.json, put-cors-exc-empty).
  if (!Array.isArray(rules) || rules.length === 0) throw malformedXml();
  if (rules.length > MAX_RULES) throw invalidRequest('The number of CORS rules should not exceed allowed limit of 100 rules.');
  for (const rule of rules as Partial<CorsRule>[]) {
    // The schema requires at least one AllowedOrigin and one AllowedMethod per rule.
    if (!rule.AllowedOrigins?.length || !rule.AllowedMethods?.length) throw malformedXml();
    for (const method of rule.AllowedMethods) {
      if (!CORS_METHODS.has(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
    for (const origin of rule.AllowedOrigins) {
      if (wildcards(origin) > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    }
    for (const header of rule.AllowedHeaders ?? []) {
      // [INFER] worded as AWS's AllowedOrigin message, which is recorded; this one is not.
      if (wildcards(header) > 1) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
    }
  }
  return rules as CorsRule[];
}

function wildcards(value: string): number {
  let count = 0;
  for (let at = value.indexOf('*'); at >= 0; at = value.indexOf('*', at + 1)) count += 1;
  return count;
}

/** What a cross-origin request asks for: its Origin, its method (or the one a preflight announces) and the headers it announces. */
export interface CorsRequest {
  readonly origin: string;
  readonly method: string;
  /** Access-Control-Request-Headers, lower-cased, one entry per header; empty when none were announced. */
  readonly headers: readonly string[];
}

export interface CorsMatch {
  readonly rule: CorsRule;
  /** The AllowedOrigin that matched: a bare `*` is answered as `*`, anything else with the request's Origin. */
  readonly allowedOrigin: string;
}

/** Access-Control-Request-Headers as a list: comma separated, spaces optional, case does not matter. */
export function requestedHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names: string[] = [];
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return names;
}

/** The first rule whose origin, method and every requested header fit; null when none does. */
export function matchCorsRule(rules: readonly CorsRule[], request: CorsRequest): CorsMatch | null {
  for (const rule of rules) {
    if (!rule.AllowedMethods.includes(request.method)) continue;
    const allowedOrigin = rule.AllowedOrigins.find((allowed) => wildcardMatch(allowed, request.origin));
    if (allowedOrigin === undefined) continue;
    // A rule without AllowedHeaders allows no requested header (recorded: put_cors_default_values, opt-get-headers).
    const allowedHeaders = rule.AllowedHeaders ?? [];
    if (request.headers.every((name) => allowedHeaders.some((allowed) => wildcardMatch(allowed.toLowerCase(), name)))) {
      return { rule, allowedOrigin };
    }
  }
  return null;
}

/**
 * Whether a value fits a pattern with at most one `*`, which stands for any run of characters.
 * [INFER] whether `*` may match nothing (`http://*.a.com` against `http://.a.com`) is not documented; here it may.
 */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** S3 answers every CORS response with the same Vary, so caches keep answers to different origins apart. */
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/**
 * The Access-Control-* headers of a matched rule. A preflight also names the requested headers
 * it allows; an actual request does not. Max-Age goes on both: AWS sends it on a GET too
 * (recorded: test_cors_match_origins, get-right-origin).
 */
export function corsHeaders(match: CorsMatch, request: CorsRequest, preflight: boolean): Record<string, string> {
  const { rule } = match;
  const wildcard = match.allowedOrigin === '*';
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': wildcard ? '*' : request.origin,
    'Access-Control-Allow-Methods': rule.AllowedMethods.join(', '),
  };
  // Credentials are allowed for named origins only: browsers refuse them with `*`.
  if (!wildcard) headers['Access-Control-Allow-Credentials'] = 'true';
  if (preflight && request.headers.length > 0) headers['Access-Control-Allow-Headers'] = request.headers.join(', ');
  if (rule.ExposeHeaders?.length) headers['Access-Control-Expose-Headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(rule.MaxAgeSeconds);
  headers['Vary'] = VARY;
  return headers;
}
