// Root element names of S3 response documents, which botocore's model leaves out (its client never
// checks them). Each is the name shown in the "Response Syntax" of the S3 API reference page of the
// operation, https://docs.aws.amazon.com/AmazonS3/latest/API/API_<Operation>.html.

export const S3_RESPONSE_ROOTS: Readonly<Record<string, string>> = {
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CreateSession: 'CreateSessionResult',
  DeleteObjects: 'DeleteResult',
  GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
  GetBucketAcl: 'AccessControlPolicy',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycle: 'LifecycleConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketLocation: 'LocationConstraint',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketNotification: 'NotificationConfiguration',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketRequestPayment: 'RequestPaymentConfiguration',
  GetBucketTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketWebsite: 'WebsiteConfiguration',
  GetObjectAcl: 'AccessControlPolicy',
  GetObjectAttributes: 'GetObjectAttributesResponse',
  GetObjectTagging: 'Tagging',
  ListBucketAnalyticsConfigurations: 'ListBucketAnalyticsConfigurationResult',
  ListBucketIntelligentTieringConfigurations: 'ListBucketIntelligentTieringConfigurationsOutput',
  ListBucketInventoryConfigurations: 'ListInventoryConfigurationsResult',
  ListBucketMetricsConfigurations: 'ListMetricsConfigurationsResult',
  ListBuckets: 'ListAllMyBucketsResult',
  ListDirectoryBuckets: 'ListAllMyDirectoryBucketsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListObjectVersions: 'ListVersionsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListParts: 'ListPartsResult',
};

/**
 * Documents whose root element's text is the one member's value:
 * `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>` (API_GetBucketLocation.html).
 */
export const S3_TEXT_ROOTS: Readonly<Record<string, string>> = {
  GetBucketLocation: 'LocationConstraint',
};
