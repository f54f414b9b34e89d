// Extracts the SigV4 inputs from either the Authorization header or presigned query parameters.
// Header form: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html
// Query form: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.js';
import { firstHeader } from './canonical-headers.js';
import type { QueryParam } from './encoding.js';
import type { AuthFailure, AuthForm } from './failures.js';
import { ALGORITHM } from './signing.js';

/** Longest X-Amz-Expires S3 accepts: seven days (sigv4-query-string-auth.html). */
export const MAX_EXPIRES_SECONDS = 604800;

export interface ParsedAuth {
  form: AuthForm;
  credential: string;
  signedHeaders: string[];
  signature: string;
  /** the timestamp as it enters the string to sign */
  amzDate: string;
  date: Date;
  /** X-Amz-Expires (query form only) */
  expiresSeconds?: number;
  /** X-Amz-Content-Sha256 given as a query parameter (presigned S3 URLs from some SDKs) */
  queryContentSha256?: string;
}

export type ParseOutcome = { ok: true; auth: ParsedAuth } | { ok: false; failure: AuthFailure };

function fail(failure: AuthFailure): ParseOutcome {
  return { ok: false, failure };
}

function queryValue(params: readonly QueryParam[], name: string): string | undefined {
  return params.find((p) => p.name === name)?.value;
}

/** True when the query string carries presigned SigV4 parameters. */
export function hasQueryAuth(params: readonly QueryParam[]): boolean {
  return params.some((p) => p.name === 'X-Amz-Algorithm' || p.name === 'X-Amz-Credential' || p.name === 'X-Amz-Signature');
}

let lastSignedHeaders: string | null = null;
let lastSplit: readonly string[] = [];

function splitSignedHeaders(value: string): string[] {
  // A client signs the same header list request after request: remember the last one (a copy goes out).
  if (value !== lastSignedHeaders) {
    lastSplit = value.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
    lastSignedHeaders = value;
  }
  return lastSplit.slice();
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` (commas or spaces between parts). */
export function parseHeaderAuth(authorization: string, headers: ReadonlyMap<string, readonly string[]>): ParseOutcome {
  const trimmed = authorization.trim();
  if (!trimmed.startsWith('AWS4-')) return fail({ kind: 'UnsupportedAuthorizationScheme', authorization });
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) return fail({ kind: 'UnsupportedAlgorithm', form: 'header', algorithm });
  const fields = new Map<string, string>();
  const rest = space < 0 ? '' : trimmed.slice(space);
  for (const component of rest.split(/[\s,]+/)) {
    if (component === '') continue;
    const eq = component.indexOf('=');
    if (eq < 0) return fail({ kind: 'MalformedAuthorization', component, authorization });
    const key = component.slice(0, eq);
    if (!fields.has(key)) fields.set(key, component.slice(eq + 1));
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !fields.get(k));
  const amzDateHeader = firstHeader(headers, 'x-amz-date')?.trim();
  const dateHeader = firstHeader(headers, 'date')?.trim();
  if (!amzDateHeader && !dateHeader) missing.push('X-Amz-Date');
  if (missing.length > 0) return fail({ kind: 'IncompleteSignature', form: 'header', missing, authorization });

  let date: Date | undefined;
  let amzDate: string;
  if (amzDateHeader) {
    date = parseAmzDate(amzDateHeader);
    amzDate = amzDateHeader;
    if (!date) return fail({ kind: 'MalformedDate', form: 'header', value: amzDateHeader });
  } else {
    date = parseHttpDate(dateHeader as string);
    if (!date) return fail({ kind: 'MalformedDate', form: 'header', value: dateHeader as string });
    amzDate = formatAmzDate(date);
  }
  return {
    ok: true,
    auth: {
      form: 'header',
      credential: fields.get('Credential') as string,
      signedHeaders: splitSignedHeaders(fields.get('SignedHeaders') as string),
      signature: fields.get('Signature') as string,
      amzDate,
      date,
    },
  };
}

/** Presigned URL parameters; `requireExpires` is S3's rule that X-Amz-Expires must be present. */
export function parseQueryAuth(params: readonly QueryParam[], requireExpires: boolean): ParseOutcome {
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
  if (requireExpires) required.push('X-Amz-Expires');
  const missing = required.filter((name) => !queryValue(params, name));
  if (missing.length > 0) return fail({ kind: 'IncompleteSignature', form: 'query', missing });
  const algorithm = queryValue(params, 'X-Amz-Algorithm') as string;
  if (algorithm !== ALGORITHM) return fail({ kind: 'UnsupportedAlgorithm', form: 'query', algorithm });
  const amzDate = queryValue(params, 'X-Amz-Date') as string;
  const date = parseAmzDate(amzDate);
  if (!date) return fail({ kind: 'MalformedDate', form: 'query', value: amzDate });

  let expiresSeconds: number | undefined;
  const expires = queryValue(params, 'X-Amz-Expires');
  if (expires !== undefined && expires !== '') {
    if (!/^-?\d+$/.test(expires)) return fail({ kind: 'InvalidExpires', value: expires, reason: 'not-a-number' });
    expiresSeconds = Number(expires);
    if (expiresSeconds < 0) return fail({ kind: 'InvalidExpires', value: expires, reason: 'negative' });
    if (expiresSeconds > MAX_EXPIRES_SECONDS) return fail({ kind: 'InvalidExpires', value: expires, reason: 'too-large' });
  }
  const queryContentSha256 = queryValue(params, 'X-Amz-Content-Sha256');
  return {
    ok: true,
    auth: {
      form: 'query',
      credential: queryValue(params, 'X-Amz-Credential') as string,
      signedHeaders: splitSignedHeaders(queryValue(params, 'X-Amz-SignedHeaders') as string),
      signature: queryValue(params, 'X-Amz-Signature') as string,
      amzDate,
      date,
      ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
      ...(queryContentSha256 ? { queryContentSha256 } : {}),
    },
  };
}

export interface CredentialParts {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

/** `AKID/20150830/us-east-1/service/aws4_request`; undefined unless exactly five non-empty parts. */
export function splitCredential(credential: string): CredentialParts | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}
