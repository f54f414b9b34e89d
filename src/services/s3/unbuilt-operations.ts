// S3 operations Gantry does not build, answered as AWS would answer a caller before the feature
// itself: the bucket must exist (NoSuchBucket), then the caller must be allowed the action AWS
// asks for it, and only then is the answer NotImplemented. A least-privilege policy is thus
// judged on them as on AWS: a caller without the action is denied, not told the feature is absent.
// Actions: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
// Operations on directory buckets (CreateSession, ListDirectoryBuckets, RenameObject), on Object
// Lambda (WriteGetObjectResponse) and ABAC (Get/PutBucketAbac), which the page does not map to
// an s3 action on a general purpose bucket, are left to the pipeline's plain NotImplemented.

import { notImplemented } from '../../core/aws-error.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { OperationHandler } from '../service-types.js';
import { checkedBy, missing } from './unconfigured-bucket-features.js';

/** Operations on the bucket, by the action each is authorized with. */
const BUCKET_OPERATIONS: Readonly<Record<string, string>> = {
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  PutBucketWebsite: 's3:PutBucketWebsite',
  // [INFER] iam:PassRole on the configuration's role (API_PutBucketReplication.html) is not asked:
  // nothing is replicated, so no role is ever passed.
  PutBucketReplication: 's3:PutReplicationConfiguration',
  PutBucketLogging: 's3:PutBucketLogging',
  PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  PutBucketAccelerateConfiguration: 's3:PutAccelerateConfiguration',
  PutBucketRequestPayment: 's3:PutBucketRequestPayment',
  PutObjectLockConfiguration: 's3:PutBucketObjectLockConfiguration',
  PutBucketAnalyticsConfiguration: 's3:PutAnalyticsConfiguration',
  PutBucketMetricsConfiguration: 's3:PutMetricsConfiguration',
  PutBucketInventoryConfiguration: 's3:PutInventoryConfiguration',
  PutBucketIntelligentTieringConfiguration: 's3:PutIntelligentTieringConfiguration',
  // Metadata tables: "The IAM policy action name is the same for the V1 and V2 API operations";
  // the s3tables and kms actions the page lists with them act on the table bucket, and come after.
  CreateBucketMetadataConfiguration: 's3:CreateBucketMetadataTableConfiguration',
  CreateBucketMetadataTableConfiguration: 's3:CreateBucketMetadataTableConfiguration',
  GetBucketMetadataConfiguration: 's3:GetBucketMetadataTableConfiguration',
  GetBucketMetadataTableConfiguration: 's3:GetBucketMetadataTableConfiguration',
  DeleteBucketMetadataConfiguration: 's3:DeleteBucketMetadataTableConfiguration',
  DeleteBucketMetadataTableConfiguration: 's3:DeleteBucketMetadataTableConfiguration',
  UpdateBucketMetadataInventoryTableConfiguration: 's3:UpdateBucketMetadataInventoryTableConfiguration',
  UpdateBucketMetadataJournalTableConfiguration: 's3:UpdateBucketMetadataJournalTableConfiguration',
};

/**
 * Operations on one object, by the first action each is authorized with. [INFER] The object's
 * condition keys (its tags, s3:versionid) are not given: Gantry looks up no object for them.
 */
const OBJECT_OPERATIONS: Readonly<Record<string, string>> = {
  GetObjectRetention: 's3:GetObjectRetention',
  PutObjectRetention: 's3:PutObjectRetention',
  GetObjectLegalHold: 's3:GetObjectLegalHold',
  PutObjectLegalHold: 's3:PutObjectLegalHold',
  RestoreObject: 's3:RestoreObject',
  SelectObjectContent: 's3:GetObject',
  // Its own action (s3:GetObjectVersionTorrent is for a version; the API names none).
  GetObjectTorrent: 's3:GetObjectTorrent',
  UpdateObjectEncryption: 's3:UpdateObjectEncryption',
};

export function unbuiltOperations(objects: ObjectContext): Record<string, OperationHandler> {
  const handlers: Record<string, OperationHandler> = {};
  // As the reads of unconfigured features: allowed, then answered with an error, here NotImplemented.
  for (const [checked, operations] of [[checkedBy(objects), BUCKET_OPERATIONS], [checkedBy(objects, true), OBJECT_OPERATIONS]] as const) {
    for (const [operation, action] of Object.entries(operations)) handlers[operation] = missing(checked, action, () => notImplemented('s3', operation));
  }
  return handlers;
}
