// Step 2 of the pipeline: SigV4 against the stored secret of the access key, as the key's owner.
// An unsigned S3 request is anonymous. What the signature says is kept for later steps: the
// payload's hash for a streamed S3 body (checked as it is read, s3-payload.ts), and how the
// request was signed, for the condition keys services derive from it.

import { AwsError } from '../core/aws-error.js';
import { describeAuthFailure, s3ErrorExtras, verifyRequest, type AuthFailure, type StoredCredentials } from '../core/sigv4/index.js';
import type { AuthPrincipal } from '../authz/decision-point.js';
import { resolveCaller, type Caller } from '../engines/identity/callers.js';
import { noteRoleUse } from '../engines/identity/role-last-used.js';
import { S3Error } from '../engines/objects/s3-errors.js';
import { headerValue, protocolFor, splitUrl, type ServiceModel } from '../protocols/index.js';
import { ANONYMOUS_CALLER, ANONYMOUS_PRINCIPAL } from '../services/s3/anonymous.js';
import type { PayloadAuth } from '../services/s3/s3-payload.js';
import { isAnonymousS3Request } from '../services/s3/s3-transport.js';
import type { RequestSigning } from '../services/service-types.js';
import type { CallState, IncomingCall } from './call-state.js';
import type { Platform } from './platform.js';

export interface Authenticated {
  readonly caller: Caller;
  readonly region: string;
  readonly principal: AuthPrincipal | null;
  /** What the signature says about the payload, for a streamed S3 body; null when unsigned. */
  readonly payload: PayloadAuth | null;
  /** How the request was signed; undefined for an anonymous request. */
  readonly signing: RequestSigning | undefined;
}

/**
 * Step 2: SigV4 against the stored secret of the access key, as the key's owner. An unsigned
 * S3 request is anonymous. A streamed S3 body is checked later, as it is read (s3-payload.ts).
 */
export function authenticate(platform: Platform, call: IncomingCall, state: CallState, model: ServiceModel, streamed: boolean): Authenticated {
  if (state.service === 's3' && isAnonymousS3Request(call)) return anonymous(platform, state);
  const { path, query } = splitUrl(call.url);
  let resolved: Caller | null = null;
  const now = platform.clock.now();
  const result = verifyRequest(
    { method: call.method, path, query, headers: call.rawHeaders, ...(streamed ? {} : { body: call.body }) },
    {
      now,
      lookupCredentials: credentialsLookup(platform, state, (caller) => {
        resolved = caller;
      }),
    },
    { service: state.service, isS3: state.service === 's3', protocol: protocolFor(model) },
  );
  if (!result.ok) {
    if (state.service === 's3') throw s3AuthError(result.failure);
    const described = describeAuthFailure(result.failure, protocolFor(model));
    throw new AwsError(described.code, described.message, described.httpStatus);
  }
  if (!resolved) throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  state.caller = resolved;
  noteRoleUse(platform.identity, resolved, result.region, now);
  const payload: { payloadHash: string; chunkSigning?: NonNullable<typeof result.chunkSigning> } = { payloadHash: result.payloadHash };
  if (result.chunkSigning) payload.chunkSigning = result.chunkSigning;
  const signing = sigV4Signing(result.form, result.region, result.date, now, headerValue(call.headers, 'x-amz-content-sha256'));
  return { caller: resolved, region: result.region, principal: null, payload, signing };
}

/**
 * S3's answer to a failed signature check: its error document names what failed (an expired
 * URL's X-Amz-Expires, Expires and ServerTime, the signature it got...); the other services'
 * errors carry nothing more.
 */
export function s3AuthError(failure: AuthFailure): S3Error {
  const described = describeAuthFailure(failure, 'rest-xml');
  return new S3Error(described.code, described.message, described.httpStatus, s3ErrorExtras(failure));
}

/** How a request that passed its SigV4 check was signed, for the condition keys services derive from it. */
export function sigV4Signing(
  form: RequestSigning['form'], region: string, date: Date, now: Date, contentSha256Header: string | undefined,
): RequestSigning {
  return {
    algorithm: 'AWS4-HMAC-SHA256',
    form,
    region,
    // A signature dated a little ahead (a header's within the allowed clock skew) is not yet old.
    ageMs: Math.max(0, now.getTime() - date.getTime()),
    contentSha256Header,
  };
}

/** An unsigned S3 request: the anonymous caller, judged by bucket policies alone. */
export function anonymous(platform: Platform, state: CallState): Authenticated {
  state.caller = null;
  return { caller: ANONYMOUS_CALLER, region: platform.region, principal: ANONYMOUS_PRINCIPAL, payload: null, signing: undefined };
}

/**
 * The stored credentials of an access key for a SigV4 check, noting the key and, when it is
 * usable, its caller (`found`); an expired session keeps its secret so the check can say "expired".
 */
export function credentialsLookup(platform: Platform, state: CallState, found: (caller: Caller) => void) {
  return (accessKeyId: string): StoredCredentials | null => {
    state.accessKeyId = accessKeyId;
    const resolution = resolveCaller(platform.identity, accessKeyId);
    if (!resolution.ok) return resolution.reason === 'expired' ? expiredCredentials(platform, accessKeyId) : null;
    found(resolution.caller);
    return storedCredentialsOf(resolution.caller, resolution.secretAccessKey);
  };
}

/** One StoredCredentials object per resolved caller (callers are memoized), so SigV4 can keep the derived signing key on it. */
const storedByCaller = new WeakMap<Caller, StoredCredentials>();

function storedCredentialsOf(caller: Caller, secretAccessKey: string): StoredCredentials {
  const kept = storedByCaller.get(caller);
  if (kept && kept.secretAccessKey === secretAccessKey) return kept;
  const credential = caller.credential;
  const stored: StoredCredentials = { secretAccessKey };
  if (credential.sessionToken !== null) stored.sessionToken = credential.sessionToken;
  if (credential.expiration !== null) stored.expiration = new Date(credential.expiration);
  storedByCaller.set(caller, stored);
  return stored;
}

/** An expired session still has its secret, so that the signature check can say "expired". */
function expiredCredentials(platform: Platform, accessKeyId: string): StoredCredentials | null {
  const record = platform.identity.store.getCredential(accessKeyId);
  if (!record || record.expiration === null) return null;
  return {
    secretAccessKey: platform.identity.sealer.open(record.sealedSecret),
    ...(record.sessionToken !== null ? { sessionToken: record.sessionToken } : {}),
    expiration: new Date(record.expiration),
  };
}

