// PutBucketPolicy's checks, with S3's MalformedPolicy texts, before the IAM engine compiles
// the document as a resource policy.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status

import { malformedPolicy } from '../../engines/objects/s3-errors.js';
import { parsePolicy } from '../../iam/index.js';
import type { PolicyCatalog } from '../../policy-validation/index.js';
import { checkPrincipal, type PrincipalDirectory } from './bucket-policy-principals.js';
import { checkActions, checkApplies, checkCondition, checkResources } from './bucket-policy-scope.js';

type Statement = Record<string, unknown>;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

// Recorded from AWS for "" and "invalid json" (localstack tests/aws/services/s3/test_s3_api.snapshot.json).
const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";
// For a body that opens with '{' but does not parse (github.com/versity/versitygw/pull/1156) [INFER].
const INVALID_JSON = 'This policy contains invalid Json';
/** "Bucket policies are limited to 20 KB in size" (add-bucket-policy.html); AWS measures its normalized form [INFER: compact JSON]. */
const MAX_POLICY_BYTES = 20 * 1024;
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/**
 * Deeper nesting is refused as invalid JSON before it is parsed ([INFER]: what S3 answers is not
 * recorded; 1,000 is the limit of Jackson, the JSON parser of AWS's Java services, and a policy's
 * grammar nests 6 deep at most, so every real policy is far inside it).
 */
const MAX_NESTING = 1000;

/** How deep `[` and `{` nest in a JSON text (brackets inside strings do not count); scanned, not parsed, so any depth is safe. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** S3 names the first element a statement or document does not define [INFER: the exact wording]. */
function checkFields(object: Record<string, unknown>, known: Set<string>): void {
  const unknown = Object.keys(object).find((k) => !known.has(k));
  if (unknown !== undefined) throw malformedPolicy(`Unknown field ${unknown}`);
}

/** The element or its Not form, else S3's "Missing required field" (confirmed for Principal and Statement; the others [INFER]). */
function required(s: Statement, name: string): unknown {
  const value = s[name] ?? s[`Not${name}`];
  if (value === undefined) throw malformedPolicy(`Missing required field ${name}`);
  return value;
}

function checkStatement(s: Statement, bucket: string, catalog: PolicyCatalog, principals: PrincipalDirectory): void {
  checkFields(s, STATEMENT_FIELDS);
  const effect = required(s, 'Effect');
  // "Invalid effect: hello" (github.com/versity/versitygw/issues/647).
  if (effect !== 'Allow' && effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(effect)}`);
  checkPrincipal(required(s, 'Principal'), principals);
  const named = checkActions(list(required(s, 'Action')), catalog);
  const resources = checkResources(list(required(s, 'Resource')), bucket);
  if (s['Action'] !== undefined && s['Resource'] !== undefined) checkApplies(named, resources);
  if (s['Condition'] !== undefined) checkCondition(s['Condition'], catalog);
}

/** What bucket policies are judged against: S3's entry of the Service Authorization Reference (loaded when first needed) and IAM's principals. */
export interface BucketPolicyContext {
  readonly catalog: () => Promise<PolicyCatalog>;
  readonly principals: PrincipalDirectory;
}

/**
 * PutBucketPolicy's checks, in the order S3 reports them: the body as JSON, its size, the document's
 * fields, then each statement in turn; the first fault is the answer. `catalog` knows S3's actions,
 * their resource types and S3's condition keys; `principals`, which IAM users and roles exist.
 */
export function validateBucketPolicy(text: string, bucket: string, catalog: PolicyCatalog, principals: PrincipalDirectory): void {
  if (!text.trimStart().startsWith('{')) throw malformedPolicy(NOT_JSON);
  // Nesting that deep is no policy, and it would overflow the stack of what walks the parsed
  // document (JSON.stringify below answered 500 for `{"a":[[[...]]]}` 5,000 deep).
  if (nestingDepth(text) > MAX_NESTING) throw malformedPolicy(INVALID_JSON);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy(INVALID_JSON);
  }
  if (!isObject(doc)) throw malformedPolicy(NOT_JSON);
  // [INFER] the text and code: S3's answer to an oversized policy is not recorded publicly.
  if (Buffer.byteLength(JSON.stringify(doc)) > MAX_POLICY_BYTES) throw malformedPolicy('Policy exceeds the maximum allowed document size.');
  checkFields(doc, DOCUMENT_FIELDS);
  // "The policy must contain a valid version string" (github.com/codevise/pageflow/pull/902, from the S3 console).
  if (doc['Version'] !== undefined && !VERSIONS.has(doc['Version'] as string)) throw malformedPolicy('The policy must contain a valid version string');
  if (doc['Statement'] === undefined) throw malformedPolicy('Missing required field Statement');
  const statements = list(doc['Statement']);
  // github.com/versity/versitygw/issues/646 quotes this for `"Statement": []`.
  if (statements.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!');
  for (const statement of statements) {
    if (!isObject(statement)) throw malformedPolicy(INVALID_JSON);
    checkStatement(statement, bucket, catalog, principals);
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
