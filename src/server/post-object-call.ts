// S3 POST Object (a browser form upload) through the pipeline: a POST to a bucket with a
// multipart/form-data body. Its fields are read up to the file, whose bytes stream on to the
// object writer. The form authenticates itself: SigV4 fields whose signature covers the policy,
// checked with the access key's stored secret as a signed request is; a form with no signing
// field is anonymous, judged by the bucket policy. The handler (services/s3/post-object.ts)
// then checks the policy and writes through PutObject's governed path.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html

import { featureNotImplemented } from '../core/aws-error.js';
import { verifyPostSignature, type PostSigningFields } from '../core/sigv4/index.js';
import type { Caller } from '../engines/identity/callers.js';
import { noteRoleUse } from '../engines/identity/role-last-used.js';
import { invalidArgument, preconditionFailed, S3Error } from '../engines/objects/s3-errors.js';
import { decodeSegment, headerValue, readFormHead, splitUrl, type FormRefusal } from '../protocols/index.js';
import { fieldMap, missingPostField, POST_OBJECT, type PostObjectInput } from '../services/s3/post-object.js';
import { checkSigningRegion } from '../services/s3/signing-region.js';
import { anonymous, credentialsLookup, s3AuthError, sigV4Signing, type Authenticated } from './authenticate-call.js';
import type { CallState, IncomingCall } from './call-state.js';
import type { Platform } from './platform.js';

/**
 * Most bytes of the fields before the file. AWS answers MaxPostPreDataLengthExceededError past
 * its limit; [INFER] the limit, 20 KB, is not documented. A file sent as a plain field (no
 * filename) is a field value held in memory, allowed as many bytes; browsers and SDKs send a file
 * part with a filename, which streams whatever its size.
 */
const MAX_FIELD_BYTES = 20 * 1024;

/** The SigV4 fields in the order AWS asks for a missing one (AWS-recorded: Algorithm before Credential; [INFER] the rest). */
const SIGNING_FIELDS = [['x-amz-algorithm', 'X-Amz-Algorithm'], ['x-amz-credential', 'X-Amz-Credential'], ['x-amz-date', 'X-Amz-Date'], ['x-amz-signature', 'X-Amz-Signature']] as const;

/** A POST to a bucket (path `/bucket`, no query) that no SigV4 header or query signs: POST Object's address. */
export function isBucketPost(call: IncomingCall, routedUrl: string): boolean {
  if (call.method !== 'POST' || headerValue(call.headers, 'authorization') !== undefined) return false;
  const { path, query } = splitUrl(routedUrl);
  return query === '' && /^\/[^/]+\/?$/.test(path);
}

export interface PostCall {
  readonly authenticated: Authenticated;
  readonly input: Record<string, unknown>;
  /** Stops reading the form; call once the handler is done with the file. */
  release(): void;
}

/** Reads the form up to its file and authenticates it; the caller invokes the handler with `input`, then releases. */
export async function readPostObject(platform: Platform, call: IncomingCall, state: CallState, routedUrl: string): Promise<PostCall> {
  state.operation = POST_OBJECT;
  // Decoded as every other S3 path is: invalid percent-encoding stays as sent, and names no bucket.
  const bucket = decodeSegment(splitUrl(routedUrl).path.split('/')[1] ?? '');
  const contentType = headerValue(call.headers, 'content-type') ?? '';
  // AWS-recorded: a POST to a bucket whose body is not a form.
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType) || !call.bodyStream) {
    throw preconditionFailed('Bucket POST must be of the enclosure-type multipart/form-data');
  }
  const head = await readFormHead(call.bodyStream, contentType, {
    fileField: 'file', fieldBytes: MAX_FIELD_BYTES, refuse: formRefusal,
  });
  try {
    const fields = fieldMap(head.fields);
    state.input = { Bucket: bucket, ...(fields.has('key') ? { Key: fields.get('key') } : {}) };
    const { authenticated, policy } = authenticatePost(platform, state, fields);
    if (authenticated.signing) checkSigningRegion(platform.objects, POST_OBJECT, { Bucket: bucket }, authenticated.signing);
    // [INFER] a form without a file is refused as one without any required field.
    if (head.file === null) throw missingPostField('file');
    const input: PostObjectInput = { Bucket: bucket, Fields: fields, File: head.file, Policy: policy };
    return { authenticated, input: input as unknown as Record<string, unknown>, release: head.release };
  } catch (error) {
    head.release();
    throw error;
  }
}

/** The form's own authentication: SigV4 when it has any signing field, else anonymous; with the policy a signed form must meet. */
function authenticatePost(
  platform: Platform, state: CallState, fields: ReadonlyMap<string, string>,
): { authenticated: Authenticated; policy: string | null } {
  if (fields.has('awsaccesskeyid') || fields.has('signature')) {
    throw featureNotImplemented('S3 POST forms signed with Signature Version 2 are', ' (sign them with SigV4: x-amz-algorithm AWS4-HMAC-SHA256).');
  }
  if (!SIGNING_FIELDS.some(([name]) => fields.has(name))) return { authenticated: anonymous(platform, state), policy: null };
  for (const [name, shown] of SIGNING_FIELDS) if (!fields.has(name)) throw missingPostField(shown);
  const policy = fields.get('policy');
  if (policy === undefined) throw missingPostField('Policy');
  const signed: PostSigningFields = {
    algorithm: fields.get('x-amz-algorithm') as string,
    credential: fields.get('x-amz-credential') as string,
    date: fields.get('x-amz-date') as string,
    signature: fields.get('x-amz-signature') as string,
    policy,
    securityToken: fields.get('x-amz-security-token'),
  };
  let resolved: Caller | null = null;
  const now = platform.clock.now();
  const result = verifyPostSignature(signed, {
    now,
    lookupCredentials: credentialsLookup(platform, state, (caller) => {
      resolved = caller;
    }),
  }, 's3');
  if (!result.ok) {
    const failure = result.failure;
    // [INFER] AWS's answer to a malformed signing field of a form is not recorded.
    if (failure.kind === 'MalformedPostField') throw invalidArgument(`${failure.field} is not valid: ${failure.value}`, failure.field, failure.value);
    throw s3AuthError(failure);
  }
  // verifyPostSignature succeeds only for a key the lookup resolved.
  const caller = resolved as unknown as Caller;
  state.caller = caller;
  // A form signed by a role session is a use of the role, as a signed request is (authenticate()).
  noteRoleUse(platform.identity, caller, result.region, now);
  const signing = sigV4Signing('post', result.region, result.date, now, undefined);
  const authenticated: Authenticated = { caller, region: result.region, principal: null, payload: null, signing };
  return { authenticated, policy };
}

/** S3's answers to a body that is not the form it should be (texts from S3's error code list). */
function formRefusal(reason: FormRefusal): Error {
  switch (reason) {
    case 'malformed':
      return new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
    case 'fields-too-large':
      return new S3Error('MaxPostPreDataLengthExceededError', 'Your POST request fields preceding the upload file were too large.', 400);
    case 'file-field-too-large':
      return featureNotImplemented(
        `S3 POST files sent as a plain field (without a filename) of more than ${MAX_FIELD_BYTES} bytes are`,
        ' (send the file part with a filename: it then streams whatever its size).',
      );
  }
}
