// What a bucket policy statement may name: S3 actions that exist, resources inside this bucket,
// actions that apply to those resources, and condition operators and keys S3 knows. Actions and
// keys are judged against the Service Authorization Reference's S3 catalog.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html

import { malformedPolicy } from '../../engines/objects/s3-errors.js';
import { parseOperatorName } from '../../iam/index.js';
import { wildcardMatch, type CatalogAction, type PolicyCatalog } from '../../policy-validation/index.js';

/** The S3 actions an action pattern names; `*` in a bucket policy means every S3 action. */
function actionsNamed(pattern: string, catalog: PolicyCatalog): CatalogAction[] {
  const name = pattern === '*' ? '*' : /^s3:(.+)$/i.exec(pattern)?.[1];
  if (name === undefined) return [];
  return (catalog.actions('s3') ?? []).filter((a) => wildcardMatch(name, a.name));
}

/**
 * Every entry of Action / NotAction must name at least one S3 action: S3 answers an unknown one
 * (`s3:Bogus`) and another service's (`iam:CreateUser`) alike, as a bare word is answered in
 * github.com/versity/versitygw/issues/650; the non-S3 case is [INFER].
 */
export function checkActions(actions: unknown[], catalog: PolicyCatalog): CatalogAction[][] {
  return actions.map((action) => {
    const named = typeof action === 'string' ? actionsNamed(action, catalog) : [];
    if (named.length === 0) throw malformedPolicy('Policy has invalid action');
    return named;
  });
}

const S3_ARN = 'arn:aws:s3:::';

/**
 * Every Resource / NotResource must be an S3 ARN inside this bucket: `*` and another bucket's ARN
 * are refused (github.com/noobaa/noobaa-core/issues/10058, github.com/aws-samples/aws-media-services-vod-automation/issues/17).
 * A bucket part with wildcards counts when it can match this bucket; one with a policy variable is
 * left to evaluation.
 */
export function checkResources(resources: unknown[], bucket: string): string[] {
  if (resources.length === 0) throw malformedPolicy('Policy has invalid resource');
  return resources.map((resource) => {
    if (typeof resource !== 'string' || !resource.startsWith(S3_ARN)) throw malformedPolicy('Policy has invalid resource');
    const rest = resource.slice(S3_ARN.length);
    const named = rest.split('/')[0] ?? '';
    if (named === '' || !(named.includes('${') || wildcardMatch(named, bucket, false))) throw malformedPolicy('Policy has invalid resource');
    return resource;
  });
}

/** Whether a resource pattern can name the bucket itself, and whether it can name its objects (`*` spans `/`). */
function reaches(resource: string): { bucket: boolean; object: boolean } {
  const rest = resource.slice(S3_ARN.length);
  return { bucket: !rest.includes('/'), object: rest.includes('/') || rest.includes('*') };
}

/**
 * Each action entry must apply to one of the statement's resources: `s3:PutObject` on the bucket's
 * ARN, or `s3:ListBucket` on `bucket/*`, is refused (github.com/versity/versitygw/issues/645), and so
 * is a list where one entry fits nothing (github.com/wandb/terraform-aws-wandb/issues/156).
 * Actions on other resource types (jobs, access points, Storage Lens) or on none
 * (`s3:ListAllMyBuckets`) never apply to a bucket's ARNs.
 */
export function checkApplies(named: CatalogAction[][], resources: string[]): void {
  const kinds = resources.map(reaches);
  const fits = (a: CatalogAction) => a.resourceTypes.some((t) =>
    (t.name === 'bucket' && kinds.some((k) => k.bucket)) || (t.name === 'object' && kinds.some((k) => k.object)));
  if (!named.every((entry) => entry.some(fits))) throw malformedPolicy('Action does not apply to any resource(s) in statement');
}

/**
 * Condition operators must be ones IAM defines, and keys either global (`aws:`), which S3 takes
 * unchecked, or S3's own: `s3:x-acl` is refused with S3's text, and so is another service's key.
 * (That S3 lets any `aws:` key through follows scality/cloudserver's observation of AWS [INFER].)
 */
export function checkCondition(condition: unknown, catalog: PolicyCatalog): void {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) throw malformedPolicy('This policy contains invalid Json');
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    // [INFER] S3's wording for an operator IAM does not define.
    if (parseOperatorName(operator) === null) throw malformedPolicy(`Invalid Condition type : ${operator}`);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) throw malformedPolicy('This policy contains invalid Json');
    for (const key of Object.keys(block as Record<string, unknown>)) {
      const prefix = key.slice(0, key.indexOf(':') + 1).toLowerCase();
      if (prefix === 'aws:') continue;
      if (prefix !== 's3:' || catalog.conditionKey(key) === undefined) throw malformedPolicy('Policy has an invalid condition key');
    }
  }
}
