// A small hand-made catalog for the validator's unit tests (a few real S3, IAM, STS and EC2
// entries from https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html).
import { createStaticCatalog } from './static-catalog.js';
import type { CatalogAction, PolicyCatalog } from './types.js';

function action(name: string, resource: string, conditionKeys: string[] = []): CatalogAction {
  return { name, conditionKeys, resourceTypes: resource === '' ? [] : [{ name: resource, required: true, conditionKeys: [] }] };
}

export function testCatalog(): PolicyCatalog {
  return createStaticCatalog({
    services: ['s3', 'iam', 'sts', 'ec2', 'kms', 'sqs'],
    actions: {
      s3: [
        action('GetObject', 'object', ['s3:ExistingObjectTag/${TagKey}']),
        action('GetObjectAcl', 'object'),
        action('PutObject', 'object', ['s3:x-amz-acl']),
        action('ListBucket', 'bucket', ['s3:prefix', 's3:max-keys']),
        action('GetBucketPolicy', 'bucket'),
      ],
      iam: [
        action('PassRole', 'role', ['iam:PassedToService', 'iam:AssociatedResourceArn']),
        action('GetRole', 'role'),
        action('CreateServiceLinkedRole', 'role', ['iam:AWSServiceName']),
      ],
      sts: [
        action('AssumeRole', 'role', ['sts:ExternalId', 'cognito-identity.amazonaws.com:aud']),
        action('AssumeRoleWithWebIdentity', 'role', ['cognito-identity.amazonaws.com:aud']),
        action('TagSession', 'role', ['aws:TagKeys']),
      ],
      ec2: [action('DescribeInstances', ''), action('StartInstances', 'instance')],
    },
    resourceTypes: {
      s3: [
        { name: 'bucket', arnFormat: 'arn:${Partition}:s3:::${BucketName}', conditionKeys: [] },
        { name: 'object', arnFormat: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', conditionKeys: [] },
      ],
      iam: [{ name: 'role', arnFormat: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', conditionKeys: [] }],
      sts: [{ name: 'role', arnFormat: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', conditionKeys: [] }],
      ec2: [
        {
          name: 'instance',
          arnFormat: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
          conditionKeys: ['ec2:InstanceType'],
        },
      ],
    },
    conditionKeys: [
      { key: 's3:prefix', type: 'String' },
      { key: 's3:max-keys', type: 'Numeric' },
      { key: 's3:x-amz-acl', type: 'String' },
      { key: 's3:ExistingObjectTag/${TagKey}', type: 'String' },
      { key: 'iam:PassedToService', type: 'String' },
      { key: 'sts:ExternalId', type: 'String' },
      { key: 'ec2:InstanceType', type: 'String' },
      { key: 'cognito-identity.amazonaws.com:aud', type: 'String' },
      { key: 'aws:SourceIp', type: 'IPAddress' },
      { key: 'aws:CurrentTime', type: 'Date' },
      { key: 'aws:MultiFactorAuthPresent', type: 'Bool' },
      { key: 'aws:TagKeys', type: 'ArrayOfString' },
      { key: 'aws:PrincipalTag/${TagKey}', type: 'String' },
      { key: 'aws:SourceArn', type: 'ARN' },
      { key: 'aws:SourceAccount', type: 'String' },
      { key: 'aws:username', type: 'String' },
    ],
  });
}
