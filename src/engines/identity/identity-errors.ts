// IAM's errors for identity operations, with IAM's texts and HTTP statuses (from the IAM
// service model's error shapes).

import { AwsError } from '../../core/aws-error.js';

export type EntityLabel = 'user' | 'group' | 'role' | 'policy';

const TITLE: Record<EntityLabel, string> = { user: 'User', group: 'Group', role: 'Role', policy: 'Policy' };

export function noSuchEntity(kind: EntityLabel, name: string): AwsError {
  if (kind === 'policy') return new AwsError('NoSuchEntity', `Policy ${name} does not exist or is not attachable.`, 404);
  return new AwsError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);
}

/**
 * A managed policy that is not there to be deleted or detached ("Policy <arn> was not
 * found.", recorded from AWS for DeletePolicy: localstack tests/aws/services/iam/test_iam.snapshot.json);
 * attaching one that does not exist keeps noSuchEntity's "does not exist or is not attachable".
 */
export function policyNotFound(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
}

export function noSuchInlinePolicy(kind: 'user' | 'group' | 'role', policyName: string): AwsError {
  return new AwsError('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`, 404);
}

export function alreadyExists(kind: EntityLabel, name: string): AwsError {
  if (kind === 'policy') {
    return new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
  }
  return new AwsError('EntityAlreadyExists', `${TITLE[kind]} with name ${name} already exists.`, 409);
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', message, 409);
}

export function limitExceeded(quota: string, limit: number): AwsError {
  return new AwsError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`, 409);
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicyDocument', message, 400);
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message, 400);
}
