// Unit tests of validatePolicy: exact findings (type, code, location paths) for small policies,
// and exact spans (line from 1, column from 0) as Access Analyzer reports them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCatalog } from './test-catalog.js';
import { hasErrors, validatePolicy } from './validate-policy.js';
import type { Finding, ValidationPolicyType } from './types.js';

const catalog = testCatalog();
const V = '2012-10-17';

type Row = [string, string, ...string[]];

function summary(findings: readonly Finding[]): Row[] {
  return findings.map((f) => [
    f.findingType,
    f.issueCode,
    ...f.locations.map((l) => l.path.map((p) => ('value' in p ? p.value : String(p.index))).join('/')),
  ]);
}

function check(doc: unknown, type: ValidationPolicyType, expected: Row[]): Finding[] {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  const findings = validatePolicy(text, type, catalog);
  assert.deepEqual(summary(findings), expected);
  return findings;
}

const allow = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });

test('a clean identity policy has no findings', () => {
  const f = check({ Version: V, Statement: [allow({ Sid: 'Read' })] }, 'identity', []);
  assert.equal(hasErrors(f), false);
});

test('JSON syntax error is one ERROR at the offending character', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}';
  const [f] = check(text, 'identity', [['ERROR', 'JSON_SYNTAX_ERROR', '']]);
  assert.equal(f?.findingDetails, 'Fix the JSON syntax error at index 69 line 4 column 23.');
  assert.deepEqual(f?.locations[0]?.span, {
    start: { line: 4, column: 23, offset: 69 },
    end: { line: 4, column: 24, offset: 70 },
  });
});

test('missing Version, Effect, Action and Resource', () => {
  check({ Statement: [{ Sid: 'A' }] }, 'identity', [
    ['WARNING', 'MISSING_VERSION', ''],
    ['ERROR', 'MISSING_EFFECT', 'Statement/0'],
    ['ERROR', 'MISSING_ACTION', 'Statement/0'],
    ['ERROR', 'MISSING_RESOURCE', 'Statement/0'],
  ]);
});

test('unknown elements, a bad Version and a lower-case Effect', () => {
  const doc = { Version: '2012-10-18', Foo: 1, Statement: { Effect: 'allow', Action: 's3:GetObject', Resource: '*', Bar: 2 } };
  const f = check(doc, 'identity', [
    ['ERROR', 'INVALID_POLICY_ELEMENT', 'Foo'],
    ['ERROR', 'INVALID_VERSION', 'Version'],
    ['ERROR', 'INVALID_POLICY_ELEMENT', 'Statement/Bar'],
    ['ERROR', 'INVALID_EFFECT', 'Statement/Effect'],
  ]);
  assert.equal(f[3]?.findingDetails, 'The effect allow is not valid. Use Allow or Deny.');
});

test('Principal in an identity policy; missing Principal in a resource policy', () => {
  check({ Version: V, Statement: [allow({ Principal: '*' })] }, 'identity', [
    ['ERROR', 'UNSUPPORTED_PRINCIPAL', 'Statement/0/Principal'],
  ]);
  check({ Version: V, Statement: [allow({ Resource: 'arn:aws:s3:::b/*' })] }, 'resource', [
    ['ERROR', 'MISSING_PRINCIPAL', 'Statement/0'],
  ]);
});

test('duplicate Sids: required unique in identity policies, recommended in resource policies', () => {
  const two = (p: object) => [allow({ Sid: 'A', ...p }), allow({ Sid: 'A', Effect: 'Deny', ...p })];
  check({ Version: V, Statement: two({}) }, 'identity', [['ERROR', 'UNIQUE_SIDS_REQUIRED', 'Statement/1/Sid']]);
  const p = { Principal: { AWS: '123456789012' }, Resource: 'arn:aws:s3:::b/*' };
  // Access Analyzer only recommends unique Sids here; Gantry's engine refuses them all the same.
  check({ Version: V, Statement: two(p) }, 'resource', [
    ['WARNING', 'UNIQUE_SIDS_RECOMMENDED', 'Statement/1/Sid'],
    ['ERROR', 'POLICY_REJECTED_BY_IAM', 'Statement/1/Sid'],
  ]);
});

test('iam:PassRole on every role, directly and through iam:*', () => {
  const f = check({ Version: V, Statement: [allow({ Action: ['iam:PassRole'] })] }, 'identity', [
    ['SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 'Statement/0/Resource'],
  ]);
  assert.match(f[0]?.findingDetails ?? '', /^Using the iam:PassRole action with wildcards/);
  check({ Version: V, Statement: [allow({ Action: 'iam:*' })] }, 'identity', [
    ['SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'Statement/0/Resource'],
  ]);
  check({ Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::123456789012:role/x' }] }, 'identity', [
    ['SECURITY_WARNING', 'PASS_ROLE_WITH_NOT_RESOURCE', 'Statement/0/NotResource'],
  ]);
});

test('iam:PassedToService silences the PassRole warning; Deny never warns', () => {
  const cond = { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } };
  check({ Version: V, Statement: [allow({ Action: 'iam:PassRole', ...cond })] }, 'identity', []);
  check({ Version: V, Statement: [allow({ Effect: 'Deny', Action: 'iam:PassRole' })] }, 'identity', []);
});

test('Allow with NotPrincipal in a resource policy', () => {
  const s = allow({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Resource: 'arn:aws:s3:::b/*' });
  check({ Version: V, Statement: [s] }, 'resource', [['SECURITY_WARNING', 'ALLOW_WITH_NOT_PRINCIPAL', 'Statement/0/NotPrincipal']]);
});

test('unknown actions and services, with suggestions', () => {
  const f = check({ Version: V, Statement: [allow({ Action: ['s3:GetObjcet', 'sss:GetObject', 's3:Foo*'] })] }, 'identity', [
    ['ERROR', 'INVALID_ACTION', 'Statement/0/Action/0'],
    ['ERROR', 'INVALID_SERVICE_IN_ACTION', 'Statement/0/Action/1'],
    ['ERROR', 'INVALID_ACTION', 'Statement/0/Action/2'],
  ]);
  assert.equal(f[0]?.findingDetails, 'The action s3:GetObjcet does not exist. Did you mean s3:GetObject?');
  assert.equal(f[1]?.findingDetails, 'The service sss specified in the action does not exist. Did you mean sts?');
  assert.equal(f[2]?.findingDetails, 'The action s3:Foo* does not exist.');
});

test('wildcard service names and variables in actions', () => {
  check({ Version: V, Statement: [allow({ Action: ['*:Get*', 'ec2:${aws:username}'] })] }, 'identity', [
    ['SUGGESTION', 'WILDCARD_IN_SERVICE_NAME', 'Statement/0/Action/0'],
    ['ERROR', 'VARIABLE_UNSUPPORTED_IN_ELEMENT', 'Statement/0/Action/1'],
  ]);
});

test('redundant actions and resources', () => {
  const f = check({ Version: V, Statement: [allow({ Action: ['s3:GetObject', 's3:Get*', 's3:getobjectacl'] })] }, 'identity', [
    ['SUGGESTION', 'REDUNDANT_ACTION', 'Statement/0/Action/0', 'Statement/0/Action/2'],
  ]);
  assert.match(f[0]?.findingDetails ?? '', /^The 2 action\(s\) are redundant .* such as: s3:GetObject\.$/);
  const resources = ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', 'arn:aws:s3:::b/*'];
  check({ Version: V, Statement: [allow({ Resource: resources })] }, 'identity', [
    ['SUGGESTION', 'REDUNDANT_RESOURCE', 'Statement/0/Resource/1', 'Statement/0/Resource/2'],
  ]);
});

test('empty Sid, action and resource arrays and condition blocks', () => {
  check({ Version: V, Statement: [{ Sid: '', Effect: 'Deny', Action: [], Resource: [], Condition: {} }] }, 'identity', [
    ['SUGGESTION', 'EMPTY_SID_VALUE', 'Statement/0/Sid'],
    ['SUGGESTION', 'EMPTY_ARRAY_ACTION', 'Statement/0/Action'],
    ['SUGGESTION', 'EMPTY_ARRAY_RESOURCE', 'Statement/0/Resource'],
    ['SUGGESTION', 'EMPTY_OBJECT_CONDITION', 'Statement/0/Condition'],
    // IAM itself refuses a statement without actions; the engine's verdict is carried over.
    ['ERROR', 'POLICY_REJECTED_BY_IAM', 'Statement/0/Action'],
  ]);
});
