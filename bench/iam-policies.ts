// The benchmark's IAM policy set: identity policies (users, groups, roles), a permission boundary,
// an S3 bucket policy, KMS key and role trust policies, and SCPs, as IAM JSON with attachments.

export const ACCOUNT = '111122223333';
export const DATA_LAKE = 'gantry-data-lake';
export const DATA_LAKE_ARN = `arn:aws:s3:::${DATA_LAKE}`;

export type StringOrList = string | readonly string[];

export interface StatementDoc {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly AWS: StringOrList };
  readonly Action?: StringOrList;
  readonly NotAction?: StringOrList;
  readonly Resource?: StringOrList;
  readonly NotResource?: StringOrList;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, StringOrList>>>>;
}

export interface PolicyDoc {
  readonly Version: '2012-10-17';
  readonly Statement: readonly StatementDoc[];
}

export type BenchPolicyKind = 'identity' | 'boundary' | 'resource' | 'key' | 'trust' | 'scp';

export interface PolicyDef {
  readonly id: string;
  readonly kind: BenchPolicyKind;
  readonly doc: PolicyDoc;
}

const A = ACCOUNT;
const doc = (...Statement: StatementDoc[]): PolicyDoc => ({ Version: '2012-10-17', Statement });
const identity = (id: string, d: PolicyDoc): PolicyDef => ({ id, kind: 'identity', doc: d });

/** Identity policies, attached below to groups, users and roles. */
export const IDENTITY_POLICIES: readonly PolicyDef[] = [
  identity('DevelopersS3', doc(
    {
      Sid: 'ListOwnAndSharedPrefixes', Effect: 'Allow', Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::gantry-dev-*',
      Condition: { StringLike: { 's3:prefix': ['', 'shared/*', 'home/${aws:username}/*'] } },
    },
    {
      Sid: 'ReadWriteShared', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::gantry-dev-*/shared/*',
    },
    {
      Sid: 'OwnHome', Effect: 'Allow', Action: 's3:*',
      Resource: 'arn:aws:s3:::gantry-dev-*/home/${aws:username}/*',
    },
    {
      Sid: 'NoDeletesInShared', Effect: 'Deny', Action: 's3:DeleteObject*',
      Resource: 'arn:aws:s3:::gantry-dev-*/shared/*',
    },
  )),
  identity('DevelopersEcr', doc(
    { Sid: 'Token', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'Pull', Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:Describe*', 'ecr:List*'],
      Resource: `arn:aws:ecr:us-east-1:${A}:repository/*`,
    },
    {
      Sid: 'PushOwnTeam', Effect: 'Allow',
      Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'],
      Resource: `arn:aws:ecr:us-east-1:${A}:repository/*`,
      Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    },
  )),
  identity('DataScientistsSageMaker', doc(
    { Sid: 'Read', Effect: 'Allow', Action: ['sagemaker:Describe*', 'sagemaker:List*'], Resource: '*' },
    {
      Sid: 'CreateTagged', Effect: 'Allow',
      Action: ['sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob', 'sagemaker:CreateModel'],
      Resource: `arn:aws:sagemaker:*:${A}:*`,
      Condition: {
        StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'project', 'cost-center'] },
      },
    },
    {
      Sid: 'ManageOwnTeam', Effect: 'Allow',
      Action: ['sagemaker:StopTrainingJob', 'sagemaker:DeleteModel', 'sagemaker:AddTags'],
      Resource: `arn:aws:sagemaker:*:${A}:*`,
      Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    },
    {
      Sid: 'PassExecutionRole', Effect: 'Allow', Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${A}:role/sagemaker-*`,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    {
      Sid: 'NoBigGpus', Effect: 'Deny',
      Action: ['sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob'],
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEquals': { 'sagemaker:InstanceTypes': ['ml.p4d.24xlarge', 'ml.p5.48xlarge'] },
      },
    },
  )),
  identity('DataScientistsS3', doc(
    {
      Sid: 'ReadCurated', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [DATA_LAKE_ARN, `${DATA_LAKE_ARN}/curated/*`, `${DATA_LAKE_ARN}/features/*`],
    },
    {
      Sid: 'OwnScratch', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      Resource: `${DATA_LAKE_ARN}/scratch/\${aws:username}/*`,
    },
    {
      Sid: 'TagScratch', Effect: 'Allow', Action: 's3:PutObjectTagging',
      Resource: `${DATA_LAKE_ARN}/scratch/*`,
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['classification', 'team'] } },
    },
    {
      Sid: 'KmsForLake', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: `arn:aws:kms:us-east-1:${A}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    },
  )),
  identity('AuditorsReadOnly', doc(
    { Sid: 'S3Read', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' },
    { Sid: 'IamRead', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport'], Resource: '*' },
    { Sid: 'Trail', Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' },
    { Sid: 'NotRestricted', Effect: 'Deny', Action: 's3:GetObject', Resource: `${DATA_LAKE_ARN}/restricted/*` },
    {
      Sid: 'ReadOnlyGuard', Effect: 'Deny',
      NotAction: ['s3:Get*', 's3:List*', 'iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 'cloudtrail:*', 'kms:Describe*'],
      Resource: '*',
    },
  )),
  identity('AdminsWithMfa', doc(
    {
      Sid: 'EverythingWithFreshMfa', Effect: 'Allow', Action: '*', Resource: '*',
      Condition: {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      },
    },
    {
      Sid: 'NoAuditTampering', Effect: 'Deny', Action: ['s3:Delete*', 's3:PutBucketPolicy'],
      Resource: ['arn:aws:s3:::gantry-audit-logs', 'arn:aws:s3:::gantry-audit-logs/*'],
    },
  )),
  identity('SelfService', doc(
    {
      Sid: 'OwnCredentials', Effect: 'Allow',
      Action: ['iam:ChangePassword', 'iam:GetUser', 'iam:*AccessKey*', 'iam:ListMFADevices'],
      Resource: `arn:aws:iam::${A}:user/\${aws:username}`,
    },
    { Sid: 'ListUsers', Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetAccountPasswordPolicy'], Resource: '*' },
  )),
  identity('NetworkAndMfaGuard', doc(
    {
      Sid: 'OnlyFromCorporateNetwork', Effect: 'Deny', Action: '*', Resource: '*',
      Condition: {
        NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] },
        Bool: { 'aws:ViaAWSService': 'false' },
      },
    },
    {
      Sid: 'MfaForSensitive', Effect: 'Deny',
      NotAction: ['iam:ChangePassword', 'iam:GetUser', 'iam:ListMFADevices', 's3:Get*', 's3:List*', 'ecr:*', 'sagemaker:Describe*', 'sagemaker:List*', 'cloudwatch:*', 'logs:*', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Describe*', 'sts:AssumeRole', 'iam:PassRole', 'iam:ListUsers', 'iam:GetAccountPasswordPolicy', 'cloudtrail:LookupEvents', 'iam:GenerateCredentialReport', 'iam:List*', 'iam:Get*', 'iam:*AccessKey*'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  )),
  identity('AliceInline', doc(
    {
      Sid: 'KmsViaS3', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: `arn:aws:kms:us-east-1:${A}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'sagemaker.us-east-1.amazonaws.com'] } },
    },
    { Sid: 'KmsRead', Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*'], Resource: '*' },
  )),
  identity('BobInline', doc(
    {
      Sid: 'CiLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:us-east-1:${A}:log-group:/gantry/ci/*`,
    },
    {
      Sid: 'AssumeCi', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/ci-*`,
      Condition: { IpAddress: { 'aws:SourceIp': '10.20.0.0/16' } },
    },
  )),
  identity('FrankInline', doc(
    { Sid: 'Metrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], Resource: '*' },
  )),
  identity('AnalyticsRole', doc(
    {
      Sid: 'ReadLake', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [DATA_LAKE_ARN, `${DATA_LAKE_ARN}/raw/*`, `${DATA_LAKE_ARN}/curated/*`],
    },
    {
      Sid: 'WriteCuratedEncrypted', Effect: 'Allow', Action: 's3:PutObject', Resource: `${DATA_LAKE_ARN}/curated/*`,
      Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: 'LakeKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:us-east-1:${A}:key/*`,
      Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${DATA_LAKE_ARN}/*` } },
    },
    {
      Sid: 'OnlyTheLake', Effect: 'Deny', Action: 's3:*',
      NotResource: [DATA_LAKE_ARN, `${DATA_LAKE_ARN}/*`],
    },
  )),
  identity('CiDeployerRole', doc(
    { Sid: 'Token', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Sid: 'AppRepos', Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:*:${A}:repository/app-*` },
    {
      Sid: 'Deploy', Effect: 'Allow',
      Action: ['sagemaker:CreateModel', 'sagemaker:CreateEndpoint*', 'sagemaker:UpdateEndpoint', 'sagemaker:Describe*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    },
    {
      Sid: 'PassExec', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A}:role/sagemaker-exec`,
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    { Sid: 'NoDeletes', Effect: 'Deny', Action: ['ecr:DeleteRepository*', 'ecr:BatchDeleteImage'], Resource: '*' },
  )),
  identity('SageMakerExecRole', doc(
    {
      Sid: 'ReadTrainingData', Effect: 'Allow', Action: 's3:GetObject',
      Resource: [`${DATA_LAKE_ARN}/curated/*`, `${DATA_LAKE_ARN}/features/*`],
    },
    { Sid: 'WriteModels', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::gantry-models/*' },
    {
      Sid: 'PullImages', Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: `arn:aws:ecr:us-east-1:${A}:repository/*`,
    },
    { Sid: 'Logs', Effect: 'Allow', Action: 'logs:*', Resource: `arn:aws:logs:*:${A}:log-group:/aws/sagemaker/*` },
    {
      Sid: 'Metrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*',
      Condition: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker*' } },
    },
  )),
];

/** The permission boundary set on bob, dave and the analytics role. */
export const BOUNDARY: PolicyDef = {
  id: 'DeveloperBoundary',
  kind: 'boundary',
  doc: doc(
    {
      Sid: 'Ceiling', Effect: 'Allow',
      Action: ['s3:*', 'ecr:*', 'sagemaker:*', 'logs:*', 'cloudwatch:*', 'kms:Decrypt', 'kms:Describe*', 'kms:GenerateDataKey*', 'sts:AssumeRole', 'iam:PassRole', 'iam:Get*', 'iam:List*', 'iam:ChangePassword'],
      Resource: '*',
    },
    { Sid: 'NoIamWrites', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:*Policy*', 'iam:*PermissionsBoundary*'], Resource: '*' },
    {
      Sid: 'NoAuditBucket', Effect: 'Deny', Action: 's3:*',
      Resource: ['arn:aws:s3:::gantry-audit-logs', 'arn:aws:s3:::gantry-audit-logs/*'],
    },
    {
      Sid: 'SageMakerHomeRegion', Effect: 'Deny', Action: 'sagemaker:*', Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    },
  ),
};

/** The bucket policy of the data lake (the only bucket with a resource policy). */
export const BUCKET_POLICY: PolicyDef = {
  id: `${DATA_LAKE}-bucket-policy`,
  kind: 'resource',
  doc: doc(
    {
      Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [DATA_LAKE_ARN, `${DATA_LAKE_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'AnalyticsRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/analytics` },
      Action: ['s3:GetObject', 's3:ListBucket'], Resource: [DATA_LAKE_ARN, `${DATA_LAKE_ARN}/*`],
    },
    {
      Sid: 'FrankReports', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:user/frank`] },
      Action: 's3:GetObject', Resource: `${DATA_LAKE_ARN}/reports/*`,
    },
    {
      Sid: 'SageMakerPublic', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject',
      Resource: `${DATA_LAKE_ARN}/public/*`,
      Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/sagemaker-*` } },
    },
    {
      Sid: 'EncryptedWrites', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${DATA_LAKE_ARN}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: 'RawIsAppendOnly', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject*', Resource: `${DATA_LAKE_ARN}/raw/*`,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/analytics` } },
    },
  ),
};

export const LAKE_KEY_ARN = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ML_KEY_ARN = `arn:aws:kms:us-east-1:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

/** KMS key policies: a key policy must allow, directly or by delegating to the account. */
export const KEY_POLICIES: Readonly<Record<string, PolicyDef>> = {
  [LAKE_KEY_ARN]: {
    id: 'lake-key-policy', kind: 'key', doc: doc(
      { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AnalyticsViaS3', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/analytics` },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
      {
        Sid: 'EncryptOnlyViaS3', Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*',
        Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ),
  },
  [ML_KEY_ARN]: {
    id: 'ml-key-policy', kind: 'key', doc: doc(
      {
        Sid: 'IamPoliciesForReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` },
        Action: ['kms:Describe*', 'kms:List*', 'kms:Decrypt'], Resource: '*',
      },
      {
        Sid: 'TrainingJobSession', Effect: 'Allow',
        Principal: { AWS: `arn:aws:sts::${A}:assumed-role/sagemaker-exec/job-42` },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*',
      },
      { Sid: 'DaveEncrypts', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/dave` }, Action: 'kms:Encrypt', Resource: '*' },
    ),
  },
};

/** Role trust policies, for sts:AssumeRole on these roles. */
export const TRUST_POLICIES: Readonly<Record<string, PolicyDef>> = {
  'ci-deployer': {
    id: 'ci-deployer-trust', kind: 'trust', doc: doc({
      Sid: 'Engineers', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:user/alice`] },
      Action: 'sts:AssumeRole',
      Condition: { IpAddress: { 'aws:SourceIp': ['10.20.0.0/16', '192.168.0.0/16'] } },
    }),
  },
  'admin-ops': {
    id: 'admin-ops-trust', kind: 'trust', doc: doc({
      Sid: 'AccountWithMfa', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    }),
  },
};

/** Service control policies, at two levels of the organization. */
export const SCPS: readonly { readonly target: string; readonly policies: readonly PolicyDef[] }[] = [
  {
    target: 'r-root',
    policies: [
      { id: 'FullAWSAccess', kind: 'scp', doc: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      {
        id: 'DenyOutsideRegions', kind: 'scp', doc: doc({
          Sid: 'Regions', Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*', 'cloudfront:*', 'organizations:*', 'support:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        }),
      },
    ],
  },
  {
    target: 'ou-ml-workloads',
    policies: [
      {
        id: 'MlServicesOnly', kind: 'scp', doc: doc({
          Sid: 'AllowList', Effect: 'Allow',
          Action: ['s3:*', 'ecr:*', 'sagemaker:*', 'kms:*', 'logs:*', 'cloudwatch:*', 'iam:*', 'sts:*', 'cloudtrail:LookupEvents'],
          Resource: '*',
        }),
      },
      {
        id: 'ProtectSecurity', kind: 'scp', doc: doc(
          {
            Sid: 'KeepTrails', Effect: 'Deny',
            Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'kms:ScheduleKeyDeletion', 'kms:DisableKey'],
            Resource: '*',
          },
          {
            Sid: 'BucketPoliciesByAdminOnly', Effect: 'Deny',
            Action: ['s3:PutBucketPolicy', 's3:DeleteBucket*', 'iam:DeleteAccountPasswordPolicy'],
            Resource: '*',
            Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${A}:user/erin`, `arn:aws:iam::${A}:role/admin-*`] } },
          },
          {
            Sid: 'BoundedTraining', Effect: 'Deny', Action: 'sagemaker:CreateTrainingJob', Resource: '*',
            Condition: { NumericGreaterThan: { 'sagemaker:MaxRuntimeInSeconds': '86400' } },
          },
        ),
      },
    ],
  },
];

/** Groups and the identity policies attached to them. */
export const GROUPS: Readonly<Record<string, readonly string[]>> = {
  developers: ['DevelopersS3', 'DevelopersEcr', 'SelfService', 'NetworkAndMfaGuard'],
  'data-scientists': ['DataScientistsSageMaker', 'DataScientistsS3', 'SelfService', 'NetworkAndMfaGuard'],
  auditors: ['AuditorsReadOnly', 'SelfService', 'NetworkAndMfaGuard'],
  admins: ['AdminsWithMfa', 'SelfService'],
};

export interface IdentityDef {
  /** User or role name. */
  readonly name: string;
  readonly type: 'user' | 'role';
  readonly groups: readonly string[];
  /** Inline and directly attached policies. */
  readonly policies: readonly string[];
  readonly boundary: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** IAM users and roles of the account. Roles are used through assumed-role sessions. */
export const IDENTITIES: readonly IdentityDef[] = [
  { name: 'alice', type: 'user', groups: ['developers', 'data-scientists'], policies: ['AliceInline'], boundary: false, tags: { team: 'ml' } },
  { name: 'bob', type: 'user', groups: ['developers'], policies: ['BobInline'], boundary: true, tags: { team: 'platform' } },
  { name: 'carol', type: 'user', groups: ['auditors'], policies: [], boundary: false, tags: { team: 'security' } },
  { name: 'dave', type: 'user', groups: ['data-scientists'], policies: [], boundary: true, tags: { team: 'ml' } },
  { name: 'erin', type: 'user', groups: ['admins'], policies: [], boundary: false, tags: { team: 'platform' } },
  { name: 'frank', type: 'user', groups: [], policies: ['FrankInline'], boundary: false, tags: { team: 'finance' } },
  { name: 'analytics', type: 'role', groups: [], policies: ['AnalyticsRole'], boundary: true, tags: { team: 'ml' } },
  { name: 'ci-deployer', type: 'role', groups: [], policies: ['CiDeployerRole'], boundary: false, tags: { team: 'platform' } },
  { name: 'sagemaker-exec', type: 'role', groups: [], policies: ['SageMakerExecRole'], boundary: false, tags: { team: 'ml' } },
];

/** Every policy, for counting and lookup. */
export function allPolicies(): PolicyDef[] {
  return [
    ...IDENTITY_POLICIES, BOUNDARY, BUCKET_POLICY, ...Object.values(KEY_POLICIES), ...Object.values(TRUST_POLICIES),
    ...SCPS.flatMap((level) => level.policies),
  ];
}

export function identityPolicy(id: string): PolicyDef {
  const found = IDENTITY_POLICIES.find((p) => p.id === id);
  if (!found) throw new Error(`workload: no identity policy ${id}`);
  return found;
}

/** The identity policy ids that apply to an identity (its own, then its groups'). */
export function policyIdsOf(identity: IdentityDef): string[] {
  const ids = [...identity.policies];
  for (const group of identity.groups) {
    for (const id of GROUPS[group] ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
