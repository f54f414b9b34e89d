// AWS Organizations' errors, with the codes of the service model and AWS's texts (the API
// reference's error descriptions where the service's own message is not documented).
// https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html

import { AwsError } from '../../core/aws-error.js';

/** An Organizations error; `fields` holds modeled members such as ConstraintViolationException's Reason. */
export class OrganizationsError extends AwsError {
  constructor(code: string, message: string, fields: Readonly<Record<string, string>> = {}) {
    super(code, message, 400, true, fields);
  }
}

const make = (code: string, message: string) => () => new OrganizationsError(code, message);

export const accessDenied = make('AccessDeniedException', "You don't have permissions to access this resource.");
export const accountNotFound = make('AccountNotFoundException', "You specified an account that doesn't exist.");
export const unitNotFound = make('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist.");
export const policyNotFound = make('PolicyNotFoundException', "You specified a policy that doesn't exist.");
export const parentNotFound = make('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
export const childNotFound = make(
  'ChildNotFoundException',
  "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
);
export const targetNotFound = make('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
export const sourceParentNotFound = make('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
export const destinationParentNotFound = make(
  'DestinationParentNotFoundException',
  "We can't find the destination container (a root or OU) with the ParentId that you specified.",
);
export const duplicateAccount = make('DuplicateAccountException', 'That account is already present in the specified destination.');
export const duplicateUnit = make('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
export const unitNotEmpty = make(
  'OrganizationalUnitNotEmptyException',
  'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
);
export const duplicatePolicy = make('DuplicatePolicyException', 'A policy with the same name already exists.');
export const duplicateAttachment = make('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
export const policyNotAttached = make('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
export const policyInUse = make(
  'PolicyInUseException',
  'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
);
export const createAccountStatusNotFound = make(
  'CreateAccountStatusNotFoundException',
  "We can't find an create account request with the CreateAccountRequestId that you specified.",
);

export function malformedPolicy(detail?: string): OrganizationsError {
  const base = 'The provided policy document does not meet the requirements of the specified policy type.';
  return new OrganizationsError('MalformedPolicyDocumentException', detail ? `${base} ${detail}` : base);
}

/** ConstraintViolationException with the Reason the API reference lists, and its description. */
const CONSTRAINTS = {
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  POLICY_CONTENT_LIMIT_EXCEEDED: 'You attempted to create a policy that is larger than the maximum size.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
} as const;

export function constraintViolation(reason: keyof typeof CONSTRAINTS): OrganizationsError {
  return new OrganizationsError('ConstraintViolationException', CONSTRAINTS[reason], { Reason: reason });
}

/** InvalidInputException with the Reason the API reference lists. */
const INVALID_INPUT = {
  IMMUTABLE_POLICY: 'You specified a policy that is managed by AWS and can\'t be modified.',
  NON_DETACHABLE_POLICY: "You can't detach this AWS Managed Policy.",
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_PATTERN_TARGET_ID: 'You specified a policy target ID that doesn\'t match the required pattern.',
  INVALID_NEXT_TOKEN: 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
  INVALID_INPUT: 'You provided a value that is not valid.',
} as const;

export function invalidInput(reason: keyof typeof INVALID_INPUT, message?: string): OrganizationsError {
  return new OrganizationsError('InvalidInputException', message ?? INVALID_INPUT[reason], reason === 'INVALID_INPUT' ? {} : { Reason: reason });
}
