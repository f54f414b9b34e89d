// S3's error codes with AWS's texts and HTTP statuses; extra fields (BucketName, Key, ...)
// travel in the <Error> document after <Message>.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList

import { AwsError } from '../../core/aws-error.js';
import { unquoteEtag } from './etags.js';

export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    fields: Readonly<Record<string, string>> = {},
    /** Response headers the error answers with besides the document (a 304's ETag and Last-Modified). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status, status < 500, fields);
  }
}

export const noSuchBucket = (bucket: string) => new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchVersion = (key: string, versionId: string) =>
  new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });
export const bucketAlreadyExists = (bucket: string) => new S3Error(
  'BucketAlreadyExists',
  'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
  409,
  { BucketName: bucket },
);
export const bucketAlreadyOwnedByYou = (bucket: string) => new S3Error(
  'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket },
);
/**
 * A bucket that has ever had versioning (Enabled or Suspended) adds how to empty it: its
 * versions and delete markers stay after `aws s3 rm --recursive` (recorded AWS answers).
 */
export const bucketNotEmpty = (bucket: string, versioned: boolean) => new S3Error(
  'BucketNotEmpty',
  versioned ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.' : 'The bucket you tried to delete is not empty',
  409,
  { BucketName: bucket },
);
export const invalidBucketName = (bucket: string) => new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
export const noSuchBucketPolicy = (bucket: string) => new S3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket });
export const noEncryptionConfig = (bucket: string) => new S3Error(
  'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404, { BucketName: bucket },
);
export const noSuchTagSet = (bucket: string) => new S3Error('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket });
export const noPublicAccessBlock = (bucket: string) => new S3Error(
  'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket },
);
export const noOwnershipControls = (bucket: string) => new S3Error(
  'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { BucketName: bucket },
);
/** An ACL other than bucket owner full control sent to a BucketOwnerEnforced bucket (object-ownership-error-responses.html). */
export const aclNotSupported = () => new S3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
export const invalidBucketAclWithObjectOwnership = () => new S3Error(
  'InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400,
);
export const noSuchCors = (bucket: string) => new S3Error('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: bucket });
// The texts of the five below are AWS's, as recorded against AWS in localstack's
// tests/aws/services/s3/test_s3.snapshot.json and test_s3_api.snapshot.json.
export const noSuchWebsiteConfiguration = (bucket: string) => new S3Error(
  'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', 404, { BucketName: bucket },
);
export const noSuchLifecycleConfiguration = (bucket: string) => new S3Error(
  'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket },
);
export const noReplicationConfiguration = (bucket: string) => new S3Error(
  'ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404, { BucketName: bucket },
);
export const noObjectLockConfiguration = (bucket: string) => new S3Error(
  'ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404, { BucketName: bucket },
);
/** An analytics, metrics, inventory or Intelligent-Tiering configuration id the bucket does not have (AWS names no bucket here). */
export const noSuchConfiguration = () => new S3Error('NoSuchConfiguration', 'The specified configuration does not exist.', 404);
export const malformedPolicy = (message: string) => new S3Error('MalformedPolicy', message, 400);
export const malformedXml = () => new S3Error(
  'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400,
);
export const invalidArgument = (message: string, name?: string, value?: string) => new S3Error(
  'InvalidArgument', message, 400, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
);
/** A partNumber that is not an integer 1..10000 (GetObject, HeadObject, UploadPart). */
export const invalidPartNumberArgument = (value: string) =>
  invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', value);
/**
 * An x-amz-copy-source that is no `bucket/key`. AWS names the header as the argument's value too,
 * not the value sent (LocalStack's test_s3_copy_object_wrong_format, recorded from AWS).
 */
export const invalidCopySource = () => invalidArgument('Invalid copy source object key', 'x-amz-copy-source', 'x-amz-copy-source');
/** A version id S3 could not have issued. */
export const invalidVersionId = (versionId: string) => invalidArgument('Invalid version id specified', 'versionId', versionId);
export const invalidRequest = (message: string) => new S3Error('InvalidRequest', message, 400);
/** A bad x-amz-website-redirect-location (code and prefix text as AWS answers them, e.g. gist stammy/8e4aa4e4911372862521). */
export const invalidRedirectLocation = (message: string) => new S3Error('InvalidRedirectLocation', message, 400);
// [INFER] The StorageClassRequested field is what AWS's error document is believed to carry.
export const invalidStorageClass = (requested: string) => new S3Error(
  'InvalidStorageClass', 'The storage class you specified is not valid', 400, { StorageClassRequested: requested },
);
/** An archived (unrestored) object read as GetObject, or as a copy source. */
export const invalidObjectState = (storageClass: string, asCopySource = false) => new S3Error(
  'InvalidObjectState',
  // [INFER] The copy-source wording is the one AWS is known to give; not in the error code list.
  asCopySource ? "Operation is not valid for the source object's storage class" : "The operation is not valid for the object's storage class",
  403,
  { StorageClass: storageClass },
);
export const invalidLocationConstraint = (value: string) => new S3Error(
  'InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: value },
);
export const illegalLocationConstraint = (value: string, region: string) => new S3Error(
  'IllegalLocationConstraintException',
  `The ${value} location constraint is incompatible for the region specific endpoint this request was sent to.`,
  400,
  { Region: region },
);
export const invalidRange = (range: string, size: number) => new S3Error(
  'InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) },
);
/**
 * 416 for a partNumber the object does not have. AWS's <Error> also names the part asked for
 * and how many there are ([INFER]: field names as other S3 implementations report AWS's).
 */
export const invalidPartNumber = (requested: number, actual: number) => new S3Error(
  'InvalidPartNumber', 'The requested partnumber is not satisfiable', 416,
  { PartNumberRequested: String(requested), ActualPartCount: String(actual) },
);
export const preconditionFailed = (condition: string) => new S3Error(
  'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition },
);
/**
 * 304: no body at all, but the validators of the version the client already holds, as a 200
 * would carry them (RFC 9110 section 15.4.5; S3 sends ETag and Last-Modified).
 */
export const notModified = (etag: string, lastModified: string) => new S3Error(
  'NotModified', 'Not Modified', 304, {}, { ETag: etag, 'Last-Modified': new Date(lastModified).toUTCString() },
);
export const conditionalRequestConflict = (condition: string, key: string) => new S3Error(
  'ConditionalRequestConflict', 'The conditional request cannot succeed due to a conflicting operation against this resource.', 409,
  { Condition: condition, Key: key },
);
/**
 * 501 for a conditional write header S3 does not take: If-None-Match other than `*`, If-Match
 * `*`, or both at once (AWS, LocalStack's test_put_object_if_none_match_validation,
 * test_put_object_if_match_validation, test_copy_object_precondition_write_validation), and for
 * the directory-bucket-only delete conditions on a general purpose bucket
 * (test_delete_object_if_match_modified_non_express), which carry no additionalMessage.
 */
export const headerNotImplemented = (header: string, additionalMessage?: string) => new S3Error(
  'NotImplemented', 'A header you provided implies functionality that is not implemented', 501,
  { Header: header, ...(additionalMessage !== undefined ? { additionalMessage } : {}) },
);
export const methodNotAllowed = (method: string, resourceType: string) => new S3Error(
  'MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType },
);
/**
 * A body whose MD5 is not its Content-MD5, naming both: the one sent as ExpectedDigest (in hex
 * for PutObject, base64 for UploadPart) and the one computed, in base64, as CalculatedDigest
 * (LocalStack's test_s3_invalid_content_md5, "md5-error-bad-digest" and
 * "upload-part-md5-bad-digest", recorded from AWS).
 */
export const badDigest = (expected: string, calculated: Buffer) => new S3Error(
  'BadDigest', 'The Content-MD5 you specified did not match what we received.', 400,
  { ExpectedDigest: expected, CalculatedDigest: calculated.toString('base64') },
);
/** A Content-MD5 that is no base64 of 16 bytes, echoed back (LocalStack's test_s3_invalid_content_md5, recorded from AWS). */
export const invalidDigest = (sent: string) => new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': sent });
export const checksumMismatch = (algorithm: string) =>
  new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
export const contentSha256Mismatch = (provided: string, computed: string) => new S3Error(
  'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400,
  { ClientComputedContentSHA256: provided, S3ComputedContentSHA256: computed },
);
export const incompleteBody = () => new S3Error(
  'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400,
);
/** A body the client stopped sending (request-body.ts's BodyIdle); S3's text for an idle connection. */
export const requestTimeout = () => new S3Error(
  'RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.', 400,
);
export const keyTooLong = () => new S3Error('KeyTooLongError', 'Your key is too long', 400);
/**
 * A non-last part under 5 MiB at CompleteMultipartUpload. Text and fields as recorded against AWS
 * (localstack tests/aws/services/s3/test_s3.snapshot.json): the text lacks the error list's
 * "object" and its full stop, and the part is named with its ETag unquoted.
 */
export const entityTooSmall = (part: { partNumber: number; etag: string; size: number }, minSize: number) => new S3Error(
  'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400,
  { ProposedSize: String(part.size), MinSizeAllowed: String(minSize), PartNumber: String(part.partNumber), ETag: unquoteEtag(part.etag) },
);
/**
 * A body over S3's 5 GiB limit for one request (PutObject, UploadPart). AWS's answer, as users
 * report it from PutObject: "Your proposed upload exceeds the maximum allowed size", with
 * ProposedSize (the declared length) and MaxSizeAllowed (5368709120). A body whose length was
 * not declared is refused once it passes the limit, with what had arrived as ProposedSize [INFER].
 */
export const entityTooLarge = (proposedSize: number, maxSize: number) => new S3Error(
  'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(proposedSize), MaxSizeAllowed: String(maxSize) },
);
/** A part the complete request names that was not uploaded, or with another ETag: AWS names it as the request gave it, ETag unquoted (recorded). */
export const invalidPart = (uploadId: string, partNumber: number, etag: string) => new S3Error(
  'InvalidPart',
  "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
  400,
  { UploadId: uploadId, PartNumber: String(partNumber), ETag: unquoteEtag(etag) },
);
export const invalidPartOrder = (uploadId: string) => new S3Error(
  'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId },
);
export const noSuchUpload = (uploadId: string) => new S3Error(
  'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404,
  { UploadId: uploadId },
);
export const accessDenied = () => new S3Error('AccessDenied', 'Access Denied', 403);
/**
 * A request that MFA delete demands x-amz-mfa for, sent without it: AWS's answer to
 * PutBucketVersioning with MfaDelete=Enabled and no MFA, as AWS users quote it
 * (github.com/cloudposse/terraform-aws-codebuild/issues/76). [INFER] The same for a caller who is not root.
 */
export const mfaRequired = () => new S3Error('AccessDenied', 'Mfa Authentication must be used for this request', 403);
/**
 * A request signed for another Region than the bucket's. S3 names the bucket's Region in
 * <Region> and in x-amz-bucket-region, so that SDKs re-sign for it (botocore's
 * S3RegionRedirector reads either). A presigned URL gets AuthorizationQueryParametersError with
 * the X-Amz-Credential wording ([INFER]: that it carries <Region> and the header too).
 */
export const wrongSigningRegion = (signed: string, bucketRegion: string, presigned: boolean) => new S3Error(
  presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed',
  `${presigned ? 'Error parsing the X-Amz-Credential parameter' : 'The authorization header is malformed'}; the region '${signed}' is wrong; expecting '${bucketRegion}'`,
  400,
  { Region: bucketRegion },
  { 'x-amz-bucket-region': bucketRegion },
);
