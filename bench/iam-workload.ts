// The benchmark's callers and its deterministic request generator: a mix of S3, ECR, SageMaker,
// IAM, KMS, logs and other calls by users and assumed-role sessions, with realistic context.

import {
  ACCOUNT, BUCKET_POLICY, DATA_LAKE, DATA_LAKE_ARN, IDENTITIES, KEY_POLICIES, LAKE_KEY_ARN, ML_KEY_ARN, TRUST_POLICIES,
  type IdentityDef, type PolicyDef,
} from './iam-policies.js';
import { SeededRandom } from './seeded-random.js';

/** One caller: an IAM user, or a session of a role. */
export interface Caller {
  readonly identity: IdentityDef;
  /** The caller's ARN as it appears in a request (session ARN for roles). */
  readonly arn: string;
  /** aws:PrincipalArn: the user ARN, or the role ARN behind a session. */
  readonly principalArn: string;
}

export interface BenchRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  /** Tags of the resource (sent to IAM as aws:ResourceTag/<key>). */
  readonly resourceTags: Readonly<Record<string, string>>;
  /** Request condition keys other than principal and resource tags. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The resource's own policy, if it has one: the data-lake bucket policy, a key policy,
   *  or a role's trust policy (for sts:AssumeRole). */
  readonly resourcePolicy: PolicyDef | null;
}

export function callers(): Caller[] {
  const out: Caller[] = [];
  for (const identity of IDENTITIES) {
    if (identity.type === 'user') {
      const arn = `arn:aws:iam::${ACCOUNT}:user/${identity.name}`;
      out.push({ identity, arn, principalArn: arn });
    } else {
      const roleArn = `arn:aws:iam::${ACCOUNT}:role/${identity.name}`;
      for (const session of ['s1', 'job-42']) {
        out.push({ identity, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${identity.name}/${session}`, principalArn: roleArn });
      }
    }
  }
  return out;
}

const USERS = IDENTITIES.filter((i) => i.type === 'user').map((i) => i.name);
const ECR_REPOS: Readonly<Record<string, string>> = {
  'app-web': 'platform', 'app-worker': 'platform', 'ml-trainer': 'ml', 'ml-serving': 'ml', 'security-scanner': 'security',
};
const TEAMS = ['ml', 'platform', 'security', 'finance'];

interface Target {
  resource: string;
  resourceTags?: Record<string, string>;
  context?: Record<string, string | readonly string[]>;
}

type Generator = (rng: SeededRandom, self: Caller) => Target;

function otherUser(rng: SeededRandom, self: Caller): string {
  return rng.chance(0.6) ? self.identity.name : rng.pick(USERS);
}

function s3Object(rng: SeededRandom, self: Caller): string {
  const bucket = rng.weighted<string>([[50, DATA_LAKE], [30, 'gantry-dev-artifacts'], [10, 'gantry-models'], [10, 'gantry-audit-logs']]);
  const file = `${rng.pick(['part-0001.parquet', 'model.tar.gz', 'notes.txt', 'data/2026/09/x.csv'])}`;
  if (bucket === DATA_LAKE) {
    const prefix = rng.pick(['raw/', 'curated/', 'features/', 'restricted/', 'reports/', 'public/', `scratch/${otherUser(rng, self)}/`]);
    return `${DATA_LAKE_ARN}/${prefix}${file}`;
  }
  if (bucket === 'gantry-dev-artifacts') {
    const prefix = rng.pick(['shared/', `home/${otherUser(rng, self)}/`]);
    return `arn:aws:s3:::${bucket}/${prefix}${file}`;
  }
  return `arn:aws:s3:::${bucket}/${file}`;
}

function sse(rng: SeededRandom): Record<string, string> {
  const value = rng.weighted<string | null>([[85, 'aws:kms'], [10, 'AES256'], [5, null]]);
  return value === null ? {} : { 's3:x-amz-server-side-encryption': value };
}

function ecrRepo(rng: SeededRandom): Target {
  const name = rng.pick(Object.keys(ECR_REPOS));
  const region = rng.chance(0.9) ? 'us-east-1' : 'eu-west-1';
  return { resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/${name}`, resourceTags: { team: ECR_REPOS[name] ?? 'none' } };
}

function sagemakerResource(rng: SeededRandom, kind: string): Target {
  return {
    resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${kind}/${kind}-${rng.int(50)}`,
    resourceTags: { team: rng.pick(TEAMS) },
  };
}

function newTags(rng: SeededRandom, self: Caller): Record<string, string | readonly string[]> {
  const team = rng.chance(0.75) ? (self.identity.tags.team ?? 'ml') : rng.pick(TEAMS);
  const extra = rng.subset(['project', 'cost-center', 'owner'], 0.35);
  return { 'aws:RequestTag/team': team, 'aws:TagKeys': ['team', ...extra] };
}

const kmsKey = (rng: SeededRandom): string => rng.pick([LAKE_KEY_ARN, ML_KEY_ARN]);

const kmsContext = (rng: SeededRandom): Record<string, string> => ({
  ...(rng.chance(0.8) ? { 'kms:ViaService': rng.pick(['s3.us-east-1.amazonaws.com', 'sagemaker.us-east-1.amazonaws.com', 'ecr.us-east-1.amazonaws.com']) } : {}),
  ...(rng.chance(0.7) ? { 'kms:EncryptionContext:aws:s3:arn': `${DATA_LAKE_ARN}/curated/part-${rng.int(9)}` } : {}),
});

/** The action catalogue: [weight, action, resource generator]. */
const CATALOGUE: readonly (readonly [number, string, Generator])[] = [
  [14, 's3:GetObject', (rng, self) => ({ resource: s3Object(rng, self) })],
  [8, 's3:PutObject', (rng, self) => ({ resource: s3Object(rng, self), context: sse(rng) })],
  [3, 's3:DeleteObject', (rng, self) => ({ resource: s3Object(rng, self) })],
  [2, 's3:DeleteObjectVersion', (rng, self) => ({ resource: s3Object(rng, self) })],
  [6, 's3:ListBucket', (rng, self) => ({
    resource: `arn:aws:s3:::${rng.pick([DATA_LAKE, 'gantry-dev-artifacts', 'gantry-dev-scratch', 'gantry-audit-logs'])}`,
    context: { 's3:prefix': rng.pick(['', 'shared/', `home/${otherUser(rng, self)}/`, 'curated/', 'raw/2026/']) },
  })],
  [2, 's3:PutObjectTagging', (rng, self) => ({
    resource: `${DATA_LAKE_ARN}/scratch/${otherUser(rng, self)}/part-1.parquet`,
    context: { 'aws:TagKeys': rng.subset(['classification', 'team', 'owner'], 0.5) },
  })],
  [1, 's3:GetBucketPolicy', (rng) => ({ resource: `arn:aws:s3:::${rng.pick([DATA_LAKE, 'gantry-audit-logs'])}` })],
  [1, 's3:PutBucketPolicy', (rng) => ({ resource: `arn:aws:s3:::${rng.pick([DATA_LAKE, 'gantry-models', 'gantry-audit-logs'])}` })],
  [1, 's3:DeleteBucket', (rng) => ({ resource: `arn:aws:s3:::${rng.pick(['gantry-models', 'gantry-dev-artifacts'])}` })],
  [3, 'ecr:GetAuthorizationToken', () => ({ resource: '*' })],
  [4, 'ecr:BatchGetImage', (rng) => ecrRepo(rng)],
  [2, 'ecr:GetDownloadUrlForLayer', (rng) => ecrRepo(rng)],
  [3, 'ecr:PutImage', (rng) => ecrRepo(rng)],
  [2, 'ecr:DescribeRepositories', (rng) => ecrRepo(rng)],
  [1, 'ecr:BatchDeleteImage', (rng) => ecrRepo(rng)],
  [1, 'ecr:DeleteRepository', (rng) => ecrRepo(rng)],
  [4, 'sagemaker:CreateTrainingJob', (rng, self) => ({
    resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/train-${rng.int(1000)}`,
    context: {
      ...newTags(rng, self),
      'sagemaker:InstanceTypes': rng.subset(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.p4d.24xlarge'], 0.45),
      'sagemaker:MaxRuntimeInSeconds': String(rng.pick([3600, 28800, 86400, 172800])),
    },
  })],
  [2, 'sagemaker:CreateModel', (rng, self) => ({
    resource: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/model-${rng.int(1000)}`,
    context: newTags(rng, self),
  })],
  [3, 'sagemaker:DescribeTrainingJob', (rng) => sagemakerResource(rng, 'training-job')],
  [2, 'sagemaker:ListTrainingJobs', () => ({ resource: '*' })],
  [2, 'sagemaker:StopTrainingJob', (rng) => sagemakerResource(rng, 'training-job')],
  [1, 'sagemaker:DeleteModel', (rng) => sagemakerResource(rng, 'model')],
  [1, 'sagemaker:CreateEndpoint', (rng) => sagemakerResource(rng, 'endpoint')],
  [2, 'iam:PassRole', (rng) => ({
    resource: `arn:aws:iam::${ACCOUNT}:role/${rng.pick(['sagemaker-exec', 'sagemaker-batch', 'admin-ops'])}`,
    context: { 'iam:PassedToService': rng.pick(['sagemaker.amazonaws.com', 'sagemaker.amazonaws.com', 'ec2.amazonaws.com']) },
  })],
  [2, 'iam:GetUser', (rng, self) => ({ resource: `arn:aws:iam::${ACCOUNT}:user/${otherUser(rng, self)}` })],
  [1, 'iam:CreateAccessKey', (rng, self) => ({ resource: `arn:aws:iam::${ACCOUNT}:user/${otherUser(rng, self)}` })],
  [1, 'iam:ChangePassword', (rng, self) => ({ resource: `arn:aws:iam::${ACCOUNT}:user/${otherUser(rng, self)}` })],
  [1, 'iam:ListUsers', () => ({ resource: '*' })],
  [1, 'iam:CreateUser', (rng) => ({ resource: `arn:aws:iam::${ACCOUNT}:user/new-${rng.int(9)}` })],
  [1, 'iam:PutRolePolicy', (rng) => ({ resource: `arn:aws:iam::${ACCOUNT}:role/${rng.pick(['analytics', 'ci-deployer'])}` })],
  [3, 'kms:Decrypt', (rng) => ({ resource: kmsKey(rng), context: kmsContext(rng) })],
  [2, 'kms:GenerateDataKey', (rng) => ({ resource: kmsKey(rng), context: kmsContext(rng) })],
  [1, 'kms:Encrypt', (rng) => ({ resource: kmsKey(rng), context: kmsContext(rng) })],
  [1, 'kms:DescribeKey', (rng) => ({ resource: kmsKey(rng) })],
  [1, 'kms:ScheduleKeyDeletion', (rng) => ({ resource: kmsKey(rng) })],
  [2, 'logs:PutLogEvents', (rng) => ({
    resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${rng.pick(['/gantry/ci/build', '/aws/sagemaker/TrainingJobs', '/app/web'])}:log-stream:s-${rng.int(9)}`,
  })],
  [1, 'logs:CreateLogStream', (rng) => ({
    resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${rng.pick(['/gantry/ci/build', '/aws/sagemaker/Endpoints'])}`,
  })],
  [2, 'cloudwatch:PutMetricData', (rng) => ({
    resource: '*', context: { 'cloudwatch:namespace': rng.pick(['/aws/sagemaker/TrainingJobs', 'Gantry/App']) },
  })],
  [1, 'cloudwatch:GetMetricData', () => ({ resource: '*' })],
  [2, 'sts:AssumeRole', (rng) => ({ resource: `arn:aws:iam::${ACCOUNT}:role/${rng.pick(['ci-deployer', 'admin-ops'])}` })],
  [1, 'cloudtrail:LookupEvents', () => ({ resource: '*' })],
  [1, 'cloudtrail:StopLogging', () => ({ resource: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` })],
  [1, 'ec2:RunInstances', () => ({ resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*` })],
];

/** What each identity mostly does; the rest of its calls are drawn from the whole catalogue. */
const USUAL: Readonly<Record<string, readonly string[]>> = {
  alice: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'ecr:BatchGetImage', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'iam:PassRole', 'iam:CreateAccessKey'],
  bob: ['ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 'logs:PutLogEvents', 'sts:AssumeRole', 'iam:CreateAccessKey'],
  carol: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketPolicy', 'iam:GetUser', 'iam:ListUsers', 'cloudtrail:LookupEvents'],
  dave: ['sagemaker:CreateTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:ListTrainingJobs', 's3:GetObject', 's3:PutObject', 'kms:Encrypt', 'kms:Decrypt', 'iam:CreateAccessKey'],
  erin: ['ec2:RunInstances', 'iam:CreateUser', 's3:PutBucketPolicy', 'kms:ScheduleKeyDeletion', 'cloudtrail:LookupEvents', 's3:DeleteObject', 'iam:CreateAccessKey', 'sts:AssumeRole'],
  frank: ['cloudwatch:GetMetricData', 's3:GetObject'],
  analytics: ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey'],
  'ci-deployer': ['ecr:GetAuthorizationToken', 'ecr:PutImage', 'ecr:BatchGetImage', 'sagemaker:CreateModel', 'sagemaker:CreateEndpoint', 'iam:PassRole'],
  'sagemaker-exec': ['s3:GetObject', 's3:PutObject', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'logs:PutLogEvents', 'cloudwatch:PutMetricData', 'kms:Decrypt'],
};

function sourceIp(rng: SeededRandom): string {
  return rng.weighted<string>([
    [55, `10.${rng.int(20)}.${rng.int(256)}.${rng.int(256)}`],
    [25, `10.20.${rng.int(256)}.${rng.int(256)}`],
    [8, `192.168.${rng.int(256)}.${rng.int(256)}`],
    [12, `203.0.113.${rng.int(256)}`],
  ]);
}

function baseContext(rng: SeededRandom, caller: Caller): Record<string, string> {
  const out: Record<string, string> = {
    'aws:SourceIp': sourceIp(rng),
    'aws:SecureTransport': rng.chance(0.94) ? 'true' : 'false',
    'aws:RequestedRegion': rng.weighted<string>([[88, 'us-east-1'], [7, 'eu-west-1'], [5, 'ap-southeast-2']]),
    'aws:ViaAWSService': rng.chance(0.95) ? 'false' : 'true',
  };
  if (caller.identity.type === 'user') {
    const mfa = rng.weighted<string>([[50, 'fresh'], [25, 'false'], [25, 'absent']]);
    if (mfa === 'fresh') {
      out['aws:MultiFactorAuthPresent'] = 'true';
      out['aws:MultiFactorAuthAge'] = String(rng.int(7200));
    } else if (mfa === 'false') {
      out['aws:MultiFactorAuthPresent'] = 'false';
    }
  }
  return out;
}

/** The policy attached to the resource itself, as the request's resource policy. */
export function resourcePolicyOf(action: string, resource: string): PolicyDef | null {
  if (resource === DATA_LAKE_ARN || resource.startsWith(`${DATA_LAKE_ARN}/`)) return BUCKET_POLICY;
  const key = KEY_POLICIES[resource];
  if (key && action.startsWith('kms:')) return key;
  const role = /^arn:aws:iam::\d{12}:role\/(.+)$/.exec(resource);
  if (role && action === 'sts:AssumeRole') return TRUST_POLICIES[role[1] ?? ''] ?? null;
  return null;
}

/** Generates `count` requests from `seed`; the same arguments give the same requests. */
export function generateRequests(count: number, seed: number): BenchRequest[] {
  const rng = new SeededRandom(seed);
  const all = callers();
  const out: BenchRequest[] = [];
  for (let i = 0; i < count; i++) {
    const caller = rng.pick(all);
    const usual = USUAL[caller.identity.name] ?? [];
    const pool = usual.length > 0 && rng.chance(0.7) ? CATALOGUE.filter((entry) => usual.includes(entry[1])) : CATALOGUE;
    const [, action, gen] = rng.weighted(pool.map((entry) => [entry[0], entry] as const));
    const target = gen(rng, caller);
    out.push({
      caller,
      action,
      resource: target.resource,
      resourceAccount: ACCOUNT,
      resourceTags: target.resourceTags ?? {},
      context: { ...baseContext(rng, caller), ...(target.context ?? {}) },
      resourcePolicy: resourcePolicyOf(action, target.resource),
    });
  }
  return out;
}

/** The condition keys an IAM request carries: request keys plus principal and resource tags. */
export function iamContext(req: BenchRequest): Record<string, string | readonly string[]> {
  const ctx: Record<string, string | readonly string[]> = { ...req.context };
  for (const [k, v] of Object.entries(req.caller.identity.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  for (const [k, v] of Object.entries(req.resourceTags)) ctx[`aws:ResourceTag/${k}`] = v;
  return ctx;
}
