import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './policy.js';
import type { PolicyKind } from './types.js';

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

function error(doc: unknown, kind: PolicyKind = 'identity'): string {
  const result = parsePolicy(doc, kind);
  assert.equal(result.ok, false, 'policy is refused');
  return result.ok ? '' : (result.errors[0]?.message ?? '');
}

test('IAM texts for malformed identity policies', () => {
  assert.equal(error('not json'), 'Syntax errors in policy.');
  assert.equal(error({ Version: '2013-10-17', Statement: allow }), 'Syntax errors in policy.');
  assert.equal(error({ Version: '2012-10-17', Statement: [] }), 'Syntax errors in policy.');
  assert.equal(error({ Version: '2012-10-17', Statement: allow, Extra: 1 }), 'Syntax errors in policy.');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...allow, Effect: 'invalid' } }), 'Syntax errors in policy.');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...allow, Principal: '*' } }), 'Policy document should not specify a principal.');
  assert.equal(error({ Version: '2012-10-17', Statement: { Effect: 'Allow', Resource: '*' } }), 'Policy statement must contain actions.');
  assert.equal(error({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket' } }), 'Policy statement must contain resources.');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...allow, Action: 'invalid' } }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...allow, Resource: 'invalid resource' } }), 'Resource invalid resource must be in ARN format or "*".');
  assert.equal(error({ Version: '2012-10-17', Statement: [{ ...allow, Sid: 'a' }, { ...allow, Sid: 'a' }] }), 'Statement IDs (SID) in a single policy must be unique.');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...allow, Action: 's3:ListBucket', NotAction: 's3:x' } }), 'Syntax errors in policy.');
  assert.equal(error({ Version: 1, Statement: allow }), 'Syntax errors in policy.');
});

test('managed policies must be version 2012-10-17 when asked', () => {
  const result = parsePolicy({ Version: '2008-10-17', Statement: allow }, 'identity', 'p', { requireCurrentVersion: true });
  assert.equal(result.ok, false);
  assert.equal(result.ok ? '' : result.errors[0]?.message, 'Policy document must be version 2012-10-17 or greater.');
  assert.equal(parsePolicy({ Version: '2008-10-17', Statement: allow }, 'identity').ok, true, 'evaluation accepts old versions');
});

test('trust and resource policies have their own required and prohibited fields', () => {
  const trust = { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' };
  assert.equal(parsePolicy({ Version: '2012-10-17', Statement: trust }, 'trust').ok, true);
  assert.equal(error({ Version: '2012-10-17', Statement: { ...trust, Resource: '*' } }, 'trust'), 'Has prohibited field Resource');
  assert.equal(error('{', 'trust'), 'This policy contains invalid Json');
  assert.equal(error({ Version: '2012-10-17', Statement: { ...trust, Action: ['sts:AssumeRole', 's3:GetObject'] } }, 'trust'),
    'AssumeRole policy may only specify STS AssumeRole actions.');
  assert.equal(parsePolicy({ Version: '2012-10-17', Statement: { ...trust, Action: ['sts:AssumeRole', 'sts:TagSession', 'STS:SetSourceIdentity'] } }, 'trust').ok, true);
  // An identity policy may name any service's actions.
  assert.equal(parsePolicy({ Version: '2012-10-17', Statement: allow }, 'identity').ok, true);
  assert.equal(error({ Version: '2012-10-17', Statement: allow }, 'resource'), 'Missing required field Principal');
  assert.equal(
    error({ Version: '2012-10-17', Statement: { ...allow, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } } }, 'resource'),
    'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"',
  );
  assert.equal(parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }, 'scp').ok, true);
});

test('a parsed policy knows its version and statements; the path names the fault', () => {
  const ok = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [allow, { ...allow, Sid: 'Two' }] }), 'identity', 'my-policy');
  assert.ok(ok.ok);
  assert.equal(ok.policy.id, 'my-policy');
  assert.equal(ok.policy.version, '2012-10-17');
  assert.deepEqual(ok.policy.statements.map((s) => s.sid), [null, 'Two']);
  const bad = parsePolicy({ Version: '2012-10-17', Statement: [allow, { ...allow, Condition: { Foo: { 'a:b': 'c' } } }] }, 'identity');
  assert.deepEqual(bad, { ok: false, errors: [{ message: 'Invalid Condition type : Foo.', path: '/Statement/1/Condition/Foo' }] });
});
