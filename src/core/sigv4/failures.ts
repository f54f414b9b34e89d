// Protocol-neutral reasons a SigV4 check fails; error-mapping.ts turns them into each protocol's code and message.
// Failure list follows "Troubleshoot AWS Signature Version 4 for API requests"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html).

/**
 * Which SigV4 form the request used: `Authorization` header, presigned query parameters, or the
 * fields of a browser POST form (S3 POST Object: the signature is over the form's policy).
 */
export type AuthForm = 'header' | 'query' | 'post';

/** Protocol family whose error codes a failure is reported in. */
export type ProtocolFamily = 'query' | 'json' | 'rest-xml';

export interface ScopeProblem {
  field: 'date' | 'region' | 'service' | 'terminator';
  got: string;
  expected: string;
}

export type AuthFailure =
  | { kind: 'MissingAuthentication' }
  | { kind: 'AmbiguousAuthentication' }
  | { kind: 'UnsupportedAuthorizationScheme'; authorization: string }
  | { kind: 'UnsupportedAlgorithm'; form: AuthForm; algorithm: string }
  | { kind: 'IncompleteSignature'; form: AuthForm; missing: string[]; authorization?: string }
  | { kind: 'MalformedAuthorization'; component: string; authorization: string }
  | { kind: 'MalformedDate'; form: AuthForm; value: string }
  | { kind: 'MalformedCredential'; form: AuthForm; credential: string }
  | { kind: 'CredentialScopeMismatch'; form: AuthForm; credential: string; amzDate: string; problems: ScopeProblem[] }
  | { kind: 'HostNotSigned'; form: AuthForm }
  | { kind: 'HeadersNotSigned'; headers: string[] }
  | { kind: 'RequestExpired'; requestTime: Date; serverTime: Date; skewMs: number }
  | { kind: 'RequestNotYetValid'; requestTime: Date; serverTime: Date; skewMs: number }
  | { kind: 'InvalidExpires'; value: string; reason: 'not-a-number' | 'negative' | 'too-large' }
  | { kind: 'PresignExpired'; requestTime: Date; expiresSeconds: number; serverTime: Date }
  | { kind: 'PresignNotYetValid'; requestTime: Date; serverTime: Date; skewMs: number }
  | { kind: 'InvalidAccessKeyId'; accessKeyId: string }
  | { kind: 'InvalidSecurityToken' }
  | { kind: 'ExpiredToken' }
  | { kind: 'MissingContentSha256' }
  | { kind: 'InvalidContentSha256'; value: string }
  | { kind: 'ContentSha256Mismatch'; provided: string; computed: string }
  | { kind: 'SignatureDoesNotMatch'; signatureProvided: string; canonicalRequest?: string; stringToSign?: string }
  | { kind: 'MalformedChunk'; detail: string };

export type AuthFailureKind = AuthFailure['kind'];

/** What a protocol serializer needs to write the error response. */
export interface ProtocolError {
  code: string;
  message: string;
  httpStatus: number;
}
