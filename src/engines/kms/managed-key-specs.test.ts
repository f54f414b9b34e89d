// Unit tests of the AWS managed key table: every predefined alias has a key to create, and
// aws/s3's policy stays byte for byte what it was (S3 objects already encrypted under it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../iam/index.js';
import { awsManagedKeyPolicy } from './key-policies.js';
import { MANAGED_KEY_SPECS, isManagedService } from './managed-key-specs.js';
import { PREDEFINED_ALIASES } from './predefined-aliases.js';

test('the predefined aliases are the managed services, in name order; only they are managed services', () => {
  assert.deepEqual(PREDEFINED_ALIASES, [
    'alias/aws/acm', 'alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/es', 'alias/aws/glue', 'alias/aws/kinesisvideo',
    'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/redshift', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/aws/xray',
  ]);
  assert.ok(PREDEFINED_ALIASES.every((name) => isManagedService(name.slice('alias/aws/'.length))));
  assert.equal(isManagedService('toString'), false);
});

test('the aws/s3 policy is AWS auto-s3-2, laid out as GetKeyPolicy returns it', () => {
  assert.equal(awsManagedKeyPolicy('111122223333', 'eu-west-2', MANAGED_KEY_SPECS.s3), `{
  "Version" : "2012-10-17",
  "Id" : "auto-s3-2",
  "Statement" : [ {
    "Sid" : "Allow access through S3 for all principals in the account that are authorized to use S3",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "111122223333",
        "kms:ViaService" : "s3.eu-west-2.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
    "Resource" : "*"
  } ]
}`);
});

test('every managed key policy parses as a key policy', () => {
  const specs = Object.entries(MANAGED_KEY_SPECS);
  // The loop below covers every managed service, not an empty table.
  assert.deepEqual(specs.map(([service]) => `alias/aws/${service}`).sort(), [...PREDEFINED_ALIASES].sort());
  for (const [service, spec] of specs) {
    const text = awsManagedKeyPolicy('111122223333', 'us-east-1', spec);
    const parsed = parsePolicy(JSON.parse(text), 'resource', `arn:aws:kms:us-east-1:111122223333:key/${service}`);
    assert.ok(parsed.ok, `${service}: ${parsed.ok ? '' : parsed.errors.map((e) => e.message).join('; ')}`);
  }
});
