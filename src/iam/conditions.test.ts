import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConditions } from './conditions.js';
import type { ContextLookup } from './policy-variables.js';

function holds(block: unknown, context: Record<string, string | string[]>, variables = true): boolean {
  const compiled = compileConditions(block, variables, '/Condition');
  assert.ok(compiled.ok, 'condition compiles');
  const map = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : v]));
  const lookup: ContextLookup = (key) => {
    const value = map.get(key);
    return value && value.length > 0 ? value : undefined;
  };
  return compiled.conditions.every((c) => c.test(lookup));
}

test('string operators: case, wildcards, negation, missing keys', () => {
  assert.equal(holds({ StringEquals: { 'aws:username': 'alice' } }, { 'AWS:UserName': 'alice' }), true);
  assert.equal(holds({ StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'Alice' }), false);
  assert.equal(holds({ StringEqualsIgnoreCase: { 'aws:username': 'alice' } }, { 'aws:username': 'ALICE' }), true);
  assert.equal(holds({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/a/b' }), true);
  assert.equal(holds({ StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/a' }), false);
  assert.equal(holds({ StringNotEquals: { 'aws:username': 'alice' } }, {}), true, 'negated on a missing key holds');
  assert.equal(holds({ StringEquals: { 'aws:username': 'alice' } }, {}), false);
  assert.equal(holds({ StringEqualsIfExists: { 'aws:username': 'alice' } }, {}), true);
  assert.equal(holds({ StringEquals: { 'aws:username': ['bob', 'alice'] } }, { 'aws:username': 'alice' }), true, 'values OR');
  assert.equal(holds({ StringNotEquals: { 'aws:username': ['bob', 'alice'] } }, { 'aws:username': 'alice' }), false);
});

test('keys AND together, operators AND together', () => {
  const block = { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ml' }, Bool: { 'aws:SecureTransport': 'true' } };
  assert.equal(holds(block, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ml', 'aws:SecureTransport': 'true' }), true);
  assert.equal(holds(block, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ml', 'aws:SecureTransport': 'false' }), false);
  assert.equal(holds(block, { 'aws:username': 'alice', 'aws:SecureTransport': 'true' }), false);
});

test('numeric, date, bool, binary, ip and arn operators', () => {
  assert.equal(holds({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }), true);
  assert.equal(holds({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }), false);
  assert.equal(holds({ NumericGreaterThanEquals: { 'k:n': 1.5 } }, { 'k:n': '1.5' }), true);
  assert.equal(holds({ DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2025-12-31T23:59:59Z' }), true);
  assert.equal(holds({ DateGreaterThan: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } }, { 'aws:EpochTime': '1767225601' }), true);
  assert.equal(holds({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'FALSE' }), true);
  assert.equal(holds({ BinaryEquals: { 'k:b': 'QmluYXJ5VmFsdWU=' } }, { 'k:b': 'QmluYXJ5VmFsdWU=' }), true);
  assert.equal(holds({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }, { 'aws:SourceIp': '2001:db8::5' }), true);
  assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }), false);
  assert.equal(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket-*' } }, { 'aws:SourceArn': 'arn:aws:s3:::bucket-1' }), true);
  assert.equal(holds({ ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin' }), false);
  assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {}), true);
  assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, {}), false);
});

test('set operators on multivalued keys, empty and missing', () => {
  const allowed = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
  assert.equal(holds(allowed, { 'aws:TagKeys': ['env'] }), true);
  assert.equal(holds(allowed, { 'aws:TagKeys': ['env', 'cost'] }), false);
  assert.equal(holds(allowed, {}), true, 'ForAllValues on a missing key holds');
  assert.equal(holds(allowed, { 'aws:TagKeys': [] }), true, 'ForAllValues on an empty set holds');
  const any = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } };
  assert.equal(holds(any, { 'aws:TagKeys': ['cost', 'env'] }), true);
  assert.equal(holds(any, {}), false, 'ForAnyValue on a missing key fails');
  assert.equal(holds({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['env', 'x'] }), true);
  assert.equal(holds({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['env', 'x'] }), false);
});

test('policy variables only with Version 2012-10-17, with defaults and special characters', () => {
  const block = { StringLike: { 's3:prefix': ['home/${aws:username}/*', '${*}literal'] } };
  assert.equal(holds(block, { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }), true);
  assert.equal(holds(block, { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }), false);
  assert.equal(holds(block, { 's3:prefix': 'xliteral' }), false, '${*} is a literal star');
  assert.equal(holds(block, { 's3:prefix': '*literal' }), true);
  assert.equal(holds(block, { 's3:prefix': 'home/${aws:username}/x' }, false), true, 'no substitution for old versions');
  const withDefault = { StringEquals: { 'aws:PrincipalTag/team': "${aws:RequestTag/team, 'none'}" } };
  assert.equal(holds(withDefault, { 'aws:PrincipalTag/team': 'none' }), true);
  assert.equal(holds({ StringEquals: { 'k:x': '${aws:username}' } }, { 'k:x': 'alice' }), false, 'missing variable matches nothing');
  assert.equal(holds({ StringLike: { 'k:x': '${aws:username}' } }, { 'k:x': 'a*', 'aws:username': '*' }), false, 'request text is literal');
});

test('malformed condition blocks are refused with IAM texts', () => {
  const bad = compileConditions({ StringEqualz: { 'a:b': 'c' } }, true, '/Condition');
  assert.deepEqual(bad, { ok: false, message: 'Invalid Condition type : StringEqualz.', path: '/Condition/StringEqualz' });
  const nested = compileConditions({ StringEquals: { 'a:b': {} } }, true, '/Condition');
  assert.equal(nested.ok, false);
  assert.equal(compileConditions([], true, '/Condition').ok, false);
  assert.equal(compileConditions({ NullIfExists: { 'a:b': 'true' } }, true, '/Condition').ok, false);
});
