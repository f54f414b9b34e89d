// A few AWS managed policies, with the documents AWS publishes for them, so that roles
// can be built the usual way (attach AdministratorAccess, AmazonS3ReadOnlyAccess, ...).
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html

import type { ManagedPolicyRecord } from './records.js';

const CREATED = '2015-02-06T18:39:46Z';

function managed(name: string, id: string, statements: object[], path = '/'): ManagedPolicyRecord {
  return {
    account: 'aws',
    name,
    id,
    path,
    arn: `arn:aws:iam::aws:policy${path}${name}`,
    created: CREATED,
    updated: CREATED,
    description: null,
    defaultVersionId: 'v1',
    nextVersion: 2,
    versions: [{ versionId: 'v1', document: JSON.stringify({ Version: '2012-10-17', Statement: statements }), created: CREATED }],
    tags: [],
  };
}

const list: ManagedPolicyRecord[] = [
  managed('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  managed('AmazonS3FullAccess', 'ANPAIFIR6V6BVTRAHWINE', [
    { Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' },
  ]),
  managed('AmazonS3ReadOnlyAccess', 'ANPAIZTJ4DXE7G6AGAE6M', [
    {
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
      Resource: '*',
    },
  ]),
  managed('IAMReadOnlyAccess', 'ANPAJKSO7NDY4T57MWDSQ', [
    { Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'], Resource: '*' },
  ]),
  managed('PowerUserAccess', 'ANPAJYRXTHIB4FOVS3ZXS', [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'],
      Resource: '*',
    },
  ]),
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicyRecord> = new Map(list.map((p) => [p.arn, p]));
