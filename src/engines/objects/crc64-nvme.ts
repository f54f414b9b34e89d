// CRC-64/NVME, the CRC S3 offers as CRC64NVME (reflected polynomial 0x9a6c9329ac4bc9b5, initial
// value and final xor all ones; check value of "123456789" is 0xae8b14860a799888).
// Computed here rather than taken from @aws-sdk/crc64-nvme: that package only re-exports
// @aws-sdk/checksums, which would bring @aws-sdk/core and @smithy/core in as runtime
// dependencies of the server, and its digest is asynchronous where the object writer's is not;
// the native alternative (aws-crt) weighs 54 MB with its dependencies. S3 computes this CRC for
// every object uploaded without a checksum, large ones included, so it runs on the WebAssembly
// kernel of crc-kernel.ts.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html

import { reflectedCrc } from './crc-kernel.js';

export const CRC64_NVME_POLY = 0x9a6c9329ac4bc9b5n;
const MASK = 0xffffffffffffffffn;
const kernel = reflectedCrc(CRC64_NVME_POLY);

/** CRC-64/NVME of `chunk` continuing from `previous` (0n to start). */
export function crc64nvme(chunk: Uint8Array, previous: bigint): bigint {
  return ~kernel(chunk, ~previous & MASK) & MASK;
}
