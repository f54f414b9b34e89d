// The URL S3 gives an object in CompleteMultipartUpload's <Location>: absolute, on the host the
// request was addressed to, in the addressing style the request used (virtual-hosted
// `http://bucket.host/key`, path `http://host/bucket/key`), with the key URI-encoded.
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
