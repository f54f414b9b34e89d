// A grant as the IAM engine sees it: one Allow statement in the key policy's place, naming
// the grantee, listing the grant's operations, with its constraints as conditions on the
// encryption context. Evaluating it with the key policy gives exactly "the key policy, or a
// grant, allows" while explicit denies, boundaries, SCPs and RCPs still apply
// (docs/decisions/0004-kms.md).
// https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
// https://docs.aws.amazon.com/kms/latest/developerguide/grant-constraints.html

import { parsePolicy } from '../../iam/index.js';
import type { GrantRecord } from './kms-records.js';

/** A grantee or retiring principal as a policy's Principal: an ARN is an AWS principal, anything else a service. */
export function grantPrincipal(principal: string): Record<string, string> {
  return /^arn:/.test(principal) ? { AWS: principal } : { Service: principal };
}

/**
 * Grant operations the encryption-context constraint does not apply to: "Grants with grant
 * constraints can include the DescribeKey and RetireGrant operations, but the constraint doesn't
 * apply to these operations" (CreateGrant API reference, Constraints).
 */
const UNCONSTRAINED_OPERATIONS = new Set(['DescribeKey', 'RetireGrant']);

export function grantStatements(grants: readonly GrantRecord[]): Record<string, unknown>[] {
  return grants.flatMap(grantStatementsOf);
}

/** A grant's statements: its constrained operations under the constraint, DescribeKey and RetireGrant without it. */
function grantStatementsOf(grant: GrantRecord): Record<string, unknown>[] {
  const condition = constraintCondition(grant);
  const free = condition ? grant.operations.filter((op) => UNCONSTRAINED_OPERATIONS.has(op)) : [];
  const constrained = grant.operations.filter((op) => !free.includes(op));
  const statement = (sid: string, ops: readonly string[], cond: Record<string, Record<string, unknown>> | null): Record<string, unknown> => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: grantPrincipal(grant.granteePrincipal),
    Action: ops.map((op) => `kms:${op}`),
    Resource: '*',
    ...(cond ? { Condition: cond } : {}),
  });
  const out: Record<string, unknown>[] = [];
  if (constrained.length > 0) out.push(statement(`grant:${grant.grantId}`, constrained, condition));
  if (free.length > 0) out.push(statement(`grant:${grant.grantId}:unconstrained`, free, null));
  return out;
}

/**
 * The constraint as conditions. "In a grant constraint, the key in each key-value pair is not
 * case sensitive, but the value is case sensitive" (GrantConstraints API reference): the
 * kms:EncryptionContext:<k> name is looked up without regard to case, as every condition key
 * is, and the key set of EncryptionContextEquals is compared with StringEqualsIgnoreCase.
 */
function constraintCondition(grant: GrantRecord): Record<string, Record<string, unknown>> | null {
  const equals = grant.constraints?.EncryptionContextEquals;
  const subset = grant.constraints?.EncryptionContextSubset;
  const pairs = equals ?? subset;
  if (!pairs) return null;
  const condition: Record<string, Record<string, unknown>> = {};
  const keys = Object.keys(pairs);
  if (keys.length > 0) {
    condition['StringEquals'] = Object.fromEntries(keys.map((k) => [`kms:EncryptionContext:${k}`, pairs[k]]));
  }
  if (equals) {
    // EncryptionContextEquals: no pair beyond the listed ones.
    if (keys.length > 0) condition['ForAllValues:StringEqualsIgnoreCase'] = { 'kms:EncryptionContextKeys': keys };
    else condition['Null'] = { 'kms:EncryptionContextKeys': 'true' };
  }
  return Object.keys(condition).length > 0 ? condition : null;
}

/** Whether a stored grant is a statement the policy grammar takes (grants stored before CreateGrant checked them may not be). */
export function isUsableGrant(grant: GrantRecord): boolean {
  return parsePolicy({ Version: '2012-10-17', Statement: grantStatementsOf(grant) }, 'key', `grant:${grant.grantId}`).ok;
}
