// CORS applied to requests: the answer to a preflight OPTIONS on a bucket or object (never
// signed, so judged by the bucket's CORS rules alone, with no IAM decision), and the
// Access-Control-* headers of an actual request that carries an Origin.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html

import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { BucketRecord } from '../../engines/objects/object-records.js';
import { S3Error } from '../../engines/objects/s3-errors.js';
import { headerValue, splitUrl, type HttpRequest } from '../../protocols/index.js';
import { corsHeaders, matchCorsRule, requestedHeaders, type CorsRequest, type CorsRule } from './cors.js';
import { pathStyleUrl } from './s3-transport.js';

/** The name a preflight is audited under: the S3 model has no OPTIONS operation. */
export const PREFLIGHT_OPERATION = 'PreflightRequest';

const NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, '
  + "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

// Texts and fields as recorded against AWS (localstack tests/aws/services/s3/test_s3_cors.snapshot.json).
const insufficientInformation = () => new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
const forbidden = (message: string, method: string, resourceType: 'BUCKET' | 'OBJECT') =>
  new S3Error('AccessForbidden', message, 403, { Method: method, ResourceType: resourceType });

/** The headers of a preflight's 200 answer; throws the S3Error AWS answers with otherwise. */
export function answerPreflight(objects: ObjectContext, request: HttpRequest): Record<string, string> {
  const origin = headerValue(request.headers, 'origin');
  const method = headerValue(request.headers, 'access-control-request-method');
  if (origin === undefined || origin === '') throw insufficientInformation();
  const target = targetOf(request);
  const bucket = target && objects.store.getBucket(target.bucket);
  // AWS checks the bucket and its CORS before the announced method (recorded: options-with-origin-no-method).
  if (!bucket) throw forbidden('CORSResponse: Bucket not found', method ?? 'OPTIONS', 'BUCKET');
  const rules = rulesOf(bucket);
  if (!rules) throw forbidden('CORSResponse: CORS is not enabled for this bucket.', method ?? 'OPTIONS', 'BUCKET');
  // [INFER] AWS's answer to a preflight without Access-Control-Request-Method on a bucket with CORS is not
  // recorded; RESTOPTIONSobject.html makes the header required, so it is refused as a missing Origin is.
  if (method === undefined || method === '') throw insufficientInformation();
  const cors: CorsRequest = { origin, method, headers: requestedHeaders(headerValue(request.headers, 'access-control-request-headers')) };
  const match = matchCorsRule(rules, cors);
  if (!match) throw forbidden(NOT_ALLOWED, method, target.hasKey ? 'OBJECT' : 'BUCKET');
  return corsHeaders(match, cors, true);
}

/**
 * The Access-Control-* headers for an actual request with an Origin (on its success or its
 * error), or null when the bucket has no rule for it. Like AWS, a request that also carries
 * Access-Control-Request-Method/-Headers is judged by those (recorded: get-wrong-op,
 * get-non-allowed-with-acl).
 */
export function actualRequestCors(objects: ObjectContext, request: HttpRequest, origin: string): Record<string, string> | null {
  if (origin === '') return null;
  const target = targetOf(request);
  const bucket = target && objects.store.getBucket(target.bucket);
  const rules = bucket ? rulesOf(bucket) : null;
  if (!rules) return null;
  const cors: CorsRequest = {
    origin,
    method: headerValue(request.headers, 'access-control-request-method') ?? request.method.toUpperCase(),
    headers: requestedHeaders(headerValue(request.headers, 'access-control-request-headers')),
  };
  const match = matchCorsRule(rules, cors);
  return match ? corsHeaders(match, cors, false) : null;
}

function rulesOf(bucket: BucketRecord): readonly CorsRule[] | null {
  return bucket.cors && bucket.cors.length > 0 ? (bucket.cors as CorsRule[]) : null;
}

/** The bucket a request names (virtual-hosted or path style) and whether it names an object in it. */
function targetOf(request: HttpRequest): { bucket: string; hasKey: boolean } | null {
  const { path } = splitUrl(pathStyleUrl(request));
  const slash = path.indexOf('/', 1);
  const encoded = slash < 0 ? path.slice(1) : path.slice(1, slash);
  if (encoded === '') return null;
  try {
    return { bucket: decodeURIComponent(encoded), hasKey: slash >= 0 && slash < path.length - 1 };
  } catch {
    // A name that is not valid percent-encoding names no bucket.
    return null;
  }
}
