// User metadata (x-amz-meta-*) of a write, with S3's limit: "the user-defined metadata is limited
// to 2 KB in size ... the sum of the number of bytes in the UTF-8 encoding of each key and value"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html). [INFER] keys
// counted without their x-amz-meta- prefix; the error's Size and MaxSizeAllowed fields.

import { S3Error } from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';

const MAX_METADATA_BYTES = 2048;

export function userMetadata(input: Input): Record<string, string> {
  const metadata = { ...((input['Metadata'] as Record<string, string> | undefined) ?? {}) };
  let size = 0;
  for (const name in metadata) size += Buffer.byteLength(name) + Buffer.byteLength(metadata[name] as string);
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, {
      Size: String(size), MaxSizeAllowed: String(MAX_METADATA_BYTES),
    });
  }
  return metadata;
}
