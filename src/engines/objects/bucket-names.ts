// General purpose bucket naming rules.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function isValidBucketName(name: string): boolean {
  if (!SHAPE.test(name) || name.includes('..') || IP_ADDRESS.test(name)) return false;
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) return false;
  return !RESERVED_SUFFIXES.some((s) => name.endsWith(s));
}

/** Bucket names that can appear as the first label of a virtual-hosted-style host name. */
export function isDnsCompatibleBucket(name: string): boolean {
  return isValidBucketName(name) && !name.includes('.');
}
