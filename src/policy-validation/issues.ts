// The Access Analyzer issue codes this validator emits, with their finding types, texts and
// learn-more anchors, taken from https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
import type { FindingType } from './types.js';

const REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

interface IssueSpec {
  readonly type: FindingType;
  /** `{name}` placeholders are filled from the finding's parameters. */
  readonly text: string;
  /** Anchor on the reference page; defaults to the code in kebab case. */
  readonly anchor?: string;
}

const E = 'ERROR';
const SW = 'SECURITY_WARNING';
const W = 'WARNING';
const S = 'SUGGESTION';

export const ISSUES = {
  JSON_SYNTAX_ERROR: { type: E, text: 'Fix the JSON syntax error at index {index} line {line} column {column}.' },
  DATA_TYPE_MISMATCH: { type: E, text: 'The text does not match the expected JSON data type {dataType}.' },
  INVALID_POLICY_ELEMENT: { type: E, text: 'The policy element {element} is not valid.' },
  INVALID_VERSION: { type: E, text: 'The version {version} is not valid. Use one of the following versions: 2012-10-17, 2008-10-17' },
  MISSING_STATEMENT: { type: E, text: 'Add a statement to the policy' },
  MISSING_EFFECT: { type: E, text: 'Add an Effect element to the policy statement with a value of Allow or Deny.' },
  INVALID_EFFECT: { type: E, text: 'The effect {effect} is not valid. Use Allow or Deny.' },
  MISSING_ACTION: { type: E, text: 'Add an Action or NotAction element to the policy statement.' },
  MISSING_RESOURCE: { type: E, text: 'Add a Resource or NotResource element to the policy statement.' },
  MISSING_PRINCIPAL: { type: E, text: 'Add a Principal element to the policy statement.' },
  UNSUPPORTED_ELEMENT_COMBINATION: {
    type: E,
    text: 'The policy elements {element1} and {element2} can not be used in the same statement. Remove one of these elements.',
  },
  UNSUPPORTED_PRINCIPAL: {
    type: E,
    text: 'The policy type {policyType} does not support the Principal element. Remove the Principal element.',
  },
  SCP_SYNTAX_ERROR_PRINCIPAL: {
    type: E,
    text: 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.',
  },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: {
    type: E,
    text: 'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.',
  },
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: {
    type: E,
    text: '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.',
  },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: {
    type: E,
    text: 'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.',
  },
  INVALID_PRINCIPAL_FORMAT: {
    type: E,
    text: 'The Principal element contents are not valid. Specify a key-value pair in the Principal element.',
  },
  INVALID_PRINCIPAL_KEY: { type: E, text: 'The principal key {key} is not valid.' },
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: {
    type: E,
    text: 'Wildcards (*, ?) are not supported with the principal key {key}. Replace the wildcard with a valid principal value.',
  },
  INVALID_SERVICE_PRINCIPAL_FORMAT: {
    type: E,
    text: 'The service principal does not match the expected format. Use the format {expectedFormat}.',
  },
  UNIQUE_SIDS_REQUIRED: {
    type: E,
    text: 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.',
  },
  UNSUPPORTED_SID: {
    type: E,
    text: 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]',
  },
  INVALID_ACTION: { type: E, text: 'The action {action} does not exist.{didYouMean}' },
  INVALID_SERVICE_IN_ACTION: { type: E, text: 'The service {service} specified in the action does not exist.{didYouMean}' },
  VARIABLE_UNSUPPORTED_IN_ELEMENT: {
    type: E,
    text: 'Policy variables are supported in the Resource and Condition elements. Remove the policy variable {variable} from this element.',
  },
  VARIABLE_UNSUPPORTED_IN_VERSION: {
    type: E,
    text: 'To include variables in your policy, use the policy version 2012-10-17 or later.',
  },
  INVALID_ARN_PREFIX: { type: E, text: 'Add the required prefix (arn) to the resource ARN.' },
  MISSING_ARN_FIELD: {
    type: E,
    text: 'Resource ARNs must include at least 6 fields and include the following structure: arn:partition:service:region:account:resource.',
  },
  INVALID_PARTITION: {
    type: E,
    text: 'The resource ARN for the service {service} does not support the partition {partition}. Use the supported values: {partitions}',
  },
  INVALID_ARN_SERVICE_CASE: {
    type: E,
    text: 'Update the service name {service} in the resource ARN to use all lowercase letters.',
  },
  INVALID_ARN_ACCOUNT: {
    type: E,
    text: 'The resource ARN account ID {account} is not valid. Provide a 12-digit account ID.',
  },
  MISSING_ARN_REGION: { type: E, text: 'Add a Region to the {service} resource ARN.' },
  ARN_REGION_NOT_ALLOWED: {
    type: E,
    text: 'The service {service} does not support specifying a Region in the resource ARN.',
  },
  ARN_ACCOUNT_NOT_ALLOWED: {
    type: E,
    text: 'The service {service} does not support specifying an account ID in the resource ARN.',
  },
  INVALID_ARN_RESOURCE: {
    type: E,
    text: 'Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.',
  },
  INVALID_CONDITION_OPERATOR: {
    type: E,
    text: 'The condition operator {operator} is not valid. Use a valid condition operator.',
  },
  NULL_WITH_IF_EXISTS: {
    type: E,
    text: 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.',
  },
  INVALID_CONDITION_KEY_FORMAT: {
    type: E,
    text: 'The condition key format is not valid. Use the format service:keyname.',
  },
  INVALID_GLOBAL_CONDITION_KEY: { type: E, text: 'The condition key {key} does not exist. Use a valid condition key.' },
  INVALID_SERVICE_CONDITION_KEY: {
    type: E,
    text: 'The condition key {key} does not exist in the service {service}. Use a valid condition key.',
  },
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: {
    type: E,
    text: 'The condition key {key} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.',
  },
  INVALID_VARIABLE_FOR_OPERATOR: {
    type: E,
    text: 'Policy variables can only be used with String and ARN operators.',
  },
  MISSING_QUALIFIER: {
    type: E,
    text: 'The request context key {key} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.',
  },
  UNSUPPORTED_ACTION_FOR_CONDITION_KEY: {
    type: E,
    text: 'The following actions: {actions} are not supported by the condition key {key}. The condition will not be evaluated for these actions. We recommend that you move these actions to a different statement without this condition key.',
  },
  MISSING_VERSION: {
    type: W,
    text: 'We recommend that you specify the Version element to help you with debugging permission issues.',
  },
  UNIQUE_SIDS_RECOMMENDED: {
    type: W,
    text: 'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.',
  },
  WILDCARD_WITHOUT_LIKE_OPERATOR: {
    type: W,
    text: 'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.',
  },
  TYPE_MISMATCH: {
    type: W,
    text: 'Use the operator type {allowed} instead of operator {operator} for the condition key {key}.',
  },
  TYPE_MISMATCH_BOOLEAN: { type: W, text: 'Add a valid Boolean value (true or false) for the condition operator {operator}.' },
  TYPE_MISMATCH_DATE: {
    type: W,
    text: 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.',
  },
  TYPE_MISMATCH_IP_RANGE: {
    type: W,
    text: 'The condition operator {operator} is used with an invalid IP range value. Specify the IP range in standard CIDR format.',
  },
  TYPE_MISMATCH_NUMBER: { type: W, text: 'Add a valid numeric value for the condition operator {operator}.' },
  TYPE_MISMATCH_STRING: { type: W, text: 'Add a valid base64-encoded string value for the condition operator {operator}.' },
  INVALID_ROLE_REFERENCE: {
    type: W,
    text: 'The Principal element includes the IAM role ID {id}. We recommend that you use a role ARN instead.',
  },
  INVALID_USER_REFERENCE: {
    type: W,
    text: 'The Principal element includes the IAM user ID {id}. We recommend that you use a user ARN instead.',
  },
  /** Not an Access Analyzer code: Gantry's IAM engine refuses the document for a reason no check above named. */
  POLICY_REJECTED_BY_IAM: { type: E, text: 'IAM refuses this policy document: {message}' },
  /** Not an Access Analyzer code: Gantry's own warning for the 2008-10-17 language version. */
  OUTDATED_VERSION: {
    type: W,
    text: 'The policy uses the version 2008-10-17, which does not support policy variables. We recommend that you use the version 2012-10-17.',
  },
  ALLOW_WITH_NOT_PRINCIPAL: {
    type: SW,
    text: 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
  },
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: {
    type: SW,
    text: 'Using ForAllValues qualifier with the single-valued condition key {key} can be overly permissive. We recommend that you remove ForAllValues:.',
  },
  PASS_ROLE_WITH_STAR_IN_RESOURCE: {
    type: SW,
    text: 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: {
    type: SW,
    text: 'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  },
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: {
    type: SW,
    text: 'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  },
  PASS_ROLE_WITH_NOT_RESOURCE: {
    type: SW,
    text: 'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: {
    type: SW,
    text: 'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  },
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: {
    type: SW,
    text: 'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.',
  },
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: {
    type: SW,
    text: 'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.',
  },
  EMPTY_ARRAY_ACTION: { type: S, text: 'This statement includes no actions and does not affect the policy. Specify actions.' },
  EMPTY_ARRAY_RESOURCE: { type: S, text: 'This statement includes no resources and does not affect the policy. Specify resources.' },
  EMPTY_ARRAY_PRINCIPAL: { type: S, text: 'This statement includes no principals and does not affect the policy. Specify principals.' },
  EMPTY_OBJECT_PRINCIPAL: { type: S, text: 'This statement includes no principals and does not affect the policy. Specify principals.' },
  EMPTY_OBJECT_CONDITION: { type: S, text: 'This condition block is empty and it does not affect the policy. Specify conditions.' },
  EMPTY_ARRAY_CONDITION: {
    type: S,
    text: 'There are no values for the condition key {key} and it does not affect the policy. Specify conditions.',
  },
  EMPTY_ARRAY_CONDITION_FORALLVALUES: {
    type: S,
    text: 'The ForAllValues prefix with an empty condition key matches only if the key {key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  },
  EMPTY_ARRAY_CONDITION_FORANYVALUE: {
    type: S,
    text: 'The ForAnyValue prefix with an empty condition key {key} never matches the request context and it does not affect the policy. Specify conditions.',
  },
  EMPTY_ARRAY_CONDITION_IFEXISTS: {
    type: S,
    text: 'The IfExists suffix with an empty condition key matches only if the key {key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.',
  },
  EMPTY_SID_VALUE: { type: S, text: 'Add a value to the empty string in the Sid element.' },
  NULL_WITH_QUALIFIER: {
    type: S,
    text: 'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.',
  },
  REDUNDANT_ACTION: {
    type: S,
    text: 'The {count} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: {action}.',
  },
  REDUNDANT_RESOURCE: {
    type: S,
    text: 'The {count} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)',
  },
  WILDCARD_IN_SERVICE_NAME: {
    type: S,
    text: 'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.',
  },
} as const satisfies Record<string, IssueSpec>;

export type IssueCode = keyof typeof ISSUES;

const SECTION: Record<FindingType, string> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
};

/** Anchors whose spelling differs from the code in kebab case. */
const ANCHORS: Partial<Record<IssueCode, string>> = {
  OUTDATED_VERSION: 'missing-version',
  POLICY_REJECTED_BY_IAM: 'invalid-policy-element',
};

export function learnMoreLink(code: IssueCode): string {
  const spec = ISSUES[code];
  const slug = ANCHORS[code] ?? code.toLowerCase().replace(/_/g, '-');
  return `${REFERENCE}#access-analyzer-reference-policy-checks-${SECTION[spec.type]}-${slug}`;
}

export function findingText(code: IssueCode, params: Readonly<Record<string, string | number>>): string {
  return ISSUES[code].text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
