// The additional checksums S3's model knows but Gantry does not compute (SHA512, MD5 and the
// XXHASH family): a request naming one answers NotImplemented instead of the checksum being
// ignored, which would store an object whose integrity was never checked. Gantry computes
// CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 (checksums.ts).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html

import { featureNotImplemented } from '../../core/aws-error.js';
import type { Input } from '../service-types.js';

const UNBUILT = ['SHA512', 'MD5', 'XXHASH64', 'XXHASH3', 'XXHASH128'] as const;

export function refuseUnbuiltChecksums(input: Input): void {
  for (const algorithm of UNBUILT) {
    // ChecksumAlgorithm: x-amz-sdk-checksum-algorithm or x-amz-checksum-algorithm.
    const named = typeof input['ChecksumAlgorithm'] === 'string' && input['ChecksumAlgorithm'].toUpperCase() === algorithm;
    if (named || input[`Checksum${algorithm}`] !== undefined) {
      throw featureNotImplemented(`S3 additional checksums with ${algorithm} are`, ' (CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 are).');
    }
  }
}
