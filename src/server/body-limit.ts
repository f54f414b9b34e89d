// The limit on request bodies Gantry buffers whole (every API call but S3's, whose object data
// streams), and the answer to a body over it: an AWS error in the service's own protocol,
// sent without reading the rest of the body, on a connection then closed.

import { AwsError } from '../core/aws-error.js';

/** No IAM, STS, KMS, ECR... request comes near this; AWS's own limits per API are far lower. */
export const MAX_BUFFERED_BODY = 64 * 1024 * 1024;

/**
 * [INFER] AWS documents no error for a request body over its front end's limit; HTTP's status
 * for it is 413 Payload Too Large, and the code follows the name AWS front ends give that
 * status (RequestEntityTooLarge). A client's fault: the request was refused unread.
 */
export function requestEntityTooLarge(limit: number): AwsError {
  return new AwsError('RequestEntityTooLarge', `Request body exceeds the maximum allowed size of ${limit} bytes.`, 413);
}
