// Tests of the iam-data adapter end to end: the AWS CLI reference example for validate-policy
// (a Cognito trust policy) must give Access Analyzer's findings at Access Analyzer's spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../policy-validation/index.js';
import { loadCatalogFor, loadServiceCatalog, mentionsOf } from './iam-data-catalog.js';

// From the `aws accessanalyzer validate-policy` example in the AWS CLI reference.
const COGNITO_TRUST = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Principal": {
                "Federated": "cognito-identity.amazonaws.com"
            },
            "Action": [
                "sts:AssumeRole",
                "sts:TagSession"
            ],
            "Condition": {
                "StringEquals": {
                    "cognito-identity.amazonaws.com:aud": "us-west-2_EXAMPLE"
                }
            }
        }
    ]
}`;

test('mentionsOf finds services in actions and ARNs, and condition keys', () => {
  const m = mentionsOf('{"Statement":[{"Action":["S3:Get*","*:List*"],"Resource":"arn:aws:kms:::k","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}');
  assert.deepEqual([...m.services], ['s3', 'kms']);
  assert.deepEqual([...m.conditionKeys], ['aws:SecureTransport']);
});

test('the CLI reference example: empty Sid and an action the condition key does not cover', async () => {
  const findings = validatePolicy(COGNITO_TRUST, 'trust', await loadCatalogFor(COGNITO_TRUST));
  assert.deepEqual(
    findings.map((f) => f.issueCode),
    ['EMPTY_SID_VALUE', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY'],
  );
  const [sid, unsupported] = findings;
  assert.equal(sid?.findingDetails, 'Add a value to the empty string in the Sid element.');
  assert.deepEqual(sid?.locations, [
    {
      path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
      span: { start: { line: 5, column: 19, offset: 79 }, end: { line: 5, column: 21, offset: 81 } },
    },
  ]);
  assert.equal(
    unsupported?.findingDetails,
    'The following actions: sts:TagSession are not supported by the condition key cognito-identity.amazonaws.com:aud. ' +
      'The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.',
  );
  assert.deepEqual(unsupported?.locations[0], {
    path: [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }],
    span: { start: { line: 12, column: 16, offset: 292 }, end: { line: 12, column: 32, offset: 308 } },
  });
  assert.deepEqual(unsupported?.locations[1]?.path, [
    { value: 'Statement' },
    { index: 0 },
    { value: 'Condition' },
    { value: 'StringEquals' },
    { value: 'cognito-identity.amazonaws.com:aud' },
  ]);
  assert.equal(
    unsupported?.learnMoreLink,
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-action-for-condition-key',
  );
});

test('real catalog: typos, wildcards that match nothing, and key support per action', async () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObjekt', 's3:ListBucket', 'ec2:Describe*', 'sagemaker:Nope*'],
        Resource: '*',
        Condition: { StringLike: { 's3:prefix': 'data/*' }, Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  });
  const findings = validatePolicy(text, 'identity', await loadCatalogFor(text));
  assert.deepEqual(
    findings.map((f) => [f.issueCode, f.findingDetails.split('.')[0]]),
    [
      ['INVALID_ACTION', 'The action s3:GetObjekt does not exist'],
      ['INVALID_ACTION', 'The action sagemaker:Nope* does not exist'],
      ['UNSUPPORTED_ACTION_FOR_CONDITION_KEY', 'The following actions: ec2:Describe* are not supported by the condition key s3:prefix'],
    ],
  );
  assert.match(findings[0]?.findingDetails ?? '', /Did you mean s3:GetObject\?$/);
});

test('loadServiceCatalog holds a whole service: S3 actions with resource types, and its templated keys', async () => {
  const s3 = await loadServiceCatalog('s3');
  const putObject = s3.actions('s3')?.find((a) => a.name === 'PutObject');
  assert.deepEqual(putObject?.resourceTypes.map((r) => r.name), ['accesspointobject', 'object']);
  // The reference writes this key `s3:ExistingObjectTag/<key>`; a policy names a real tag.
  assert.equal(s3.conditionKey('s3:ExistingObjectTag/team')?.key, 's3:ExistingObjectTag/${key}');
  assert.equal(s3.conditionKey('s3:x-acl'), undefined);
});
