// The caller of an unsigned S3 request. S3 lets bucket policies grant to `"Principal": "*"`,
// which includes anonymous callers; they have no account, identity policies or credentials.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html

import type { AuthPrincipal } from '../../authz/decision-point.js';
import type { Caller } from '../../engines/identity/callers.js';

/** The decision point's view: ARN `anonymous`, no account, no identity-side policies. */
export const ANONYMOUS_PRINCIPAL: AuthPrincipal = {
  arn: 'anonymous',
  account: null,
  identityPolicies: [],
  boundary: null,
  sessionPolicies: [],
  context: {},
};

/**
 * The handler's view. Caller has no anonymous kind, so this one object stands for it;
 * S3 handlers test `isAnonymous` before using any caller field.
 */
export const ANONYMOUS_CALLER = Object.freeze({
  account: '',
  arn: 'anonymous',
  principalArn: 'anonymous',
  userId: 'anonymous',
  type: 'user',
  user: null,
  role: null,
  credential: Object.freeze({
    accessKeyId: '', account: '', sealedSecret: '', sessionToken: null, expiration: null, status: 'Inactive', created: '',
    owner: { type: 'root' },
  }),
  tags: {},
}) as unknown as Caller;

export function isAnonymous(caller: Caller): boolean {
  return caller === ANONYMOUS_CALLER;
}
