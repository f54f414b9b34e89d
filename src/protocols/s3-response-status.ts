// S3 operations AWS answers 204 No Content although botocore's model names no response code
// (so 200 by default): recorded against AWS in LocalStack's tests/aws/services/s3 snapshots
// ("put-bucket-policy", "put-bucket-tags"), and shown in the examples of
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html and API_PutBucketTagging.html.

export const S3_NO_CONTENT_OPERATIONS: ReadonlySet<string> = new Set(['PutBucketPolicy', 'PutBucketTagging']);
