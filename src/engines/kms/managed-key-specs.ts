// What each AWS managed key (alias aws/<service>) is created with: its description and the
// parts of AWS's key policy that differ by service (the policy Id, the Sid naming the service,
// the service endpoint kms:ViaService requires, and which actions each statement allows).
// Taken from keys AWS created in real accounts (DescribeKey/GetKeyPolicy output exported by
// users) and from the service pages of the KMS developer guide; each entry says which.
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key

/** The actions every managed key lets the account's principals use through its service. */
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;
/** The same with CreateGrant, for the services that hand their key to a grant (volumes, tables, functions). */
const USE_WITH_GRANTS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'] as const;
/** What the account's root may do directly: read the key's metadata. */
const METADATA = ['kms:Describe*', 'kms:Get*', 'kms:List*'] as const;
/** The same plus RevokeGrant, so the account can take back the service's grants. */
const METADATA_AND_REVOKE = ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'] as const;

export interface ManagedKeySpec {
  readonly description: string;
  /** The policy's Id (`auto-s3-2`). */
  readonly policyId: string;
  /** The Sid of the statement that allows use through the service. */
  readonly useSid: string;
  /** The first label of the kms:ViaService endpoint: `ec2` for EBS, which EC2 drives. */
  readonly viaService: string;
  readonly useActions: readonly string[];
  readonly metadataActions: readonly string[];
}

function through(name: string): string {
  return `Allow access through ${name} for all principals in the account that are authorized to use ${name}`;
}

/**
 * One entry per predefined alias (predefined-aliases.ts). Where AWS's own policy has a third
 * statement for the service's principal (DynamoDB, OpenSearch) it is left out: it only lets
 * the service itself describe the key, and no principal Gantry serves is a service principal.
 */
export const MANAGED_KEY_SPECS = {
  // [INFER] description from AWS-created keys (older ones say "Default master key ..."); policy assumed as the basic template.
  acm: { description: 'Default key that protects my ACM private keys when no other key is defined', policyId: 'auto-acm-1', useSid: through('ACM'), viaService: 'acm', useActions: USE, metadataActions: METADATA },
  // Policy as in the KMS guide's DynamoDB page (auto-dynamodb-1); description from an AWS-created key.
  dynamodb: { description: 'Default key that protects my DynamoDB data when no other key is defined', policyId: 'auto-dynamodb-1', useSid: through('Amazon DynamoDB'), viaService: 'dynamodb', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE },
  // From an AWS-created key (auto-ebs-2): EBS encryption is done by EC2, so ViaService is ec2.
  ebs: { description: 'Default key that protects my EBS volumes when no other key is defined', policyId: 'auto-ebs-2', useSid: through('EBS'), viaService: 'ec2', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE },
  // From an AWS-created key (auto-elasticfilesystem-1); its Sid says "access to", not "through".
  elasticfilesystem: {
    description: 'Default key that protects my EFS filesystems when no other key is defined', policyId: 'auto-elasticfilesystem-1',
    useSid: 'Allow access to EFS for all principals in the account that are authorized to use EFS', viaService: 'elasticfilesystem', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE,
  },
  // From an AWS-created key (auto-es-2).
  es: {
    description: 'Default key that protects my Amazon OpenSearch Service (successor to Amazon Elasticsearch Service) data when no other key is defined', policyId: 'auto-es-2',
    useSid: through('OpenSearch Service'), viaService: 'es', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE,
  },
  // [INFER] description from AWS-created keys of the "master" era; policy assumed as the basic template.
  glue: { description: 'Default key that protects my Glue data when no other key is defined', policyId: 'auto-glue-1', useSid: through('Glue'), viaService: 'glue', useActions: USE, metadataActions: METADATA },
  // [INFER] description from AWS-created keys of the "master" era (lower case as AWS wrote it); policy assumed.
  kinesisvideo: { description: 'Default key that protects my kinesis video data when no other key is defined', policyId: 'auto-kinesisvideo-1', useSid: through('Kinesis Video Streams'), viaService: 'kinesisvideo', useActions: USE, metadataActions: METADATA },
  // From an AWS-created key: its Id has no revision suffix.
  lambda: { description: 'Default key that protects my Lambda functions when no other key is defined', policyId: 'auto-awslambda', useSid: through('AWS Lambda'), viaService: 'lambda', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE },
  // From an AWS-created key (auto-rds-2): RDS also lists grants.
  rds: {
    description: 'Default key that protects my RDS database volumes when no other key is defined', policyId: 'auto-rds-2', useSid: through('RDS'), viaService: 'rds',
    useActions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'], metadataActions: METADATA_AND_REVOKE,
  },
  // [INFER] no AWS-created Redshift key found: description and policy follow the others.
  redshift: { description: 'Default key that protects my Redshift data when no other key is defined', policyId: 'auto-redshift-1', useSid: through('Redshift'), viaService: 'redshift', useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE },
  // Byte for byte the key S3 has always created here (and AWS's auto-s3-2).
  s3: { description: 'Default key that protects my S3 objects when no other key is defined', policyId: 'auto-s3-2', useSid: through('S3'), viaService: 's3', useActions: USE, metadataActions: METADATA },
  // Policy as in the Secrets Manager guide (auto-secretsmanager-1); description from an AWS-created key.
  secretsmanager: {
    description: 'Default key that protects my Secrets Manager data when no other key is defined', policyId: 'auto-secretsmanager-1', useSid: through('AWS Secrets Manager'), viaService: 'secretsmanager',
    useActions: USE_WITH_GRANTS, metadataActions: METADATA_AND_REVOKE,
  },
  // From an AWS-created key (auto-ssm-1).
  ssm: { description: 'Default key that protects my SSM parameters when no other key is defined', policyId: 'auto-ssm-1', useSid: through('SSM'), viaService: 'ssm', useActions: USE, metadataActions: METADATA },
  // [INFER] description from AWS-created keys of the "master" era; policy assumed as the basic template.
  xray: { description: 'Default key that protects my X-Ray data when no other key is defined', policyId: 'auto-xray-1', useSid: through('X-Ray'), viaService: 'xray', useActions: USE, metadataActions: METADATA },
} as const satisfies Record<string, ManagedKeySpec>;

export type ManagedService = keyof typeof MANAGED_KEY_SPECS;

export function isManagedService(service: string): service is ManagedService {
  return Object.hasOwn(MANAGED_KEY_SPECS, service);
}
