// PutObject's write, shared with POST Object (a browser form upload): authorize s3:PutObject
// (and s3:PutObjectTagging for tags) at the decision point, then write through the objects
// engine as the caller, which asks KMS for an SSE-KMS data key as that caller.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html

import type { BucketRecord } from '../../engines/objects/object-records.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import { putObject } from '../../engines/objects/objects.js';
import { requestedStorageClass } from '../../engines/objects/storage-classes.js';
import type { Input, Output, RequestContext } from '../service-types.js';
import { checksumHeaders, encryptionContextHeader, payloadOf, sseHeaders, writeChecks, writeConditions } from './object-request.js';
import { authorizeWrite } from './object-access.js';
import { requesterOf } from './s3-access.js';
import { contentHeaders, optStr, sseChoice, str } from './s3-input.js';
import { websiteRedirectLocation } from './website-redirect.js';

/**
 * Writes the object `input` describes (PutObject's members, Body a payload); answers PutObject's
 * output. The tags are Tagging's (x-amz-tagging's form, k=v URL-encoded), the one place both
 * authorization (s3:RequestObjectTag/*) and the write read them. They are checked against S3's
 * tag rules once the caller was allowed to write, so that a caller who may not learns nothing
 * from a refused tag set.
 */
export async function writeObject(objects: ObjectContext, ctx: RequestContext, bucket: BucketRecord, input: Input): Promise<Output> {
  const key = str(input, 'Key');
  const sse = sseChoice(input, bucket);
  const storageClass = requestedStorageClass(optStr(input, 'StorageClass'));
  const redirect = websiteRedirectLocation(input);
  const tags = authorizeWrite(objects, ctx, bucket, key, input, true);
  const payload = payloadOf(input);
  const record = await putObject(objects, requesterOf(ctx), {
    bucket, key, body: payload.stream, content: contentHeaders(input), tags, sse, checks: writeChecks(input, payload), storageClass,
    websiteRedirectLocation: redirect, ...writeConditions(input),
  });
  return {
    ETag: record.etag,
    // Only a versioning-enabled bucket names the version written: AWS answers a put to a
    // suspended bucket (the null version) without x-amz-version-id (LocalStack's AWS-recorded
    // test_put_object_on_suspended_bucket), though its GET and DELETE say `null`. Told from the
    // version, not from `bucket`: that was read before the bytes arrived, and versioning may
    // have been enabled or suspended since; the commit went by what it is then.
    ...(record.versionId !== 'null' ? { VersionId: record.versionId } : {}),
    ...sseHeaders(record),
    ...checksumHeaders(record),
    ...encryptionContextHeader(input, record),
  };
}
