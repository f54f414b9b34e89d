// x-amz-website-redirect-location of PutObject, CopyObject and CreateMultipartUpload: S3 keeps
// it with the object, answers it on GET and HEAD, and a website endpoint redirects to it.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html

import { invalidRedirectLocation } from '../../engines/objects/s3-errors.js';
import type { Input } from '../service-types.js';
import { optStr } from './s3-input.js';

/** "The length of the value is limited to 2 KB" (how-to-page-redirect.html), counted here in UTF-8 bytes. */
const MAX_LOCATION_BYTES = 2 * 1024;

/**
 * The redirect location a write names, refused unless it starts with `/`, `http://` or
 * `https://` (AWS's text) or is longer than 2 KB. [INFER] the text for a value too long, and that
 * an empty header is refused for its prefix rather than ignored.
 */
export function websiteRedirectLocation(input: Input): string | undefined {
  const location = optStr(input, 'WebsiteRedirectLocation');
  if (location === undefined) return undefined;
  if (!location.startsWith('/') && !location.startsWith('http://') && !location.startsWith('https://')) {
    throw invalidRedirectLocation("The website redirect location must have a prefix of 'http://' or 'https://' or '/'.");
  }
  if (Buffer.byteLength(location, 'utf8') > MAX_LOCATION_BYTES) {
    throw invalidRedirectLocation('The length of website redirect location cannot exceed 2,048 characters.');
  }
  return location;
}
