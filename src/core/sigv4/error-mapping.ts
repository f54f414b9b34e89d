// Maps a protocol-neutral AuthFailure to the code, message and HTTP status of one protocol family.
// Sources for each text are cited beside it; "observed" texts come from AWS responses quoted in public issue threads.
import { formatAmzDate, formatIsoSeconds } from './amz-date.js';
import type { AuthFailure, ProtocolError, ProtocolFamily, ScopeProblem } from './failures.js';

// Query and JSON services: long form. Observed, quoted by mhart/dynalite index.js (DynamoDB) and scratchstack-aws-signature.
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
// S3 short form. https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (SignatureDoesNotMatch).
export const S3_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
// Observed UnrecognizedClientException / InvalidClientTokenId text (dynalite index.js; scratchstack-aws-signature).
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
// Common Errors pages (e.g. https://docs.aws.amazon.com/signer/latest/api/CommonErrors.html, ExpiredTokenException).
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';
// Observed (dynalite index.js; scratchstack constants.rs): Coral services' text for an unsigned request.
export const MISSING_TOKEN_MESSAGE = 'Request is missing Authentication Token';
// Observed S3 texts (aws/aws-sdk-js#3493, aws/aws-sdk-php#1333, aws/aws-sdk-php#612, dmjio/s3-signer#16).
const S3_EXPIRED = 'Request has expired';
const S3_NOT_YET_VALID = 'Request is not yet valid';
const S3_SKEWED = 'The difference between the request time and the current time is too large.';
// Observed S3 AuthorizationQueryParametersError texts (bryanjos/aws_auth#31, minio/minio#5162).
const S3_QUERY_PARAMS_REQUIRED =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';
const S3_HEADER_MALFORMED = 'The authorization header is malformed; ';
const S3_CREDENTIAL_PARAM = 'Error parsing the X-Amz-Credential parameter; ';
const S3_CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const S3_UNSUPPORTED_MECHANISM = 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.';
const S3_PAYLOAD_VALUES =
  'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.';

function err(code: string, message: string, httpStatus: number): ProtocolError {
  return { code, message, httpStatus };
}

/** Query services answer `SignatureDoesNotMatch` (403); JSON services `InvalidSignatureException` (400, dynalite). */
function badSignature(protocol: ProtocolFamily, message: string): ProtocolError {
  return protocol === 'json' ? err('InvalidSignatureException', message, 400) : err('SignatureDoesNotMatch', message, 403);
}

function incomplete(protocol: ProtocolFamily, message: string): ProtocolError {
  return protocol === 'json' ? err('IncompleteSignatureException', message, 400) : err('IncompleteSignature', message, 400);
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60000)} min.`;
}

/** Coral's combined scope message (dynalite index.js comments; aws/aws-sdk-ruby#508; arnemolland/sigv4#15). */
function coralScopeMessage(problems: readonly ScopeProblem[], amzDate: string): string {
  let out = '';
  for (const p of problems) {
    if (p.field === 'region') out += `Credential should be scoped to a valid region, not '${p.got}'. `;
    if (p.field === 'service') out += `Credential should be scoped to correct service: '${p.expected}'. `;
    if (p.field === 'terminator') out += `Credential should be scoped with a valid terminator: 'aws4_request', not '${p.got}'. `;
  }
  const date = problems.find((p) => p.field === 'date');
  if (date) {
    out += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date.got}' != '${date.expected}', from '${amzDate}'.`;
  }
  return out;
}

/** S3 reports the first scope problem (texts as returned by S3, quoted by versitygw and minio). */
function s3ScopeMessage(p: ScopeProblem, query: boolean): string {
  const prefix = query ? S3_CREDENTIAL_PARAM : S3_HEADER_MALFORMED;
  switch (p.field) {
    case 'region':
      return `${prefix}the region '${p.got}' is wrong; expecting '${p.expected}'`;
    case 'service':
      return `${prefix}incorrect service "${p.got}". This endpoint belongs to "${p.expected}".`;
    case 'terminator':
      return `${prefix}incorrect terminal "${p.got}". This endpoint uses "aws4_request".`;
    case 'date':
      return query
        ? `Invalid credential date "${p.got}". This date is not the same as X-Amz-Date: "${p.expected}".`
        : `${S3_HEADER_MALFORMED}Invalid credential date. Date is not the same as X-Amz-Date.`;
  }
}

function s3(failure: AuthFailure): ProtocolError {
  switch (failure.kind) {
    case 'MissingAuthentication':
      return err('AccessDenied', 'Access Denied', 403);
    case 'AmbiguousAuthentication':
      return err('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified', 400);
    case 'UnsupportedAuthorizationScheme':
      return err('InvalidArgument', S3_UNSUPPORTED_MECHANISM, 400);
    case 'UnsupportedAlgorithm':
      return failure.form === 'query'
        ? err('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400)
        : err('InvalidArgument', S3_UNSUPPORTED_MECHANISM, 400);
    case 'IncompleteSignature':
      if (failure.form === 'query') return err('AuthorizationQueryParametersError', S3_QUERY_PARAMS_REQUIRED, 400);
      if (failure.missing.every((m) => m === 'X-Amz-Date')) {
        return err('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
      }
      return err('AuthorizationHeaderMalformed', `${S3_HEADER_MALFORMED}the authorization header requires three components: Credential, SignedHeaders, and Signature.`, 400);
    case 'MalformedAuthorization':
      return err('AuthorizationHeaderMalformed', `${S3_HEADER_MALFORMED}the authorization component "${failure.component}" is malformed.`, 400);
    case 'MalformedDate':
      return failure.form === 'query'
        ? err('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', 400)
        : err('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
    case 'MalformedCredential':
      return failure.form === 'query'
        ? err('AuthorizationQueryParametersError', S3_CREDENTIAL_PARAM + S3_CREDENTIAL_SHAPE, 400)
        : err('AuthorizationHeaderMalformed', S3_HEADER_MALFORMED + S3_CREDENTIAL_SHAPE, 400);
    case 'CredentialScopeMismatch': {
      const first = failure.problems[0] as ScopeProblem;
      const code = failure.form === 'query' ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';
      return err(code, s3ScopeMessage(first, failure.form === 'query'), 400);
    }
    case 'HostNotSigned':
    case 'HeadersNotSigned':
      return err('AccessDenied', 'There were headers present in the request which were not signed', 403);
    case 'RequestExpired':
    case 'RequestNotYetValid':
      return err('RequestTimeTooSkewed', S3_SKEWED, 403);
    case 'InvalidExpires':
      return err('AuthorizationQueryParametersError', expiresMessage(failure.reason), 400);
    case 'PresignExpired':
      return err('AccessDenied', S3_EXPIRED, 403);
    case 'PresignNotYetValid':
      return err('AccessDenied', S3_NOT_YET_VALID, 403);
    case 'InvalidAccessKeyId':
      return err('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
    case 'InvalidSecurityToken':
      return err('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
    case 'ExpiredToken':
      return err('ExpiredToken', 'The provided token has expired.', 400);
    case 'MissingContentSha256':
      return err('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    case 'InvalidContentSha256':
      return err('InvalidArgument', S3_PAYLOAD_VALUES, 400);
    case 'ContentSha256Mismatch':
      return err('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
    case 'SignatureDoesNotMatch':
      return err('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH_MESSAGE, 403);
    case 'MalformedChunk':
      return err('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
  }
}

/** S3 texts, also used by query/JSON services for X-Amz-Expires (no Coral text was found for those). */
function expiresMessage(reason: 'not-a-number' | 'negative' | 'too-large'): string {
  if (reason === 'not-a-number') return 'X-Amz-Expires should be a number';
  if (reason === 'negative') return 'X-Amz-Expires must be non-negative';
  return 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';
}

function coral(failure: AuthFailure, protocol: 'query' | 'json'): ProtocolError {
  const json = protocol === 'json';
  switch (failure.kind) {
    case 'MissingAuthentication':
    case 'UnsupportedAuthorizationScheme':
      // dynalite: a header not starting with AWS4- is treated as no authentication at all.
      return json
        ? err('MissingAuthenticationTokenException', MISSING_TOKEN_MESSAGE, 400)
        : err('MissingAuthenticationToken', MISSING_TOKEN_MESSAGE, 403);
    case 'AmbiguousAuthentication':
      return badSignature(protocol, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    case 'UnsupportedAlgorithm':
      return incomplete(protocol, `Unsupported AWS 'algorithm': '${failure.algorithm}' (only AWS4-HMAC-SHA256 for now). `);
    case 'IncompleteSignature': {
      if (failure.form === 'query') {
        const parts = failure.missing.map((p) => `AWS query-string parameters must include '${p}'. `).join('');
        return incomplete(protocol, `${parts}Re-examine the query-string parameters.`);
      }
      let msg = '';
      for (const p of failure.missing) {
        msg += p === 'X-Amz-Date'
          ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
          : `Authorization header requires '${p}' parameter. `;
      }
      return incomplete(protocol, `${msg}Authorization=${failure.authorization ?? ''}`);
    }
    case 'MalformedAuthorization':
      // aws/aws-cli via jenkinsci/aws-credentials-plugin#72.
      return incomplete(protocol, `'${failure.component}' not a valid key=value pair (missing equal-sign) in Authorization header: '${failure.authorization}'.`);
    case 'MalformedDate':
      return incomplete(protocol, `Date must be in ISO-8601 'basic format'. Got '${failure.value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    case 'MalformedCredential':
      // mhart/aws4#97.
      return incomplete(protocol, `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${failure.credential}'`);
    case 'CredentialScopeMismatch':
      return badSignature(protocol, coralScopeMessage(failure.problems, failure.amzDate));
    case 'HostNotSigned':
      return badSignature(protocol, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    case 'HeadersNotSigned':
      // Only S3's presigned URLs are checked for unsigned x-amz-* headers (verify.ts); never reached.
      return badSignature(protocol, 'There were headers present in the request which were not signed');
    case 'RequestExpired':
      return badSignature(protocol, expiredMessage(failure.requestTime, failure.serverTime, failure.skewMs));
    case 'RequestNotYetValid':
    case 'PresignNotYetValid':
      return badSignature(protocol, notYetMessage(failure.requestTime, failure.serverTime, failure.skewMs));
    case 'InvalidExpires':
      return incomplete(protocol, expiresMessage(failure.reason));
    case 'PresignExpired':
      // Common Errors: "RequestExpired ... more than 15 minutes after the request expiration date (such as for pre-signed URLs)".
      return err('RequestExpired', S3_EXPIRED, 400);
    case 'InvalidAccessKeyId':
      return json ? err('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, 400) : err('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403);
    case 'InvalidSecurityToken':
      return json ? err('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, 400) : err('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403);
    case 'ExpiredToken':
      return json ? err('ExpiredTokenException', EXPIRED_TOKEN_MESSAGE, 403) : err('ExpiredToken', EXPIRED_TOKEN_MESSAGE, 403);
    case 'MissingContentSha256':
    case 'InvalidContentSha256':
    case 'ContentSha256Mismatch':
    case 'SignatureDoesNotMatch':
      return badSignature(protocol, SIGNATURE_MISMATCH_MESSAGE);
    case 'MalformedChunk':
      return err('IncompleteBody', failure.detail, 400);
  }
}

/** "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125100Z - 15 min.)" */
export function expiredMessage(requestTime: Date, serverTime: Date, skewMs: number): string {
  const limit = new Date(serverTime.getTime() - skewMs);
  return `Signature expired: ${formatAmzDate(requestTime)} is now earlier than ${formatAmzDate(limit)} (${formatAmzDate(serverTime)} - ${minutes(skewMs)})`;
}

/** "Signature not yet current: 20150830T130000Z is still later than 20150830T125100Z (20150830T123600Z + 15 min.)" */
export function notYetMessage(requestTime: Date, serverTime: Date, skewMs: number): string {
  const limit = new Date(serverTime.getTime() + skewMs);
  return `Signature not yet current: ${formatAmzDate(requestTime)} is still later than ${formatAmzDate(limit)} (${formatAmzDate(serverTime)} + ${minutes(skewMs)})`;
}

/** Code, message and status for a failure in one protocol family. */
export function describeAuthFailure(failure: AuthFailure, protocol: ProtocolFamily): ProtocolError {
  return protocol === 'rest-xml' ? s3(failure) : coral(failure, protocol);
}

/** Extra XML elements S3 adds to some errors (`<ServerTime>`, `<Expires>`, `<MaxAllowedSkewMilliseconds>`...). */
export function s3ErrorExtras(failure: AuthFailure): Record<string, string> {
  switch (failure.kind) {
    case 'RequestExpired':
    case 'RequestNotYetValid':
      return {
        RequestTime: formatAmzDate(failure.requestTime),
        ServerTime: formatIsoSeconds(failure.serverTime),
        MaxAllowedSkewMilliseconds: String(failure.skewMs),
      };
    case 'PresignExpired':
      return {
        'X-Amz-Expires': String(failure.expiresSeconds),
        Expires: formatIsoSeconds(new Date(failure.requestTime.getTime() + failure.expiresSeconds * 1000)),
        ServerTime: formatIsoSeconds(failure.serverTime),
      };
    case 'HeadersNotSigned':
      return { HeadersNotSigned: failure.headers.join(', ') };
    case 'InvalidAccessKeyId':
      return { AWSAccessKeyId: failure.accessKeyId };
    case 'SignatureDoesNotMatch':
      return {
        SignatureProvided: failure.signatureProvided,
        ...(failure.stringToSign !== undefined ? { StringToSign: failure.stringToSign } : {}),
        ...(failure.canonicalRequest !== undefined ? { CanonicalRequest: failure.canonicalRequest } : {}),
      };
    default:
      return {};
  }
}
