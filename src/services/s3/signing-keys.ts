// The condition keys S3 derives from how a request was signed: s3:signatureversion,
// s3:authType, s3:signatureAge and s3:x-amz-content-sha256, on every S3 action.
// https://docs.aws.amazon.com/AmazonS3/latest/API/bucket-policy-s3-sigv4-conditions.html

import type { ContextValue } from '../../iam/index.js';
import type { RequestSigning } from '../service-types.js';

/** s3:authType by SigV4 form; "POST" is for browser POST uploads (POST Object). */
const AUTH_TYPE = { header: 'REST-HEADER', query: 'REST-QUERY-STRING', post: 'POST' } as const;

/** One frozen set of keys per request (its signing facts), shared by all its authorizations. */
const bySigning = new WeakMap<RequestSigning, Readonly<Record<string, ContextValue>>>();
const UNSIGNED: Readonly<Record<string, ContextValue>> = Object.freeze({});

/**
 * The signing keys of a request; none for an unsigned (anonymous) one ([INFER]: the page
 * describes them for authenticated requests only). s3:signatureAge is in milliseconds, so
 * policies compare it with NumericGreaterThan 600000 for ten minutes; [INFER] it is given for
 * header signatures too, not only the presigned URLs the page names. s3:x-amz-content-sha256
 * is the header as sent: "this condition key doesn't support x-amz-content-sha256 as a query
 * string parameter", so a presigned URL without the header has no such key.
 */
export function signingContext(signing: RequestSigning | undefined): Readonly<Record<string, ContextValue>> {
  if (signing === undefined) return UNSIGNED;
  let context = bySigning.get(signing);
  if (context === undefined) {
    const keys: Record<string, ContextValue> = {
      's3:signatureversion': signing.algorithm,
      's3:authType': AUTH_TYPE[signing.form],
      's3:signatureAge': String(signing.ageMs),
    };
    if (signing.contentSha256Header !== undefined) keys['s3:x-amz-content-sha256'] = signing.contentSha256Header;
    context = Object.freeze(keys);
    bySigning.set(signing, context);
  }
  return context;
}
