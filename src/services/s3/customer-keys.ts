// SSE-C (server-side encryption with customer-provided keys) is refused: AWS takes such keys
// only over HTTPS, and Gantry listens on plain HTTP, so every request carrying them gets the
// error AWS gives an HTTP request, instead of the key being ignored and the object stored
// (or read) under Gantry's own encryption.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html

import { invalidRequest } from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';

/** The input members the x-amz-(copy-source-)server-side-encryption-customer-* headers fill. */
const CUSTOMER_KEY_MEMBERS = [
  'SSECustomerAlgorithm', 'SSECustomerKey', 'SSECustomerKeyMD5',
  'CopySourceSSECustomerAlgorithm', 'CopySourceSSECustomerKey', 'CopySourceSSECustomerKeyMD5',
] as const;

export function refuseCustomerKeys(input: Input): void {
  for (const member of CUSTOMER_KEY_MEMBERS) {
    if (input[member] === undefined) continue;
    // AWS's text for SSE-C over http. [INFER] Whether AWS checks this before or after
    // authorization is not documented; refusing first never reveals anything about the bucket.
    throw invalidRequest('Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.');
  }
}
