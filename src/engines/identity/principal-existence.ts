// Whether the IAM users and roles a policy names exist, for the services that resolve them when
// the policy is written (IAM for trust policies, S3 for bucket policies, KMS for key policies).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import type { Policy } from '../../iam/index.js';
import type { IdentityContext } from './identity-context.js';
import { malformedPolicy } from './identity-errors.js';

const IAM_USER_OR_ROLE = /^arn:[a-z-]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;

/** Whether an IAM user or role ARN names an existing principal (accounts Gantry does not hold: assumed yes). */
export function iamPrincipalExists(identity: IdentityContext, arn: string): boolean {
  const match = IAM_USER_OR_ROLE.exec(arn);
  if (!match || identity.store.getAccount(match[1] as string) === null) return true;
  return identity.store.getEntity(match[2] as 'user' | 'role', match[1] as string, match[3] as string)?.arn === arn;
}

/**
 * IAM resolves the users and roles a trust policy names when it is written, and refuses one
 * that does not exist with the grammar's text for a bad principal, naming it, e.g.
 * `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/ghost"` (the text
 * CreateRole and UpdateAssumeRolePolicy give, quoted in many public reports). `trustPolicy` is
 * the document as the grammar check parsed it (parsePolicyDocument).
 */
export function checkTrustPrincipalsExist(identity: IdentityContext, trustPolicy: Policy): void {
  for (const statement of trustPolicy.statements) {
    for (const arn of statement.principal?.arns ?? []) {
      if (!iamPrincipalExists(identity, arn)) throw malformedPolicy(`Invalid principal in policy: "AWS":"${arn}"`);
    }
  }
}
