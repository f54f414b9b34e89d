// Key policies: AWS's default policy (the "Enable IAM User Permissions" statement that
// delegates to the account's IAM policies), the policy of AWS managed keys, validation with
// KMS's MalformedPolicyDocumentException texts, and the compiled policy the decision point
// evaluates (the key policy plus one statement per grant, see grant-statements.ts).
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html

import { parsePolicy, type Policy } from '../../iam/index.js';
import { grantStatements, isUsableGrant } from './grant-statements.js';
import type { KmsContext } from './kms-context.js';
import { INVALID_PRINCIPALS, malformedPolicy } from './kms-errors.js';
import type { KeyRecord } from './kms-records.js';
import type { ManagedKeySpec } from './managed-key-specs.js';

/** The default key policy, byte for byte as GetKeyPolicy returns it (examples-1.json). */
export function defaultKeyPolicy(account: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${account}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

/**
 * The policy of an AWS managed key (alias aws/<service>): principals of the account may use
 * the key only through the service; the account may read the key's metadata. Laid out as
 * GetKeyPolicy returns AWS's own policies; what differs by service is in managed-key-specs.ts.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export function awsManagedKeyPolicy(account: string, region: string, spec: ManagedKeySpec): string {
  const list = (actions: readonly string[]): string => actions.map((a) => `"${a}"`).join(', ');
  return `{
  "Version" : "2012-10-17",
  "Id" : "${spec.policyId}",
  "Statement" : [ {
    "Sid" : "${spec.useSid}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ ${list(spec.useActions)} ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${account}",
        "kms:ViaService" : "${spec.viaService}.${region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${account}:root"
    },
    "Action" : [ ${list(spec.metadataActions)} ],
    "Resource" : "*"
  } ]
}`;
}

/**
 * ForAllValues with the single-valued kms:EncryptionContext:<k> allows requests without that
 * pair. "Attempts to create or update a policy with this format fail with an
 * OverlyPermissiveCondition exception", with this text (conditions-kms.html). [INFER] that the
 * error code is MalformedPolicyDocumentException carrying the text: the page names no code.
 */
const OVERLY_PERMISSIVE_CONTEXT = 'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.';

/**
 * Parses a key policy as KMS accepts it: IAM's key-policy grammar, and every IAM user or
 * role it names must exist, and no ForAllValues on kms:EncryptionContext:<k>. Throws
 * MalformedPolicyDocumentException.
 */
export function validateKeyPolicy(kms: KmsContext, text: string, id: string): Policy {
  const parsed = parsePolicy(text, 'key', id);
  if (!parsed.ok) {
    const first = parsed.errors[0]?.message ?? '';
    if (first.startsWith('Invalid principal')) throw malformedPolicy(INVALID_PRINCIPALS);
    // An unparsable document gets no message from KMS; other grammar faults keep IAM's text.
    throw malformedPolicy(first === 'Syntax errors in policy.' ? '' : first);
  }
  for (const statement of parsed.policy.statements) {
    for (const arn of statement.principal?.arns ?? []) {
      if (/^arn:[a-z-]+:iam::\d{12}:(user|role)\//.test(arn) && !kms.principals.exists(arn)) throw malformedPolicy(INVALID_PRINCIPALS);
    }
    for (const condition of statement.conditions) {
      if (/^forallvalues:/i.test(condition.operator) && /^kms:encryptioncontext:/.test(condition.lowerKey)) throw malformedPolicy(OVERLY_PERMISSIVE_CONTEXT);
    }
  }
  return parsed.policy;
}

const CACHE_LIMIT = 1024;

/** The key policy with the key's grants, compiled once per revision of the key. */
export function effectivePolicy(kms: KmsContext, key: KeyRecord): Policy | null {
  const cacheKey = `${key.keyId}#${key.revision}`;
  const cached = kms.policies.get(cacheKey);
  if (cached) return cached;
  const grants = kms.store.listGrants(key.keyId);
  // A grant that is no valid statement (one stored before CreateGrant checked) must not void the key policy: it allows nothing.
  const usable = grants.every(isUsableGrant) ? grants : grants.filter(isUsableGrant);
  const added = grantStatements(usable);
  let document: unknown = key.policy;
  if (added.length > 0) {
    const base = JSON.parse(key.policy) as Record<string, unknown>;
    const own = base['Statement'];
    document = { ...base, Statement: [...(Array.isArray(own) ? own : [own]), ...added] };
  }
  const parsed = parsePolicy(document, 'key', `${key.arn}#key-policy`);
  if (!parsed.ok) return null;
  if (kms.policies.size >= CACHE_LIMIT) kms.policies.clear();
  kms.policies.set(cacheKey, parsed.policy);
  return parsed.policy;
}
