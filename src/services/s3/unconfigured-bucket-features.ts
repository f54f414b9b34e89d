// Bucket features Gantry does not build (website hosting, lifecycle, replication, Object Lock,
// server access logging, Requester Pays, Transfer Acceleration, event notifications, analytics,
// metrics, inventory, Intelligent-Tiering): their reads answer what AWS answers for a bucket where
// the feature was never configured, which is every Gantry bucket, since their Put operations
// answer NotImplemented. Tools that read every sub-resource of a bucket (Terraform's aws_s3_bucket
// refresh, CDK) then work; nothing here pretends a feature is on. The deletes of website,
// lifecycle and replication only state that nothing is configured, so they are answered too.
// Answers and texts as recorded against AWS (localstack tests/aws/services/s3/*.snapshot.json).

import { getBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import {
  noObjectLockConfiguration, noReplicationConfiguration, noSuchConfiguration, noSuchLifecycleConfiguration, noSuchWebsiteConfiguration,
} from '../../engines/objects/s3-errors.js';
import type { Input, OperationHandler, Output, RequestContext } from '../service-types.js';
import { authorizeS3 } from './s3-access.js';
import { str } from './s3-input.js';

/** The bucket (NoSuchBucket first, as for every bucket operation), once `action` is allowed on it; its name. */
export type Checked = (input: Input, ctx: RequestContext, action: string) => string;

/** Checked on the bucket, or `onObject` on the object the input's Key names (its ARN the resource). */
export function checkedBy(objects: ObjectContext, onObject = false): Checked {
  return (input, ctx, action) => {
    const bucket = getBucket(objects, str(input, 'Bucket'));
    authorizeS3(ctx, action, bucket, onObject ? str(input, 'Key') : undefined);
    return bucket.name;
  };
}

/** A request whose answer, once allowed, is an error: a read of an unconfigured bucket's 404, or an unbuilt operation's NotImplemented. */
export const missing = (checked: Checked, action: string, error: (bucket: string) => Error): OperationHandler => (input, ctx) => {
  throw error(checked(input, ctx, action));
};

/** A read (or a delete of nothing) whose answer for an unconfigured bucket is `output`. */
const answers = (checked: Checked, action: string, output: Output): OperationHandler => (input, ctx) => {
  checked(input, ctx, action);
  return output;
};

/**
 * The four listable configuration families, with the actions that read and change them: the List
 * answers an empty page; Get and Delete by Id NoSuchConfiguration (a Delete is authorized as the
 * family's Put action, as the API reference says for each).
 */
const CONFIGURATION_FAMILIES = [
  ['Analytics', 's3:GetAnalyticsConfiguration', 's3:PutAnalyticsConfiguration'],
  ['Metrics', 's3:GetMetricsConfiguration', 's3:PutMetricsConfiguration'],
  ['Inventory', 's3:GetInventoryConfiguration', 's3:PutInventoryConfiguration'],
  ['IntelligentTiering', 's3:GetIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration'],
] as const;

export function unconfiguredBucketFeatures(objects: ObjectContext): Record<string, OperationHandler> {
  const checked = checkedBy(objects);
  const families: Record<string, OperationHandler> = {};
  for (const [family, read, change] of CONFIGURATION_FAMILIES) {
    // "IsTruncated": false and no list, as AWS answers a bucket without any.
    families[`ListBucket${family}Configurations`] = answers(checked, read, { IsTruncated: false });
    families[`GetBucket${family}Configuration`] = missing(checked, read, () => noSuchConfiguration());
    // Deleting one that does not exist (recorded for analytics, metrics, Intelligent-Tiering: localstack test_s3*.snapshot.json).
    families[`DeleteBucket${family}Configuration`] = missing(checked, change, () => noSuchConfiguration());
  }

  return {
    GetBucketWebsite: missing(checked, 's3:GetBucketWebsite', noSuchWebsiteConfiguration),
    // 204 with no website configuration, as AWS answers (localstack "del-no-such-website-config").
    DeleteBucketWebsite: answers(checked, 's3:DeleteBucketWebsite', {}),

    GetBucketLifecycleConfiguration: missing(checked, 's3:GetLifecycleConfiguration', noSuchLifecycleConfiguration),
    // DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration (API_DeleteBucketLifecycle.html); 204 without one.
    DeleteBucketLifecycle: answers(checked, 's3:PutLifecycleConfiguration', {}),

    GetBucketReplication: missing(checked, 's3:GetReplicationConfiguration', noReplicationConfiguration),
    // s3:PutReplicationConfiguration (API_DeleteBucketReplication.html); AWS answers 204 again and again.
    DeleteBucketReplication: answers(checked, 's3:PutReplicationConfiguration', {}),

    // Gantry refuses buckets created with Object Lock, so no bucket has it.
    GetObjectLockConfiguration: missing(checked, 's3:GetBucketObjectLockConfiguration', noObjectLockConfiguration),

    // An empty <BucketLoggingStatus/>: logging is off.
    GetBucketLogging: answers(checked, 's3:GetBucketLogging', {}),
    GetBucketRequestPayment: answers(checked, 's3:GetBucketRequestPayment', { Payer: 'BucketOwner' }),
    // No Status at all: acceleration was never set (not "Suspended", which AWS answers once it was turned off).
    GetBucketAccelerateConfiguration: answers(checked, 's3:GetAccelerateConfiguration', {}),
    // An empty <NotificationConfiguration/>.
    GetBucketNotificationConfiguration: answers(checked, 's3:GetBucketNotification', {}),

    ...families,
  };
}
