// Bucket policies for the S3 condition-key tests: a test puts a policy that denies by one key,
// then shows which requests that key refuses and which it lets through.

import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { rejects } from './aws-error.js';
import type { RunningGantry } from './gantry-fixture.js';
import { policyDocument } from './policy-document.js';
import { s3Client } from './s3-helpers.js';

export interface BucketPolicies {
  /** Puts (replacing any) a policy of `statements` on the bucket, as the account's root. */
  put(...statements: object[]): Promise<void>;
  /** Puts a policy of one Deny statement, for every principal, on `action` over the bucket and its objects, under `condition`. */
  denyWhen(action: string | string[], condition: object): Promise<void>;
}

export function bucketPolicies(gantry: RunningGantry, bucket: string): BucketPolicies {
  const put = async (...statements: object[]): Promise<void> => {
    await s3Client(gantry).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyDocument(...statements) }));
  };
  return {
    put,
    denyWhen: (action, condition) => put({
      Effect: 'Deny', Principal: '*', Action: action, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: condition,
    }),
  };
}

/** A 403 AccessDenied from an explicit Deny in the bucket's policy. */
export const deniedByBucketPolicy = (promise: Promise<unknown>) => rejects(promise, 'AccessDenied', /explicit deny in a resource-based policy/, 403);
