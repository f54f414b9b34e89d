// Checks a policy document on write, the way IAM does: grammar and texts from the IAM
// engine, then IAM's size quotas (whitespace does not count).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html

import { parsePolicy, type Policy, type PolicyKind } from '../../iam/index.js';
import { limitExceeded, malformedPolicy } from './identity-errors.js';

export type DocumentUse = 'user-inline' | 'group-inline' | 'role-inline' | 'managed' | 'trust' | 'boundary';

const QUOTA: Record<DocumentUse, [string, number]> = {
  'user-inline': ['UserPolicySize', 2048],
  'group-inline': ['GroupPolicySize', 5120],
  'role-inline': ['RolePolicySize', 10240],
  managed: ['PolicySize', 6144],
  boundary: ['PolicySize', 6144],
  trust: ['ACLSizePerRole', 2048],
};

const KIND: Record<DocumentUse, PolicyKind> = {
  'user-inline': 'identity',
  'group-inline': 'identity',
  'role-inline': 'identity',
  managed: 'identity',
  boundary: 'identity',
  trust: 'trust',
};

/** Validates a document for its use; returns the document text as given. */
export function checkPolicyDocument(document: string, use: DocumentUse): string {
  parsePolicyDocument(document, use);
  return document;
}

/** Validates a document for its use; returns it parsed, for checks that read its statements. */
export function parsePolicyDocument(document: string, use: DocumentUse): Policy {
  const parsed = parsePolicy(document, KIND[use], use, { requireCurrentVersion: use === 'managed' });
  if (!parsed.ok) throw malformedPolicy(parsed.errors[0]?.message ?? 'Syntax errors in policy.');
  const [quota, limit] = QUOTA[use];
  if (document.replace(/\s/g, '').length > limit) throw limitExceeded(quota, limit);
  return parsed.policy;
}
