// S3 answers a request about a bucket only when it was signed for the bucket's Region: a bucket
// lives in one Region, and SigV4's credential scope names the Region the caller meant.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (AuthorizationHeaderMalformed)

import type { ObjectContext } from '../../engines/objects/object-context.js';
import { wrongSigningRegion } from '../../engines/objects/s3-errors.js';
import type { RequestSigning } from '../service-types.js';

/**
 * Operations answered whatever Region they were signed for:
 * - CreateBucket: the bucket does not exist yet; its LocationConstraint is judged against the
 *   signing Region by the handler (us-east-1 creates anywhere; IllegalLocationConstraintException).
 * - GetBucketLocation: how clients discover a bucket's Region, signed for us-east-1 on the global
 *   endpoint ([INFER]: AWS answers it for buckets of every Region there).
 * HeadBucket is not among them: S3 answers it with 400 and x-amz-bucket-region (no body, being
 * HEAD), which is what the SDKs read to find the Region.
 */
const ANY_REGION = new Set(['CreateBucket', 'GetBucketLocation']);

/**
 * Throws AuthorizationHeaderMalformed (presigned: AuthorizationQueryParametersError) when the
 * request names an existing bucket of another Region than it was signed for. A bucket that does
 * not exist is left to the handler (NoSuchBucket).
 */
export function checkSigningRegion(objects: ObjectContext, operation: string, input: Readonly<Record<string, unknown>>, signing: RequestSigning | undefined): void {
  // An anonymous (unsigned) request names no Region.
  if (signing === undefined || ANY_REGION.has(operation)) return;
  const name = input['Bucket'];
  if (typeof name !== 'string') return;
  const bucket = objects.store.getBucket(name);
  if (bucket && bucket.region !== signing.region) throw wrongSigningRegion(signing.region, bucket.region, signing.form === 'query');
}
