// Every S3 operation Gantry serves asks IAM for exactly the actions AWS asks for, in AWS's order:
// a caller with no permissions is denied naming the first; a caller granted all of them but one
// is denied naming that one; a caller granted exactly them (on the resource type each acts on,
// and nothing else) gets past authorization, to success or to the answer that is not about
// access (NoSuchLifecycleConfiguration, NotImplemented...). Each row cites where AWS says so:
// the user guide's "Required permissions for Amazon S3 API operations" (GUIDE) or the operation's
// API reference Permissions section (REF). [INFER] marks rows where AWS's docs are silent or
// disagree, and the row keeps Gantry's choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand,
  DeleteBucketAnalyticsConfigurationCommand, DeleteBucketCommand, DeleteBucketCorsCommand, DeleteBucketEncryptionCommand,
  DeleteBucketIntelligentTieringConfigurationCommand, DeleteBucketInventoryConfigurationCommand, DeleteBucketLifecycleCommand,
  DeleteBucketMetadataConfigurationCommand, DeleteBucketMetadataTableConfigurationCommand, DeleteBucketMetricsConfigurationCommand,
  DeleteBucketOwnershipControlsCommand, DeleteBucketPolicyCommand, DeleteBucketReplicationCommand, DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand, DeleteObjectCommand, DeleteObjectsCommand, DeleteObjectTaggingCommand, DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand, GetBucketAclCommand, GetBucketAnalyticsConfigurationCommand, GetBucketCorsCommand,
  GetBucketEncryptionCommand, GetBucketIntelligentTieringConfigurationCommand, GetBucketInventoryConfigurationCommand,
  GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketLoggingCommand, GetBucketMetadataConfigurationCommand,
  GetBucketMetadataTableConfigurationCommand, GetBucketMetricsConfigurationCommand, GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketPolicyStatusCommand, GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetBucketWebsiteCommand, GetObjectAclCommand,
  GetObjectAttributesCommand, GetObjectCommand, GetObjectLegalHoldCommand, GetObjectLockConfigurationCommand, GetObjectRetentionCommand,
  GetObjectTaggingCommand, GetObjectTorrentCommand, GetPublicAccessBlockCommand, HeadBucketCommand, HeadObjectCommand,
  ListBucketAnalyticsConfigurationsCommand, ListBucketIntelligentTieringConfigurationsCommand, ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsCommand, ListObjectsV2Command,
  ListObjectVersionsCommand, ListPartsCommand, PutBucketAccelerateConfigurationCommand, PutBucketAclCommand,
  PutBucketAnalyticsConfigurationCommand, PutBucketCorsCommand, PutBucketEncryptionCommand, PutBucketIntelligentTieringConfigurationCommand,
  PutBucketInventoryConfigurationCommand, PutBucketLoggingCommand, PutBucketMetricsConfigurationCommand,
  PutBucketLifecycleConfigurationCommand, PutBucketNotificationConfigurationCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutBucketReplicationCommand,
  PutBucketRequestPaymentCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutBucketWebsiteCommand, PutObjectAclCommand,
  PutObjectCommand, PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand, PutObjectRetentionCommand, PutObjectTaggingCommand,
  PutPublicAccessBlockCommand, RestoreObjectCommand, UploadPartCommand, UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { escapeRegex } from './support/escape-regex.js';
import { iamClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const KEY = 'object.txt';
const PROBER = 'prober';

/** The user guide's mapping of S3 API operations to policy actions. */
const GUIDE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html';
/** The operation's API reference page, Permissions section. */
const REF = (operation: string) => `API reference Permissions: https://docs.aws.amazon.com/AmazonS3/latest/API/API_${operation}.html`;

/** The resource type an action acts on, hence the Resource a least-privilege grant names. */
type On = 'bucket' | 'object' | 'account';

/** What a row's set-up leaves for its call besides the bucket and the object KEY. */
interface State {
  readonly versionId?: string;
  readonly uploadId?: string;
}

interface Row {
  readonly operation: string;
  /** Which form of the operation, when it has several rows. */
  readonly variant?: string;
  readonly source: string;
  /** The actions AWS asks for, in its order, each with the resource type it is granted on. */
  readonly actions: ReadonlyArray<readonly [string, On]>;
  /** The answer once allowed: undefined for success, else the error's name. */
  readonly answer?: string;
  /** 'none': no bucket (CreateBucket); 'empty': a bucket without objects; 'versioned': KEY has a version id. Default: bucket with KEY. */
  readonly setup?: 'none' | 'empty' | 'versioned' | 'upload';
  readonly call: (s3: S3Client, bucket: string, state: State) => Promise<unknown>;
}

const gantry = useGantry({ accountId: ACCT });

const B = 'bucket' as const;
const O = 'object' as const;

/** DeleteObjects answers each key's AccessDenied in its body: thrown here as the single-key call would. */
async function deleteObjects(s3: S3Client, bucket: string, objects: { Key: string; VersionId?: string }[]): Promise<unknown> {
  const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  const error = out.Errors?.[0];
  if (error) throw Object.assign(new Error(error.Message), { name: error.Code });
  return out;
}

const readPolicy = (bucket: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});
const source = (bucket: string, versionId?: string) => `${bucket}/${KEY}${versionId !== undefined ? `?versionId=${versionId}` : ''}`;

/** The four configuration families whose reads Gantry answers as never configured. */
const FAMILIES = [
  ['Analytics', 's3:GetAnalyticsConfiguration', 's3:PutAnalyticsConfiguration',
    (b: string) => new ListBucketAnalyticsConfigurationsCommand({ Bucket: b }),
    (b: string) => new GetBucketAnalyticsConfigurationCommand({ Bucket: b, Id: 'a' }),
    (b: string) => new DeleteBucketAnalyticsConfigurationCommand({ Bucket: b, Id: 'a' })],
  ['Metrics', 's3:GetMetricsConfiguration', 's3:PutMetricsConfiguration',
    (b: string) => new ListBucketMetricsConfigurationsCommand({ Bucket: b }),
    (b: string) => new GetBucketMetricsConfigurationCommand({ Bucket: b, Id: 'a' }),
    (b: string) => new DeleteBucketMetricsConfigurationCommand({ Bucket: b, Id: 'a' })],
  ['Inventory', 's3:GetInventoryConfiguration', 's3:PutInventoryConfiguration',
    (b: string) => new ListBucketInventoryConfigurationsCommand({ Bucket: b }),
    (b: string) => new GetBucketInventoryConfigurationCommand({ Bucket: b, Id: 'a' }),
    (b: string) => new DeleteBucketInventoryConfigurationCommand({ Bucket: b, Id: 'a' })],
  ['IntelligentTiering', 's3:GetIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration',
    (b: string) => new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: b }),
    (b: string) => new GetBucketIntelligentTieringConfigurationCommand({ Bucket: b, Id: 'a' }),
    (b: string) => new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: b, Id: 'a' })],
] as const;

const ROWS: readonly Row[] = [
  // Account and bucket operations.
  { operation: 'ListBuckets', source: GUIDE, actions: [['s3:ListAllMyBuckets', 'account']], call: (s3) => s3.send(new ListBucketsCommand({})) },
  { operation: 'CreateBucket', source: GUIDE, setup: 'none', actions: [['s3:CreateBucket', B]], call: (s3, b) => s3.send(new CreateBucketCommand({ Bucket: b })) },
  {
    operation: 'CreateBucket', variant: 'ACL private', source: `${REF('CreateBucket')} ("if you set the ACL to private... only the s3:CreateBucket permission is required")`,
    setup: 'none', actions: [['s3:CreateBucket', B]], call: (s3, b) => s3.send(new CreateBucketCommand({ Bucket: b, ACL: 'private' })),
  },
  {
    operation: 'CreateBucket', variant: 'x-amz-object-ownership', source: REF('CreateBucket'), setup: 'none',
    actions: [['s3:CreateBucket', B], ['s3:PutBucketOwnershipControls', B]],
    call: (s3, b) => s3.send(new CreateBucketCommand({ Bucket: b, ObjectOwnership: 'BucketOwnerPreferred' })),
  },
  {
    operation: 'CreateBucket', variant: 'a custom ACL', source: `${REF('CreateBucket')}; [INFER] the order of the conditional actions, the user guide's`,
    setup: 'none', actions: [['s3:CreateBucket', B], ['s3:PutBucketAcl', B], ['s3:PutBucketOwnershipControls', B]],
    call: (s3, b) => s3.send(new CreateBucketCommand({ Bucket: b, ObjectOwnership: 'ObjectWriter', GrantRead: `id=${'0'.repeat(64)}` })),
  },
  {
    operation: 'CreateBucket', variant: 'Object Lock', source: REF('CreateBucket'), setup: 'none', answer: 'NotImplemented',
    actions: [['s3:CreateBucket', B], ['s3:PutBucketObjectLockConfiguration', B], ['s3:PutBucketVersioning', B]],
    call: (s3, b) => s3.send(new CreateBucketCommand({ Bucket: b, ObjectLockEnabledForBucket: true })),
  },
  { operation: 'HeadBucket', source: GUIDE, actions: [['s3:ListBucket', B]], call: (s3, b) => s3.send(new HeadBucketCommand({ Bucket: b })) },
  { operation: 'DeleteBucket', source: GUIDE, setup: 'empty', actions: [['s3:DeleteBucket', B]], call: (s3, b) => s3.send(new DeleteBucketCommand({ Bucket: b })) },
  { operation: 'GetBucketLocation', source: GUIDE, actions: [['s3:GetBucketLocation', B]], call: (s3, b) => s3.send(new GetBucketLocationCommand({ Bucket: b })) },
  {
    operation: 'PutBucketVersioning', source: GUIDE, actions: [['s3:PutBucketVersioning', B]],
    call: (s3, b) => s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: 'Enabled' } })),
  },
  { operation: 'GetBucketVersioning', source: GUIDE, actions: [['s3:GetBucketVersioning', B]], call: (s3, b) => s3.send(new GetBucketVersioningCommand({ Bucket: b })) },
  { operation: 'PutBucketPolicy', source: GUIDE, actions: [['s3:PutBucketPolicy', B]], call: (s3, b) => s3.send(new PutBucketPolicyCommand({ Bucket: b, Policy: readPolicy(b) })) },
  {
    operation: 'GetBucketPolicy', source: GUIDE, actions: [['s3:GetBucketPolicy', B]], answer: 'NoSuchBucketPolicy',
    call: (s3, b) => s3.send(new GetBucketPolicyCommand({ Bucket: b })),
  },
  {
    operation: 'GetBucketPolicyStatus', source: GUIDE, actions: [['s3:GetBucketPolicyStatus', B]], answer: 'NoSuchBucketPolicy',
    call: (s3, b) => s3.send(new GetBucketPolicyStatusCommand({ Bucket: b })),
  },
  { operation: 'DeleteBucketPolicy', source: GUIDE, actions: [['s3:DeleteBucketPolicy', B]], call: (s3, b) => s3.send(new DeleteBucketPolicyCommand({ Bucket: b })) },
  {
    operation: 'PutBucketEncryption', source: GUIDE, actions: [['s3:PutEncryptionConfiguration', B]],
    call: (s3, b) => s3.send(new PutBucketEncryptionCommand({
      Bucket: b, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    })),
  },
  { operation: 'GetBucketEncryption', source: GUIDE, actions: [['s3:GetEncryptionConfiguration', B]], call: (s3, b) => s3.send(new GetBucketEncryptionCommand({ Bucket: b })) },
  { operation: 'DeleteBucketEncryption', source: GUIDE, actions: [['s3:PutEncryptionConfiguration', B]], call: (s3, b) => s3.send(new DeleteBucketEncryptionCommand({ Bucket: b })) },
  {
    operation: 'PutBucketTagging', source: GUIDE, actions: [['s3:PutBucketTagging', B]],
    call: (s3, b) => s3.send(new PutBucketTaggingCommand({ Bucket: b, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })),
  },
  { operation: 'GetBucketTagging', source: GUIDE, actions: [['s3:GetBucketTagging', B]], answer: 'NoSuchTagSet', call: (s3, b) => s3.send(new GetBucketTaggingCommand({ Bucket: b })) },
  { operation: 'DeleteBucketTagging', source: GUIDE, actions: [['s3:PutBucketTagging', B]], call: (s3, b) => s3.send(new DeleteBucketTaggingCommand({ Bucket: b })) },
  {
    operation: 'PutPublicAccessBlock', source: GUIDE, actions: [['s3:PutBucketPublicAccessBlock', B]],
    call: (s3, b) => s3.send(new PutPublicAccessBlockCommand({ Bucket: b, PublicAccessBlockConfiguration: { BlockPublicAcls: true } })),
  },
  { operation: 'GetPublicAccessBlock', source: GUIDE, actions: [['s3:GetBucketPublicAccessBlock', B]], call: (s3, b) => s3.send(new GetPublicAccessBlockCommand({ Bucket: b })) },
  { operation: 'DeletePublicAccessBlock', source: GUIDE, actions: [['s3:PutBucketPublicAccessBlock', B]], call: (s3, b) => s3.send(new DeletePublicAccessBlockCommand({ Bucket: b })) },
  {
    operation: 'PutBucketOwnershipControls', source: GUIDE, actions: [['s3:PutBucketOwnershipControls', B]],
    call: (s3, b) => s3.send(new PutBucketOwnershipControlsCommand({ Bucket: b, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })),
  },
  { operation: 'GetBucketOwnershipControls', source: GUIDE, actions: [['s3:GetBucketOwnershipControls', B]], call: (s3, b) => s3.send(new GetBucketOwnershipControlsCommand({ Bucket: b })) },
  { operation: 'DeleteBucketOwnershipControls', source: GUIDE, actions: [['s3:PutBucketOwnershipControls', B]], call: (s3, b) => s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: b })) },
  {
    operation: 'PutBucketCors', source: GUIDE, actions: [['s3:PutBucketCORS', B]],
    call: (s3, b) => s3.send(new PutBucketCorsCommand({ Bucket: b, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } })),
  },
  { operation: 'GetBucketCors', source: GUIDE, actions: [['s3:GetBucketCORS', B]], answer: 'NoSuchCORSConfiguration', call: (s3, b) => s3.send(new GetBucketCorsCommand({ Bucket: b })) },
  { operation: 'DeleteBucketCors', source: GUIDE, actions: [['s3:PutBucketCORS', B]], call: (s3, b) => s3.send(new DeleteBucketCorsCommand({ Bucket: b })) },

  // Bucket features never configured in Gantry (unconfigured-bucket-features.ts).
  ...FAMILIES.flatMap(([family, read, change, list, get, remove]): Row[] => [
    { operation: `ListBucket${family}Configurations`, source: GUIDE, actions: [[read, B]], call: (s3, b) => s3.send(list(b) as never) },
    { operation: `GetBucket${family}Configuration`, source: GUIDE, actions: [[read, B]], answer: 'NoSuchConfiguration', call: (s3, b) => s3.send(get(b) as never) },
    { operation: `DeleteBucket${family}Configuration`, source: GUIDE, actions: [[change, B]], answer: 'NoSuchConfiguration', call: (s3, b) => s3.send(remove(b) as never) },
  ]),
  {
    operation: 'GetBucketWebsite', source: GUIDE, actions: [['s3:GetBucketWebsite', B]], answer: 'NoSuchWebsiteConfiguration',
    call: (s3, b) => s3.send(new GetBucketWebsiteCommand({ Bucket: b })),
  },
  { operation: 'DeleteBucketWebsite', source: GUIDE, actions: [['s3:DeleteBucketWebsite', B]], call: (s3, b) => s3.send(new DeleteBucketWebsiteCommand({ Bucket: b })) },
  {
    operation: 'GetBucketLifecycleConfiguration', source: `${REF('GetBucketLifecycleConfiguration')} (the guide names only the old GetBucketLifecycle)`,
    actions: [['s3:GetLifecycleConfiguration', B]], answer: 'NoSuchLifecycleConfiguration',
    call: (s3, b) => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b })),
  },
  { operation: 'DeleteBucketLifecycle', source: GUIDE, actions: [['s3:PutLifecycleConfiguration', B]], call: (s3, b) => s3.send(new DeleteBucketLifecycleCommand({ Bucket: b })) },
  {
    operation: 'GetBucketReplication', source: GUIDE, actions: [['s3:GetReplicationConfiguration', B]], answer: 'ReplicationConfigurationNotFoundError',
    call: (s3, b) => s3.send(new GetBucketReplicationCommand({ Bucket: b })),
  },
  { operation: 'DeleteBucketReplication', source: GUIDE, actions: [['s3:PutReplicationConfiguration', B]], call: (s3, b) => s3.send(new DeleteBucketReplicationCommand({ Bucket: b })) },
  {
    operation: 'GetObjectLockConfiguration', source: GUIDE, actions: [['s3:GetBucketObjectLockConfiguration', B]], answer: 'ObjectLockConfigurationNotFoundError',
    call: (s3, b) => s3.send(new GetObjectLockConfigurationCommand({ Bucket: b })),
  },
  { operation: 'GetBucketLogging', source: GUIDE, actions: [['s3:GetBucketLogging', B]], call: (s3, b) => s3.send(new GetBucketLoggingCommand({ Bucket: b })) },
  { operation: 'GetBucketRequestPayment', source: GUIDE, actions: [['s3:GetBucketRequestPayment', B]], call: (s3, b) => s3.send(new GetBucketRequestPaymentCommand({ Bucket: b })) },
  {
    operation: 'GetBucketAccelerateConfiguration', source: GUIDE, actions: [['s3:GetAccelerateConfiguration', B]],
    call: (s3, b) => s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: b })),
  },
  {
    operation: 'GetBucketNotificationConfiguration', source: GUIDE, actions: [['s3:GetBucketNotification', B]],
    call: (s3, b) => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: b })),
  },

  // ACLs (buckets with ACLs disabled, every new bucket).
  { operation: 'GetBucketAcl', source: GUIDE, actions: [['s3:GetBucketAcl', B]], call: (s3, b) => s3.send(new GetBucketAclCommand({ Bucket: b })) },
  {
    operation: 'PutBucketAcl', source: GUIDE, actions: [['s3:PutBucketAcl', B]], answer: 'AccessControlListNotSupported',
    call: (s3, b) => s3.send(new PutBucketAclCommand({ Bucket: b, ACL: 'private' })),
  },
  { operation: 'GetObjectAcl', source: GUIDE, actions: [['s3:GetObjectAcl', O]], call: (s3, b) => s3.send(new GetObjectAclCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'PutObjectAcl', source: GUIDE, actions: [['s3:PutObjectAcl', O]],
    call: (s3, b) => s3.send(new PutObjectAclCommand({ Bucket: b, Key: KEY, ACL: 'bucket-owner-full-control' })),
  },

  // Objects.
  { operation: 'PutObject', source: GUIDE, actions: [['s3:PutObject', O]], call: (s3, b) => s3.send(new PutObjectCommand({ Bucket: b, Key: 'new', Body: 'x' })) },
  {
    operation: 'PutObject', variant: 'x-amz-acl', source: GUIDE, actions: [['s3:PutObject', O], ['s3:PutObjectAcl', O]],
    call: (s3, b) => s3.send(new PutObjectCommand({ Bucket: b, Key: 'new', Body: 'x', ACL: 'bucket-owner-full-control' })),
  },
  {
    operation: 'PutObject', variant: 'x-amz-tagging', source: GUIDE, actions: [['s3:PutObject', O], ['s3:PutObjectTagging', O]],
    call: (s3, b) => s3.send(new PutObjectCommand({ Bucket: b, Key: 'new', Body: 'x', Tagging: 'k=v' })),
  },
  { operation: 'GetObject', source: GUIDE, actions: [['s3:GetObject', O]], call: (s3, b) => s3.send(new GetObjectCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'GetObject', variant: 'versionId', source: GUIDE, setup: 'versioned', actions: [['s3:GetObjectVersion', O]],
    call: (s3, b, s) => s3.send(new GetObjectCommand({ Bucket: b, Key: KEY, VersionId: s.versionId })),
  },
  { operation: 'HeadObject', source: GUIDE, actions: [['s3:GetObject', O]], call: (s3, b) => s3.send(new HeadObjectCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'HeadObject', variant: 'versionId', source: `${REF('HeadObject')} ("the relevant read object (or version) permission")`, setup: 'versioned',
    actions: [['s3:GetObjectVersion', O]], call: (s3, b, s) => s3.send(new HeadObjectCommand({ Bucket: b, Key: KEY, VersionId: s.versionId })),
  },
  { operation: 'DeleteObject', source: GUIDE, actions: [['s3:DeleteObject', O]], call: (s3, b) => s3.send(new DeleteObjectCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'DeleteObject', variant: 'versionId', source: GUIDE, setup: 'versioned', actions: [['s3:DeleteObjectVersion', O]],
    call: (s3, b, s) => s3.send(new DeleteObjectCommand({ Bucket: b, Key: KEY, VersionId: s.versionId })),
  },
  { operation: 'DeleteObjects', source: GUIDE, actions: [['s3:DeleteObject', O]], call: (s3, b) => deleteObjects(s3, b, [{ Key: KEY }]) },
  {
    operation: 'DeleteObjects', variant: 'versionId', source: GUIDE, setup: 'versioned', actions: [['s3:DeleteObjectVersion', O]],
    call: (s3, b, s) => deleteObjects(s3, b, [{ Key: KEY, VersionId: s.versionId as string }]),
  },
  {
    operation: 'CopyObject', source: GUIDE, actions: [['s3:GetObject', O], ['s3:PutObject', O]],
    call: (s3, b) => s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: source(b) })),
  },
  {
    operation: 'CopyObject', variant: 'source versionId', source: GUIDE, setup: 'versioned', actions: [['s3:GetObjectVersion', O], ['s3:PutObject', O]],
    call: (s3, b, s) => s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: source(b, s.versionId) })),
  },
  {
    operation: 'CopyObject', variant: 'x-amz-acl', source: GUIDE, actions: [['s3:GetObject', O], ['s3:PutObject', O], ['s3:PutObjectAcl', O]],
    call: (s3, b) => s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: source(b), ACL: 'bucket-owner-full-control' })),
  },
  {
    operation: 'CopyObject', variant: 'x-amz-tagging, REPLACE', source: `${GUIDE}; [INFER] no tagging action for tags copied from the source (directive COPY)`,
    actions: [['s3:GetObject', O], ['s3:PutObject', O], ['s3:PutObjectTagging', O]],
    call: (s3, b) => s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: source(b), TaggingDirective: 'REPLACE', Tagging: 'k=v' })),
  },
  {
    operation: 'CopyObject', variant: 'x-amz-tagging and the default COPY directive',
    source: `${GUIDE}; [INFER] directive COPY asks nothing more: the copy keeps the source's tags, not the request's`,
    actions: [['s3:GetObject', O], ['s3:PutObject', O]],
    call: (s3, b) => s3.send(new CopyObjectCommand({ Bucket: b, Key: 'copy', CopySource: source(b), Tagging: 'k=v' })),
  },
  { operation: 'GetObjectTagging', source: GUIDE, actions: [['s3:GetObjectTagging', O]], call: (s3, b) => s3.send(new GetObjectTaggingCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'PutObjectTagging', source: GUIDE, actions: [['s3:PutObjectTagging', O]],
    call: (s3, b) => s3.send(new PutObjectTaggingCommand({ Bucket: b, Key: KEY, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })),
  },
  { operation: 'DeleteObjectTagging', source: GUIDE, actions: [['s3:DeleteObjectTagging', O]], call: (s3, b) => s3.send(new DeleteObjectTaggingCommand({ Bucket: b, Key: KEY })) },
  {
    operation: 'GetObjectAttributes', source: `${REF('GetObjectAttributes')} ("you need the s3:GetObject and s3:GetObjectAttributes permissions"); [INFER] the guide names s3:GetObject alone, the reference both: both`,
    actions: [['s3:GetObject', O], ['s3:GetObjectAttributes', O]],
    call: (s3, b) => s3.send(new GetObjectAttributesCommand({ Bucket: b, Key: KEY, ObjectAttributes: ['ETag'] })),
  },
  {
    operation: 'GetObjectAttributes', variant: 'versionId', source: REF('GetObjectAttributes'), setup: 'versioned',
    actions: [['s3:GetObjectVersion', O], ['s3:GetObjectVersionAttributes', O]],
    call: (s3, b, s) => s3.send(new GetObjectAttributesCommand({ Bucket: b, Key: KEY, VersionId: s.versionId, ObjectAttributes: ['ETag'] })),
  },

  // Listings. [INFER] The guide's "(Conditionally required) s3:GetObjectAcl ... to display object
  // owner information" for ListObjects(V2) is in no API reference: Gantry asks only s3:ListBucket.
  { operation: 'ListObjects', source: GUIDE, actions: [['s3:ListBucket', B]], call: (s3, b) => s3.send(new ListObjectsCommand({ Bucket: b })) },
  { operation: 'ListObjectsV2', source: GUIDE, actions: [['s3:ListBucket', B]], call: (s3, b) => s3.send(new ListObjectsV2Command({ Bucket: b })) },
  { operation: 'ListObjectVersions', source: GUIDE, actions: [['s3:ListBucketVersions', B]], call: (s3, b) => s3.send(new ListObjectVersionsCommand({ Bucket: b })) },

  // Multipart uploads.
  {
    operation: 'CreateMultipartUpload', source: GUIDE, actions: [['s3:PutObject', O]],
    call: (s3, b) => s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'new' })),
  },
  {
    operation: 'CreateMultipartUpload', variant: 'x-amz-tagging', source: GUIDE, actions: [['s3:PutObject', O], ['s3:PutObjectTagging', O]],
    call: (s3, b) => s3.send(new CreateMultipartUploadCommand({ Bucket: b, Key: 'new', Tagging: 'k=v' })),
  },
  {
    operation: 'UploadPart', source: GUIDE, setup: 'upload', actions: [['s3:PutObject', O]],
    call: (s3, b, s) => s3.send(new UploadPartCommand({ Bucket: b, Key: 'upload', UploadId: s.uploadId, PartNumber: 1, Body: 'x' })),
  },
  {
    operation: 'UploadPartCopy', source: GUIDE, setup: 'upload', actions: [['s3:GetObject', O], ['s3:PutObject', O]],
    call: (s3, b, s) => s3.send(new UploadPartCopyCommand({ Bucket: b, Key: 'upload', UploadId: s.uploadId, PartNumber: 1, CopySource: source(b) })),
  },
  {
    operation: 'CompleteMultipartUpload', source: GUIDE, setup: 'upload', actions: [['s3:PutObject', O]], answer: 'InvalidPart',
    call: (s3, b, s) => s3.send(new CompleteMultipartUploadCommand({
      Bucket: b, Key: 'upload', UploadId: s.uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] },
    })),
  },
  {
    operation: 'AbortMultipartUpload', source: GUIDE, setup: 'upload', actions: [['s3:AbortMultipartUpload', O]],
    call: (s3, b, s) => s3.send(new AbortMultipartUploadCommand({ Bucket: b, Key: 'upload', UploadId: s.uploadId })),
  },
  {
    operation: 'ListParts', source: GUIDE, setup: 'upload', actions: [['s3:ListMultipartUploadParts', O]],
    call: (s3, b, s) => s3.send(new ListPartsCommand({ Bucket: b, Key: 'upload', UploadId: s.uploadId })),
  },
  { operation: 'ListMultipartUploads', source: GUIDE, actions: [['s3:ListBucketMultipartUploads', B]], call: (s3, b) => s3.send(new ListMultipartUploadsCommand({ Bucket: b })) },

  // Operations Gantry does not build (unbuilt-operations.ts): authorized, then NotImplemented.
  ...([
    ['PutBucketWebsite', 's3:PutBucketWebsite',
      (b: string) => new PutBucketWebsiteCommand({ Bucket: b, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } })],
    ['PutBucketReplication', 's3:PutReplicationConfiguration',
      (b: string) => new PutBucketReplicationCommand({
        Bucket: b, ReplicationConfiguration: { Role: `arn:aws:iam::${ACCT}:role/r`, Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::elsewhere' } }] },
      })],
    ['PutBucketLogging', 's3:PutBucketLogging', (b: string) => new PutBucketLoggingCommand({ Bucket: b, BucketLoggingStatus: {} })],
    ['PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration',
      (b: string) => new PutBucketLifecycleConfigurationCommand({
        Bucket: b, LifecycleConfiguration: { Rules: [{ ID: 'r1', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } }] },
      })],
    ['PutBucketNotificationConfiguration', 's3:PutBucketNotification',
      (b: string) => new PutBucketNotificationConfigurationCommand({ Bucket: b, NotificationConfiguration: {} })],
    ['PutBucketAccelerateConfiguration', 's3:PutAccelerateConfiguration',
      (b: string) => new PutBucketAccelerateConfigurationCommand({ Bucket: b, AccelerateConfiguration: { Status: 'Enabled' } })],
    ['PutBucketRequestPayment', 's3:PutBucketRequestPayment',
      (b: string) => new PutBucketRequestPaymentCommand({ Bucket: b, RequestPaymentConfiguration: { Payer: 'Requester' } })],
    ['PutObjectLockConfiguration', 's3:PutBucketObjectLockConfiguration',
      (b: string) => new PutObjectLockConfigurationCommand({ Bucket: b, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })],
    ['PutBucketAnalyticsConfiguration', 's3:PutAnalyticsConfiguration',
      (b: string) => new PutBucketAnalyticsConfigurationCommand({ Bucket: b, Id: 'a', AnalyticsConfiguration: { Id: 'a', StorageClassAnalysis: {} } })],
    ['PutBucketMetricsConfiguration', 's3:PutMetricsConfiguration',
      (b: string) => new PutBucketMetricsConfigurationCommand({ Bucket: b, Id: 'a', MetricsConfiguration: { Id: 'a' } })],
    ['PutBucketInventoryConfiguration', 's3:PutInventoryConfiguration',
      (b: string) => new PutBucketInventoryConfigurationCommand({
        Bucket: b, Id: 'a', InventoryConfiguration: {
          Id: 'a', IsEnabled: true, IncludedObjectVersions: 'All', Schedule: { Frequency: 'Daily' },
          Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::elsewhere', Format: 'CSV' } },
        },
      })],
    ['PutBucketIntelligentTieringConfiguration', 's3:PutIntelligentTieringConfiguration',
      (b: string) => new PutBucketIntelligentTieringConfigurationCommand({
        Bucket: b, Id: 'a', IntelligentTieringConfiguration: { Id: 'a', Status: 'Enabled', Tierings: [{ Days: 90, AccessTier: 'ARCHIVE_ACCESS' }] },
      })],
    ['GetBucketMetadataConfiguration', 's3:GetBucketMetadataTableConfiguration', (b: string) => new GetBucketMetadataConfigurationCommand({ Bucket: b })],
    ['GetBucketMetadataTableConfiguration', 's3:GetBucketMetadataTableConfiguration', (b: string) => new GetBucketMetadataTableConfigurationCommand({ Bucket: b })],
    ['DeleteBucketMetadataConfiguration', 's3:DeleteBucketMetadataTableConfiguration', (b: string) => new DeleteBucketMetadataConfigurationCommand({ Bucket: b })],
    ['DeleteBucketMetadataTableConfiguration', 's3:DeleteBucketMetadataTableConfiguration',
      (b: string) => new DeleteBucketMetadataTableConfigurationCommand({ Bucket: b })],
  ] as const).map(([operation, action, command]): Row => ({
    operation, source: GUIDE, actions: [[action, B]], answer: 'NotImplemented', call: (s3, b) => s3.send(command(b) as never),
  })),
  ...([
    ['GetObjectRetention', 's3:GetObjectRetention', (b: string) => new GetObjectRetentionCommand({ Bucket: b, Key: KEY })],
    ['PutObjectRetention', 's3:PutObjectRetention',
      (b: string) => new PutObjectRetentionCommand({ Bucket: b, Key: KEY, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } })],
    ['GetObjectLegalHold', 's3:GetObjectLegalHold', (b: string) => new GetObjectLegalHoldCommand({ Bucket: b, Key: KEY })],
    ['PutObjectLegalHold', 's3:PutObjectLegalHold', (b: string) => new PutObjectLegalHoldCommand({ Bucket: b, Key: KEY, LegalHold: { Status: 'ON' } })],
    ['RestoreObject', 's3:RestoreObject', (b: string) => new RestoreObjectCommand({ Bucket: b, Key: KEY, RestoreRequest: { Days: 1 } })],
    ['GetObjectTorrent', 's3:GetObjectTorrent', (b: string) => new GetObjectTorrentCommand({ Bucket: b, Key: KEY })],
  ] as const).map(([operation, action, command]): Row => ({
    operation, source: GUIDE, actions: [[action, O]], answer: 'NotImplemented', call: (s3, b) => s3.send(command(b) as never),
  })),
];

/**
 * Served operations without a row, and why. The metadata table writes and UpdateObjectEncryption need inputs
 * (a table bucket, a KMS key) this file does not build, and SelectObjectContent an event stream.
 * PostObject is a browser form, not an SDK call: e2e-s3-post-object tests what it asks (s3:PutObject,
 * s3:PutObjectTagging for its tags).
 */
const UNTESTED = new Set([
  'CreateBucketMetadataConfiguration', 'CreateBucketMetadataTableConfiguration', 'UpdateBucketMetadataInventoryTableConfiguration',
  'UpdateBucketMetadataJournalTableConfiguration', 'UpdateObjectEncryption', 'SelectObjectContent', 'PostObject',
]);

let nobody: S3Client;
let prober: S3Client;

test('set-up: a user with no permissions, and one whose inline policy each row replaces (tests run in order)', async () => {
  nobody = s3Client(gantry, await userWithPolicy(gantry, 'nobody'));
  prober = s3Client(gantry, await userWithPolicy(gantry, PROBER));
});

test('every operation Gantry serves has a row', () => {
  const served = Object.keys(gantry.platform.services.get('s3')?.operations ?? {});
  const rowed = new Set(ROWS.map((r) => r.operation));
  assert.deepEqual(served.filter((op) => !rowed.has(op) && !UNTESTED.has(op)), []);
  assert.deepEqual(ROWS.map((r) => r.operation).filter((op) => !served.includes(op)), []);
});

/** A name for the row's bucket: unique, lowercase, at most 63 characters. */
const bucketOf = (row: Row, index: number) => `rp${index}-${row.operation.toLowerCase()}`.slice(0, 63);

async function setUp(row: Row, bucket: string): Promise<State> {
  const root = s3Client(gantry);
  if (row.setup === 'none') return {};
  await root.send(new CreateBucketCommand({ Bucket: bucket }));
  if (row.setup === 'empty') return {};
  if (row.setup === 'versioned') await root.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const put = await root.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: 'hello' }));
  if (row.setup === 'versioned') return { versionId: put.VersionId as string };
  if (row.setup === 'upload') return { uploadId: (await root.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'upload' }))).UploadId as string };
  return {};
}

const arnOf = (on: On, bucket: string) => (on === 'account' ? '*' : on === 'bucket' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/*`);

async function grant(actions: Row['actions'], bucket: string): Promise<void> {
  const document = { Version: '2012-10-17', Statement: actions.map(([action, on]) => ({ Effect: 'Allow', Action: action, Resource: arnOf(on, bucket) })) };
  await iamClient(gantry).send(new PutUserPolicyCommand({ UserName: PROBER, PolicyName: 'exactly', PolicyDocument: JSON.stringify(document) }));
}

/** The denial of `action`: S3's AccessDenied naming it and the bucket or object it was asked on (a HEAD answers no body, so only its 403). */
async function deniedFor(call: Promise<unknown>, operation: string, [action, on]: readonly [string, On], bucket: string, user: string): Promise<void> {
  if (operation.startsWith('Head')) return rejects(call, null, undefined, 403);
  const resource = on === 'account' ? '\\*' : on === 'bucket' ? `${escapeRegex(`arn:aws:s3:::${bucket}`)}` : `${escapeRegex(`arn:aws:s3:::${bucket}/`)}[^"]+`;
  return rejects(call, 'AccessDenied', new RegExp(`^User: arn:aws:iam::${ACCT}:user/${user} is not authorized to perform: ${escapeRegex(action)} on resource: "${resource}" `));
}

ROWS.forEach((row, index) => {
  const names = row.actions.map(([action]) => action).join(' + ');
  test(`${row.operation}${row.variant ? ` (${row.variant})` : ''} asks ${names} (${row.source})`, async () => {
    const bucket = bucketOf(row, index);
    const state = await setUp(row, bucket);
    const first = row.actions[0];
    assert.ok(first);
    await deniedFor(row.call(nobody, bucket, state), row.operation, first, bucket, 'nobody');
    // All but one: denied naming the one left out, before anything is done.
    if (row.actions.length > 1) {
      for (const left of row.actions) {
        await grant(row.actions.filter((a) => a !== left), bucket);
        await deniedFor(row.call(prober, bucket, state), row.operation, left, bucket, PROBER);
      }
    }
    await grant(row.actions, bucket);
    const allowed = row.call(prober, bucket, state);
    if (row.answer === undefined) await allowed;
    else await rejects(allowed, row.answer);
  });
});
