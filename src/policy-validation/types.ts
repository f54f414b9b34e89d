// The shapes `gantry iam validate` reports and consumes: findings modelled on Access Analyzer's
// ValidatePolicyFinding, and the synchronous action catalog the validator looks names up in.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html

/** The policy kinds the command accepts (`--type`). */
export type ValidationPolicyType =
  | 'identity'
  | 'resource'
  | 'trust'
  | 'scp'
  | 'rcp'
  | 'boundary'
  | 'session';

export const VALIDATION_POLICY_TYPES: readonly ValidationPolicyType[] = [
  'identity',
  'resource',
  'trust',
  'scp',
  'rcp',
  'boundary',
  'session',
];

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_PathElement.html */
export type PathElement = { readonly value: string } | { readonly index: number };

/** Line starts at 1, column and offset at 0 (API_Position). */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export interface FindingLocation {
  readonly path: readonly PathElement[];
  readonly span: Span;
}

export interface Finding {
  readonly findingType: FindingType;
  readonly issueCode: string;
  readonly findingDetails: string;
  readonly learnMoreLink: string;
  readonly locations: readonly FindingLocation[];
}

/** One resource type an action can act on, as the Service Authorization Reference lists it. */
export interface CatalogActionResource {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

export interface CatalogAction {
  /** The action name as AWS spells it, without the service prefix (`GetObject`). */
  readonly name: string;
  readonly resourceTypes: readonly CatalogActionResource[];
  readonly conditionKeys: readonly string[];
}

export interface CatalogResourceType {
  readonly name: string;
  /** e.g. `arn:${Partition}:s3:::${BucketName}` */
  readonly arnFormat: string;
  readonly conditionKeys: readonly string[];
}

export interface CatalogConditionKey {
  /** The key as the catalog spells it, possibly a template (`aws:ResourceTag/${TagKey}`). */
  readonly key: string;
  /** `String`, `ArrayOfString`, `ARN`, `Numeric`, `Date`, `Bool`, `IPAddress`, ... */
  readonly type: string;
}

/**
 * What the validator needs to know about AWS's actions, resources and condition keys.
 * Synchronous on purpose: an adapter (src/catalog) loads what a policy mentions beforehand.
 * Names are matched case-insensitively.
 */
export interface PolicyCatalog {
  /** Every service prefix AWS knows (lowercase), for existence checks and suggestions. */
  serviceNames(): readonly string[];
  /** The actions of a service, or undefined when the service is unknown or was not loaded. */
  actions(service: string): readonly CatalogAction[] | undefined;
  /** The resource types of a service, or undefined when unknown or not loaded. */
  resourceTypes(service: string): readonly CatalogResourceType[] | undefined;
  /** A condition key as written in a policy, or undefined when AWS has no such key. */
  conditionKey(name: string): CatalogConditionKey | undefined;
}
