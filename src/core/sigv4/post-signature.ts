// SigV4 for browser POST uploads (S3 POST Object): the form carries x-amz-algorithm,
// x-amz-credential, x-amz-date and x-amz-signature, and the string to sign is the base64 policy
// itself: signature = hex(HMAC-SHA256(signingKey, policy)). There is no canonical request and no
// clock-skew window: the policy's own expiration bounds the form's life (checked by S3).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html

import { parseAmzDate } from './amz-date.js';
import type { AuthFailure } from './failures.js';
import { splitCredential } from './parse-auth.js';
import { ALGORITHM, credentialScope, hmac } from './signing.js';
import { digestMatches, scopeProblems, sessionTokenAccepted, signingKeyOf, type StoredCredentials, type VerifyDeps } from './verify.js';

/** The signing fields of a POST form (values as sent). */
export interface PostSigningFields {
  readonly algorithm: string;
  readonly credential: string;
  readonly date: string;
  readonly signature: string;
  /** The base64 policy document: the string that was signed. */
  readonly policy: string;
  readonly securityToken: string | undefined;
}

/** A signing field that is not what SigV4 requires (which field, as AWS names it, and its value). */
export interface PostFieldProblem {
  readonly kind: 'MalformedPostField';
  readonly field: 'X-Amz-Algorithm' | 'X-Amz-Credential' | 'X-Amz-Date';
  readonly value: string;
}

export interface PostSignatureSuccess<C extends StoredCredentials> {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  /** The signing date (x-amz-date). */
  readonly date: Date;
  readonly credentials: C;
}

export type PostSignatureResult<C extends StoredCredentials> =
  | PostSignatureSuccess<C>
  | { readonly ok: false; readonly failure: AuthFailure | PostFieldProblem };

/**
 * Checks a POST form's signature with the stored secret of its access key; `service` is the
 * signing name the scope must name (s3). Pure: the credential store and clock are injected.
 */
export function verifyPostSignature<C extends StoredCredentials>(
  fields: PostSigningFields, deps: VerifyDeps<C>, service: string,
): PostSignatureResult<C> {
  const fail = (failure: AuthFailure | PostFieldProblem) => ({ ok: false as const, failure });
  if (fields.algorithm !== ALGORITHM) return fail({ kind: 'MalformedPostField', field: 'X-Amz-Algorithm', value: fields.algorithm });
  const date = parseAmzDate(fields.date);
  if (!date) return fail({ kind: 'MalformedPostField', field: 'X-Amz-Date', value: fields.date });
  const cred = splitCredential(fields.credential);
  if (!cred) return fail({ kind: 'MalformedPostField', field: 'X-Amz-Credential', value: fields.credential });
  const problems = scopeProblems(cred, fields.date, service);
  if (problems.length > 0) {
    return fail({ kind: 'CredentialScopeMismatch', form: 'post', credential: fields.credential, amzDate: fields.date, problems });
  }
  const credentials = deps.lookupCredentials(cred.accessKeyId);
  if (!credentials) return fail({ kind: 'InvalidAccessKeyId', accessKeyId: cred.accessKeyId });
  if (credentials.expiration !== undefined && credentials.expiration.getTime() <= deps.now.getTime()) return fail({ kind: 'ExpiredToken' });
  const scope = credentialScope(cred.date, cred.region, cred.service);
  if (!digestMatches(hmac(signingKeyOf(credentials, scope, cred.date, cred.region, cred.service), fields.policy), fields.signature)) {
    return fail({ kind: 'SignatureDoesNotMatch', signatureProvided: fields.signature, stringToSign: fields.policy });
  }
  // Temporary credentials need their session token, as a (policy-covered) form field.
  if (!sessionTokenAccepted(credentials, fields.securityToken)) return fail({ kind: 'InvalidSecurityToken' });
  return { ok: true, accessKeyId: cred.accessKeyId, region: cred.region, service: cred.service, date, credentials };
}
