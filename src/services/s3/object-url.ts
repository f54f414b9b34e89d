// The URLs S3 hands out in <Location>: an object's in CompleteMultipartUpload (absolute, on the
// host the request was addressed to, in the addressing style the request used: virtual-hosted
// `http://bucket.host/key`, path `http://host/bucket/key`, with the key URI-encoded), and a new
// bucket's in CreateBucket.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html#API_CompleteMultipartUpload_ResponseSyntax
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html

import { bucketFromHost } from './s3-transport.js';

/** Gantry listens on plain HTTP only, so every URL it hands out is http. */
const SCHEME = 'http';

/**
 * S3's UriEncode of a key or prefix: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~)
 * percent-encoded as UTF-8, '/' kept (sig-v4-header-based-auth.html, "URI encode every byte").
 */
export function uriEncodePath(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The object's absolute URL as the request addressed it. `host` is the request's Host header
 * (port included); without one (HTTP/1.0) there is no host to name, so the path alone answers.
 * [INFER] The key's encoding beyond the documented cases (UTF-8 as %XX, spaces as %20, '/' kept)
 * follows S3's UriEncode; AWS's exact treatment of characters such as '+' is not documented.
 */
export function objectUrl(host: string | undefined, bucket: string, key: string): string {
  const path = uriEncodePath(key);
  if (host === undefined || host === '') return `/${bucket}/${path}`;
  if (bucketFromHost(host) !== null) return `${SCHEME}://${host}/${path}`;
  return `${SCHEME}://${host}/${bucket}/${path}`;
}

/**
 * CreateBucket's Location. AWS answers the path `/bucket` for a bucket in us-east-1, and for a
 * bucket of any other Region the bucket's virtual-hosted URL on its own endpoint,
 * `http://bucket.s3.amazonaws.com/` (AWS-recorded responses in LocalStack's S3 snapshots). The
 * endpoint that URL names is S3's own, so Gantry names its own: the request's Host, with the
 * bucket's label in front unless the request already addressed the bucket by host name.
 * [INFER] Whether AWS names a regional endpoint when the request went to one is not recorded;
 * the global name is kept in the form, the request's host stands for it. Without a Host header
 * (HTTP/1.0) there is no endpoint to name, so the path answers.
 */
export function bucketLocation(host: string | undefined, bucket: string, region: string): string {
  if (region === 'us-east-1' || host === undefined || host === '') return `/${bucket}`;
  if (bucketFromHost(host) !== null) return `${SCHEME}://${host}/`;
  return `${SCHEME}://${bucket}.${host}/`;
}
