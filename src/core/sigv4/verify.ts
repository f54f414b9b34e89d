// verifyRequest: checks a received request's SigV4 signature (Authorization header or presigned query).
// Implements https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html from the server side,
// with the S3 rules of https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html.
import { timingSafeEqual } from 'node:crypto';
import type { RawHeader } from './canonical-headers.js';
import { canonicalHeaders, firstHeader, headerMap } from './canonical-headers.js';
import type { ChunkSigningContext } from './chunked.js';
import { canonicalQueryString, canonicalUri, parseQuery } from './encoding.js';
import { describeAuthFailure } from './error-mapping.js';
import type { AuthFailure, AuthFailureKind, AuthForm, ProtocolError, ProtocolFamily, ScopeProblem } from './failures.js';
import { hasQueryAuth, parseHeaderAuth, parseQueryAuth, splitCredential, type CredentialParts } from './parse-auth.js';
import {
  EMPTY_SHA256, STREAMING_PAYLOAD, TERMINATOR, UNSIGNED_PAYLOAD, buildCanonicalRequest, buildStringToSign,
  credentialScope, deriveSigningKey, hmac, sha256Hex, signaturesEqual,
} from './signing.js';

/** Allowed clock skew: "within 15 minutes" (https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export interface VerifiableRequest {
  method: string;
  /** path exactly as received (still percent-encoded), without the query string */
  path: string;
  /** raw query string without the leading `?` ('' when none) */
  query: string;
  /** header pairs in arrival order, names as received (see pairsFromRawHeaders) */
  headers: readonly RawHeader[];
  /** the body, when buffered; used when no x-amz-content-sha256 header is given */
  body?: Uint8Array | string;
  /** hex SHA-256 of the body, when the caller already has it (takes precedence over `body`) */
  bodySha256?: string;
}

export interface StoredCredentials {
  secretAccessKey: string;
  /** set for temporary credentials: the request must carry this X-Amz-Security-Token */
  sessionToken?: string;
  /** temporary credentials stop working at this instant */
  expiration?: Date;
}

export interface VerifyDeps<C extends StoredCredentials> {
  lookupCredentials(accessKeyId: string): C | null | undefined;
  now: Date;
}

export interface VerifyOptions {
  /** expected signing name in the credential scope (e.g. 's3', 'sts'); any when absent */
  service?: string;
  /** expected region in the credential scope; any when absent */
  region?: string;
  /** S3 rules: single path encoding, no normalization, x-amz-content-sha256 required, UNSIGNED-PAYLOAD presigns */
  isS3?: boolean;
  /** protocol family used for `code`/`message`/`httpStatus`; default 'rest-xml' when isS3, else 'query' */
  protocol?: ProtocolFamily;
  /** overrides of the path rules that isS3 selects */
  doubleEncodePath?: boolean;
  normalizePath?: boolean;
  /** presigned: X-Amz-Security-Token was appended after signing, so leave it out of the canonical query */
  unsignedSessionTokenInQuery?: boolean;
  maxSkewMs?: number;
}

export interface VerifySuccess<C extends StoredCredentials> {
  ok: true;
  form: AuthForm;
  accessKeyId: string;
  region: string;
  service: string;
  /** request time (X-Amz-Date) */
  date: Date;
  amzDate: string;
  credentialScope: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  canonicalRequest: string;
  stringToSign: string;
  sessionToken?: string;
  expiresSeconds?: number;
  credentials: C;
  /** present when the payload is STREAMING-AWS4-HMAC-SHA256-PAYLOAD: feed it to decodeAwsChunked */
  chunkSigning?: ChunkSigningContext;
}

export interface VerifyFailure extends ProtocolError {
  ok: false;
  kind: AuthFailureKind;
  failure: AuthFailure;
}

export type VerifyResult<C extends StoredCredentials> = VerifySuccess<C> | VerifyFailure;

const S3_PAYLOAD_KEYWORDS = new Set([
  UNSIGNED_PAYLOAD, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', STREAMING_PAYLOAD, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);
/** Region names as AWS forms them (us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ...). */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

function bodyHash(req: VerifiableRequest): string {
  if (req.bodySha256 !== undefined) return req.bodySha256.toLowerCase();
  if (req.body !== undefined) return sha256Hex(req.body);
  return EMPTY_SHA256;
}

const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The provided signature (64 lower-case hex digits, as AWS requires) against the computed digest, in constant time. */
export function digestMatches(expected: Buffer, provided: string): boolean {
  if (!LOWER_HEX_SHA256.test(provided)) return false;
  return timingSafeEqual(expected, Buffer.from(provided, 'hex'));
}

/** Signing keys by credentials object and scope: a credential store that hands out the same object each time skips hashing the secret. */
const keysByCredentials = new WeakMap<StoredCredentials, { scope: string; key: Buffer }>();

export function signingKeyOf(credentials: StoredCredentials, scope: string, date: string, region: string, service: string): Buffer {
  const kept = keysByCredentials.get(credentials);
  if (kept && kept.scope === scope) return kept.key;
  const key = deriveSigningKey(credentials.secretAccessKey, date, region, service);
  keysByCredentials.set(credentials, { scope, key });
  return key;
}

/**
 * The scope's problems past its Region (checked first, by the caller that checks it): the
 * service when `service` names one, the terminator, the date against the signing time's.
 */
export function scopeProblems(cred: CredentialParts, amzDate: string, service: string | undefined, problems: ScopeProblem[] = []): ScopeProblem[] {
  if (service !== undefined && cred.service !== service) problems.push({ field: 'service', got: cred.service, expected: service });
  if (cred.terminator !== TERMINATOR) problems.push({ field: 'terminator', got: cred.terminator, expected: TERMINATOR });
  if (cred.date !== amzDate.slice(0, 8)) problems.push({ field: 'date', got: cred.date, expected: amzDate.slice(0, 8) });
  return problems;
}

/** Temporary credentials need their session token, and long-term ones refuse one. */
export function sessionTokenAccepted(credentials: StoredCredentials, token: string | undefined): boolean {
  if (credentials.sessionToken !== undefined) return token !== undefined && signaturesEqual(credentials.sessionToken, token);
  return token === undefined;
}

/** Verifies the SigV4 signature of a request. Pure: the clock and the credential store are injected. */
export function verifyRequest<C extends StoredCredentials>(
  req: VerifiableRequest,
  deps: VerifyDeps<C>,
  options: VerifyOptions = {},
): VerifyResult<C> {
  const isS3 = options.isS3 ?? false;
  const protocol = options.protocol ?? (isS3 ? 'rest-xml' : 'query');
  const reject = (failure: AuthFailure): VerifyFailure => ({
    ok: false, kind: failure.kind, failure, ...describeAuthFailure(failure, protocol),
  });
  const skew = options.maxSkewMs ?? MAX_SKEW_MS;
  const now = deps.now;
  const headers = headerMap(req.headers);
  const params = parseQuery(req.query);

  const authorization = firstHeader(headers, 'authorization');
  const queryAuth = hasQueryAuth(params);
  if (authorization !== undefined && queryAuth) return reject({ kind: 'AmbiguousAuthentication' });
  if (authorization === undefined && !queryAuth) return reject({ kind: 'MissingAuthentication' });
  const parsed = authorization !== undefined ? parseHeaderAuth(authorization, headers) : parseQueryAuth(params, isS3);
  if (!parsed.ok) return reject(parsed.failure);
  const auth = parsed.auth;

  // Time: header signatures live 15 minutes either way; presigned URLs until X-Amz-Date + X-Amz-Expires.
  const t = auth.date.getTime();
  if (auth.form === 'query' && t > now.getTime() + skew) {
    return reject({ kind: 'PresignNotYetValid', requestTime: auth.date, serverTime: now, skewMs: skew });
  }
  // Outside S3, X-Amz-Expires is not honoured: every signature lives a fixed 15 minutes.
  // (aws-sdk-go Presign: "only used for presigned Amazon S3 API requests. All other AWS
  // services will use a fixed expiration time of 15 minutes")
  if (auth.form === 'query' && auth.expiresSeconds !== undefined && isS3) {
    if (now.getTime() > t + auth.expiresSeconds * 1000) {
      return reject({ kind: 'PresignExpired', requestTime: auth.date, expiresSeconds: auth.expiresSeconds, serverTime: now });
    }
  } else if (t < now.getTime() - skew) {
    return reject({ kind: 'RequestExpired', requestTime: auth.date, serverTime: now, skewMs: skew });
  } else if (t > now.getTime() + skew) {
    return reject({ kind: 'RequestNotYetValid', requestTime: auth.date, serverTime: now, skewMs: skew });
  }

  if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority')) {
    return reject({ kind: 'HostNotSigned', form: auth.form });
  }

  const cred = splitCredential(auth.credential);
  if (!cred) return reject({ kind: 'MalformedCredential', form: auth.form, credential: auth.credential });
  const problems: ScopeProblem[] = [];
  if (options.region !== undefined && cred.region !== options.region) {
    problems.push({ field: 'region', got: cred.region, expected: options.region });
  } else if (!REGION_NAME.test(cred.region)) {
    problems.push({ field: 'region', got: cred.region, expected: 'a valid region' });
  }
  scopeProblems(cred, auth.amzDate, options.service, problems);
  if (problems.length > 0) {
    return reject({ kind: 'CredentialScopeMismatch', form: auth.form, credential: auth.credential, amzDate: auth.amzDate, problems });
  }

  // Payload hash: x-amz-content-sha256 when sent, else S3 presigns are UNSIGNED-PAYLOAD, else the body's hash.
  const contentSha = firstHeader(headers, 'x-amz-content-sha256')?.trim();
  let payloadHash: string;
  if (!isS3) payloadHash = bodyHash(req); // other services sign the body itself, whatever a header claims
  else if (contentSha !== undefined) payloadHash = contentSha;
  else if (auth.form === 'query' && auth.queryContentSha256 !== undefined) payloadHash = auth.queryContentSha256;
  else if (auth.form === 'query' && isS3) payloadHash = UNSIGNED_PAYLOAD;
  else return reject({ kind: 'MissingContentSha256' });
  if (isS3 && !S3_PAYLOAD_KEYWORDS.has(payloadHash) && !HEX_SHA256.test(payloadHash)) {
    return reject({ kind: 'InvalidContentSha256', value: payloadHash });
  }

  const credentials = deps.lookupCredentials(cred.accessKeyId);
  if (!credentials) return reject({ kind: 'InvalidAccessKeyId', accessKeyId: cred.accessKeyId });
  if (credentials.expiration !== undefined && credentials.expiration.getTime() <= now.getTime()) {
    return reject({ kind: 'ExpiredToken' });
  }

  const scope = credentialScope(cred.date, cred.region, cred.service);
  const tokenParam = options.unsignedSessionTokenInQuery === true;
  const canonicalRequest = buildCanonicalRequest({
    method: req.method.toUpperCase(),
    canonicalUri: canonicalUri(req.path, {
      doubleEncode: options.doubleEncodePath ?? !isS3,
      normalize: options.normalizePath ?? !isS3,
    }),
    canonicalQuery: canonicalQueryString(params, auth.form === 'query'
      ? (name) => name === 'X-Amz-Signature' || (tokenParam && name === 'X-Amz-Security-Token')
      : undefined),
    canonicalHeaders: canonicalHeaders(headers, auth.signedHeaders),
    signedHeaders: auth.signedHeaders.join(';'),
    payloadHash,
  });
  const stringToSign = buildStringToSign(auth.amzDate, scope, canonicalRequest);
  const signingKey = signingKeyOf(credentials, scope, cred.date, cred.region, cred.service);
  const expected = hmac(signingKey, stringToSign);
  if (!digestMatches(expected, auth.signature)) {
    return reject({ kind: 'SignatureDoesNotMatch', signatureProvided: auth.signature, canonicalRequest, stringToSign });
  }

  const token = (auth.form === 'query' ? params.find((p) => p.name === 'X-Amz-Security-Token')?.value : undefined)
    ?? firstHeader(headers, 'x-amz-security-token')?.trim();
  if (!sessionTokenAccepted(credentials, token)) return reject({ kind: 'InvalidSecurityToken' });

  // A presigned URL binds every x-amz-* header the request carries: one sent beside it unsigned
  // (an x-amz-expires meant to stretch it) is refused once the signature itself holds
  // (LocalStack's test_s3_put_presigned_url_same_header_and_qs_parameter, recorded from AWS).
  // x-amz-content-sha256 is the exception: clients add it to any S3 request, and S3 lets it
  // pass unsigned (as LocalStack, which matches AWS there, does) [INFER].
  if (isS3 && auth.form === 'query') {
    const unsigned = [...headers.keys()].filter((name) => name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && !auth.signedHeaders.includes(name));
    if (unsigned.length > 0) return reject({ kind: 'HeadersNotSigned', headers: unsigned });
  }

  if (isS3 && HEX_SHA256.test(payloadHash) && (req.body !== undefined || req.bodySha256 !== undefined)) {
    const computed = bodyHash(req);
    if (computed !== payloadHash) return reject({ kind: 'ContentSha256Mismatch', provided: payloadHash, computed });
  }

  const success: VerifySuccess<C> = {
    ok: true,
    form: auth.form,
    accessKeyId: cred.accessKeyId,
    region: cred.region,
    service: cred.service,
    date: auth.date,
    amzDate: auth.amzDate,
    credentialScope: scope,
    signedHeaders: auth.signedHeaders,
    signature: auth.signature,
    payloadHash,
    canonicalRequest,
    stringToSign,
    credentials,
  };
  // Optional members are added, not spread, in the same order: no object copies on the hot path.
  if (token !== undefined) success.sessionToken = token;
  if (auth.expiresSeconds !== undefined) success.expiresSeconds = auth.expiresSeconds;
  if (payloadHash === STREAMING_PAYLOAD) success.chunkSigning = { signingKey, amzDate: auth.amzDate, scope, seedSignature: expected.toString('hex') };
  return success;
}
