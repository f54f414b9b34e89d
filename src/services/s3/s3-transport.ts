// What the pipeline does differently for S3: unsigned requests are S3's (anonymous
// callers, judged by bucket policies), virtual-hosted-style hosts become path style,
// object uploads stream instead of being buffered, GetObject answers with a stream, and
// responses carry x-amz-request-id / x-amz-id-2 (errors also HostId; HEAD and 304 no body).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html

import { digestText } from '../../core/digests.js';
import { AwsError } from '../../core/aws-error.js';
import { invalidArgument, invalidPartNumberArgument, S3Error } from '../../engines/objects/s3-errors.js';
import {
  headerValue, InvalidScalarError, splitUrl, type ErrorInput, type HttpRequest, type HttpResponse,
} from '../../protocols/index.js';

/** Operations whose request body is object data, streamed to disk. */
const STREAMED_UPLOADS = new Set(['PutObject', 'UploadPart']);

export function streamsUpload(operation: string): boolean {
  return STREAMED_UPLOADS.has(operation);
}

/** Largest XML document S3 reads into memory (DeleteObjects with 1000 keys fits easily). */
export const MAX_S3_DOCUMENT = 16 * 1024 * 1024;

/**
 * Documents S3 limits further, measured as sent. The CORS configuration "is limited to 64 KB in
 * size" (PutBucketCors API reference). [INFER] that 64 KB is 65,536 bytes of the body as sent,
 * and that S3 refuses more as any request body too large: MaxMessageLengthExceeded.
 */
const DOCUMENT_LIMITS: Readonly<Record<string, number>> = { PutBucketCors: 64 * 1024 };

/** How many bytes of request body an S3 operation reads before refusing it. */
export function s3DocumentLimit(operation: string): number {
  return DOCUMENT_LIMITS[operation] ?? MAX_S3_DOCUMENT;
}

/** True for an unsigned request that only S3 can be meant for (no form-encoded query API call). */
export function isAnonymousS3Request(request: HttpRequest): boolean {
  const { query } = splitUrl(request.url);
  if (headerValue(request.headers, 'authorization') !== undefined) return false;
  if (headerValue(request.headers, 'x-amz-target') !== undefined) return false;
  if (/(?:^|&)(X-Amz-Credential|Action)=/i.test(query)) return false;
  return !(headerValue(request.headers, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The bucket a virtual-hosted-style Host names: `bucket.s3.<anything>` or `bucket.localhost`. */
export function bucketFromHost(host: string | undefined): string | null {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const s3 = /^(.+)\.s3[.-]/.exec(name);
  if (s3) return s3[1] ?? null;
  const local = /^(.+)\.localhost$/.exec(name);
  if (local && local[1] !== 's3') return local[1] ?? null;
  return null;
}

/** The request URL in path style (`/bucket/key?query`). */
export function pathStyleUrl(request: HttpRequest): string {
  const bucket = bucketFromHost(headerValue(request.headers, 'host'));
  if (bucket === null) return request.url;
  const { path, query } = splitUrl(request.url);
  const rest = path === '/' || path === '' ? '' : path;
  return `/${encodeURIComponent(bucket)}${rest}${query === '' ? '' : `?${query}`}`;
}

/** A host id like S3's (base64 of random-looking bytes), derived from the request id. */
export function hostId(requestId: string): string {
  return digestText('sha256', `gantry:${requestId}`, 'base64');
}

/** An S3 error with its extra fields (BucketName, Key, ...) for the <Error> document. */
export function s3ErrorInput(error: AwsError): ErrorInput {
  const fields = error instanceof S3Error ? { ...error.fields } : {};
  return { code: error.code, message: error.message, status: error.status, senderFault: error.senderFault, fields };
}

/**
 * S3 never answers ValidationError: a header or query value that is not of its type (a boolean
 * that is not true/false, a number that is not one) is InvalidArgument naming the argument.
 * [INFER] The message for integers is S3's max-keys text with the argument's name; for other
 * types AWS's exact text is not documented, so it keeps the codec's description.
 */
function malformedArgument(error: InvalidScalarError): S3Error {
  const message = error.expected === 'an integer'
    ? `Provided ${error.where} not an integer or within integer range`
    : `Invalid value '${error.text}' for ${error.where}: expected ${error.expected}`;
  return invalidArgument(message, error.where, error.text);
}

/** S3's response headers, HostId in error documents, no body for HEAD or 304. */
export function finishS3Response(response: HttpResponse, method: string, requestId: string, failed: boolean): HttpResponse {
  const headers: Record<string, string> = {};
  for (const name in response.headers) {
    // Only names of these lengths can be a request id header (x-amzn-requestid, x-amz-request-id).
    if (name.length === 16 && (name.toLowerCase() === 'x-amzn-requestid' || name.toLowerCase() === 'x-amz-request-id')) continue;
    headers[name] = response.headers[name] as string;
  }
  headers['x-amz-request-id'] = requestId;
  headers['x-amz-id-2'] = hostId(requestId);
  let body = response.body;
  if (failed && typeof body === 'string' && body.includes('</Error>')) {
    body = body.replace(/<\/Error>\s*$/, `<HostId>${hostId(requestId)}</HostId></Error>`);
  }
  if (method.toUpperCase() === 'HEAD' || response.status === 304) {
    if (failed) delete headers['Content-Type'];
    body = '';
  }
  return { status: response.status, headers, body };
}

/**
 * What S3 answers for a parameter whose text is not of its type (every scalar is read while the
 * request is decoded): InvalidArgument naming it, with partNumber's own text, as one out of
 * 1..10000 gets ([INFER]: the same error for both). Other errors pass unchanged.
 */
export function s3DecodeError(error: unknown): unknown {
  if (!(error instanceof InvalidScalarError)) return error;
  return error.where === 'partNumber' ? invalidPartNumberArgument(error.text) : malformedArgument(error);
}

/** Extra headers an error answers with (a delete marker behind NoSuchKey / MethodNotAllowed, a 304's validators). */
export function errorHeaders(error: unknown): Record<string, string> {
  const own = error instanceof S3Error ? error.headers : {};
  const marker = error as { deleteMarker?: boolean; versionId?: string };
  if (marker.deleteMarker !== true) return { ...own };
  // A 405 names what a delete marker allows (RFC 9110 15.5.6): only its DELETE (AWS, LocalStack's
  // test_delete_object_versioned: allow: DELETE for a GET by its version id).
  const allow: Record<string, string> = error instanceof S3Error && error.status === 405 ? { Allow: 'DELETE' } : {};
  return { ...own, 'x-amz-delete-marker': 'true', ...(marker.versionId ? { 'x-amz-version-id': marker.versionId } : {}), ...allow };
}

/**
 * A GetObject body: bytes streamed to the socket, never buffered, or a small object's bytes,
 * already in memory (read and decrypted at once), sent whole.
 */
export class StreamingBody {
  constructor(
    readonly content: AsyncIterable<Uint8Array> | Buffer,
    /** 206 for a range. */
    readonly status?: number,
  ) {}
}

/** Separates a GetObject body (a stream, or whole bytes) from the members the codec encodes. */
export function takeStreamingBody(output: Record<string, unknown>): {
  rest: Record<string, unknown>;
  stream: AsyncIterable<Uint8Array> | null;
  bytes?: Buffer;
  status?: number;
} {
  const body = output['Body'];
  if (!(body instanceof StreamingBody)) return { rest: output, stream: null };
  const rest = { ...output };
  delete rest['Body'];
  const status = body.status !== undefined ? { status: body.status } : {};
  if (Buffer.isBuffer(body.content)) return { rest, stream: null, bytes: body.content, ...status };
  return { rest, stream: body.content, ...status };
}
