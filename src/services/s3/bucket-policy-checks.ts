// PutBucketPolicy's checks, with S3's MalformedPolicy texts, before the IAM engine compiles
// the document as a resource policy.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status

import { malformedPolicy } from '../../engines/objects/s3-errors.js';
import { parsePolicy } from '../../iam/index.js';

type Statement = Record<string, unknown>;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const OBJECT_ACTION = /object|multipartupload/i;
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)|arn:aws:sts::\d{12}:(assumed-role|federated-user)\/.+)$/;

function checkStatement(s: Statement, bucket: string): void {
  const effect = s['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(effect)}`);
  const actions = list(s['Action'] ?? s['NotAction']);
  for (const action of actions) {
    if (typeof action !== 'string' || !(action === '*' || /^s3:[A-Za-z0-9*?]+$/.test(action))) throw malformedPolicy('Policy has invalid action');
  }
  const resources = list(s['Resource'] ?? s['NotResource']);
  if (resources.length === 0) throw malformedPolicy('Policy has invalid resource');
  for (const resource of resources) {
    if (typeof resource !== 'string') throw malformedPolicy('Policy has invalid resource');
    const m = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(resource);
    if (!m || m[1] !== bucket) throw malformedPolicy('Policy has invalid resource');
  }
  const principal = s['Principal'] ?? s['NotPrincipal'];
  if (principal !== undefined && principal !== '*') {
    if (typeof principal !== 'object' || principal === null) throw malformedPolicy('Invalid principal in policy');
    for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
      for (const id of list(value)) {
        if (typeof id !== 'string') throw malformedPolicy('Invalid principal in policy');
        if (kind === 'AWS' && !AWS_PRINCIPAL.test(id)) throw malformedPolicy('Invalid principal in policy');
      }
    }
  }
  // An action list that only names object actions needs an object resource, and the other way round.
  if (s['Action'] !== undefined && s['Resource'] !== undefined && !actions.some((a) => a === '*' || String(a).includes('*'))) {
    const objectResources = resources.some((r) => String(r).includes('/'));
    const bucketResources = resources.some((r) => !String(r).includes('/'));
    const applies = actions.some((a) => (OBJECT_ACTION.test(String(a)) ? objectResources : bucketResources));
    if (!applies) throw malformedPolicy('Action does not apply to any resource(s) in statement');
  }
}

export function validateBucketPolicy(text: string, bucket: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  for (const statement of list((doc as Record<string, unknown>)['Statement'])) {
    if (statement !== null && typeof statement === 'object' && !Array.isArray(statement)) checkStatement(statement as Statement, bucket);
  }
  const parsed = parsePolicy(doc, 'resource', `arn:aws:s3:::${bucket}#policy`);
  if (!parsed.ok) throw malformedPolicy(parsed.errors[0]?.message ?? 'Syntax errors in policy.');
}

/** A policy is public when an Allow statement names `*` without a narrowing condition (simplified). */
export function isPublicPolicy(text: string): boolean {
  const doc = JSON.parse(text) as { Statement?: unknown };
  return list(doc.Statement).some((raw) => {
    const s = raw as Statement;
    const principal = s['Principal'];
    const star = principal === '*' || list((principal as Record<string, unknown> | undefined)?.['AWS']).includes('*');
    return s['Effect'] === 'Allow' && star && s['Condition'] === undefined;
  });
}
