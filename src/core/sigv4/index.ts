// Public surface of the SigV4 verifier: request verification, error mapping and aws-chunked decoding.
// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html for the signing process it checks.
export { verifyRequest, MAX_SKEW_MS } from './verify.js';
export type { VerifiableRequest, StoredCredentials, VerifyDeps, VerifyOptions, VerifyResult, VerifySuccess, VerifyFailure } from './verify.js';
export { describeAuthFailure, s3ErrorExtras } from './error-mapping.js';
export type { AuthFailure, AuthFailureKind, AuthForm, ProtocolError, ProtocolFamily, ScopeProblem } from './failures.js';
export { decodeAwsChunked, awsChunkedDecoderStream, chunkSignature, chunkStringToSign, AwsChunkedError } from './chunked.js';
export type { ChunkSigningContext, ChunkDecodeOptions } from './chunked.js';
export { pairsFromRawHeaders } from './canonical-headers.js';
export type { RawHeader } from './canonical-headers.js';
export { canonicalUri, canonicalQueryString, parseQuery, uriEncode } from './encoding.js';
export {
  buildCanonicalRequest, buildStringToSign, credentialScope, deriveSigningKey, sha256Hex, signatureHex,
} from './signing.js';
export { verifyPostSignature } from './post-signature.js';
export type { PostSigningFields } from './post-signature.js';
