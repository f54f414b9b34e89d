// Unit tests of the Condition, Principal and Resource checks: operators, key types, qualifiers,
// values, principal shapes per policy kind and ARN formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCatalog } from './test-catalog.js';
import { validatePolicy } from './validate-policy.js';
import type { Finding, ValidationPolicyType } from './types.js';

const catalog = testCatalog();
const V = '2012-10-17';

function summary(findings: readonly Finding[]): string[][] {
  return findings.map((f) => [
    f.findingType,
    f.issueCode,
    ...f.locations.map((l) => l.path.map((p) => ('value' in p ? p.value : String(p.index))).join('/')),
  ]);
}

function run(doc: unknown, type: ValidationPolicyType = 'identity'): Finding[] {
  return validatePolicy(JSON.stringify(doc, null, 2), type, catalog);
}

const stmt = (extra: object) => ({ Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }] });

test('service condition key the action does not support', () => {
  const f = run(stmt({ Action: ['s3:GetObject', 's3:ListBucket'], Condition: { StringLike: { 's3:prefix': 'home/*' } } }));
  assert.deepEqual(summary(f), [
    ['ERROR', 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY', 'Statement/0/Action/0', 'Statement/0/Condition/StringLike/s3:prefix'],
  ]);
  assert.match(f[0]?.findingDetails ?? '', /^The following actions: s3:GetObject are not supported by the condition key s3:prefix\./);
});

test('global keys are fine with any action; templated service keys resolve', () => {
  const cond = { StringEquals: { 'aws:PrincipalTag/team': 'ml', 's3:ExistingObjectTag/env': 'dev' } };
  assert.deepEqual(summary(run(stmt({ Condition: cond }))), []);
});

test('unknown keys and operators', () => {
  const cond = { StringEqualz: { 'aws:username': 'x' }, StringEquals: { 'aws:NoSuchKey': 'x', 's3:nosuchkey': 'y', nocolon: 'z' } };
  assert.deepEqual(summary(run(stmt({ Condition: cond }))), [
    ['ERROR', 'INVALID_CONDITION_OPERATOR', 'Statement/0/Condition/StringEqualz'],
    ['ERROR', 'INVALID_GLOBAL_CONDITION_KEY', 'Statement/0/Condition/StringEquals/aws:NoSuchKey'],
    ['ERROR', 'INVALID_SERVICE_CONDITION_KEY', 'Statement/0/Condition/StringEquals/s3:nosuchkey'],
    ['ERROR', 'INVALID_CONDITION_KEY_FORMAT', 'Statement/0/Condition/StringEquals/nocolon'],
  ]);
});

test('operator and key type mismatches, malformed values', () => {
  const cond = {
    NumericEquals: { 's3:prefix': '5' },
    StringEquals: { 'aws:CurrentTime': '2020-01-01', 'aws:username': 'a*' },
    DateGreaterThan: { 'aws:CurrentTime': 'yesterday' },
    Bool: { 'aws:MultiFactorAuthPresent': 'yes' },
    IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.300/8'] },
  };
  const f = run(stmt({ Action: 's3:ListBucket', Condition: cond }));
  assert.deepEqual(summary(f), [
    ['WARNING', 'TYPE_MISMATCH', 'Statement/0/Condition/NumericEquals/s3:prefix'],
    ['WARNING', 'TYPE_MISMATCH', 'Statement/0/Condition/StringEquals/aws:CurrentTime'],
    ['WARNING', 'WILDCARD_WITHOUT_LIKE_OPERATOR', 'Statement/0/Condition/StringEquals/aws:username'],
    ['WARNING', 'TYPE_MISMATCH_DATE', 'Statement/0/Condition/DateGreaterThan/aws:CurrentTime'],
    ['WARNING', 'TYPE_MISMATCH_BOOLEAN', 'Statement/0/Condition/Bool/aws:MultiFactorAuthPresent'],
    ['WARNING', 'TYPE_MISMATCH_IP_RANGE', 'Statement/0/Condition/IpAddress/aws:SourceIp/1'],
  ]);
  assert.equal(f[0]?.findingDetails, 'Use the operator type String instead of operator NumericEquals for the condition key s3:prefix.');
});

test('qualifiers: ForAllValues on a single-valued key, multivalued key without one, Null misuse', () => {
  const cond = {
    'ForAllValues:StringEquals': { 'aws:username': ['a'] },
    StringEquals: { 'aws:TagKeys': 'team' },
    NullIfExists: { 'aws:SourceIp': 'true' },
    'ForAnyValue:StringEquals': { 'aws:TagKeys': [] },
  };
  assert.deepEqual(summary(run(stmt({ Condition: cond }))), [
    ['SECURITY_WARNING', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'Statement/0/Condition/ForAllValues:StringEquals/aws:username'],
    ['ERROR', 'MISSING_QUALIFIER', 'Statement/0/Condition/StringEquals/aws:TagKeys'],
    ['ERROR', 'NULL_WITH_IF_EXISTS', 'Statement/0/Condition/NullIfExists'],
    ['SUGGESTION', 'EMPTY_ARRAY_CONDITION_FORANYVALUE', 'Statement/0/Condition/ForAnyValue:StringEquals/aws:TagKeys'],
  ]);
});

test('variables need version 2012-10-17 and a String or ARN operator', () => {
  const doc = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] };
  assert.deepEqual(summary(run(doc)), [
    ['WARNING', 'OUTDATED_VERSION', 'Version'],
    ['ERROR', 'VARIABLE_UNSUPPORTED_IN_VERSION', 'Statement/0/Resource'],
  ]);
  const f = run(stmt({ Condition: { NumericLessThan: { 's3:max-keys': '${aws:username}' } }, Action: 's3:ListBucket' }));
  assert.deepEqual(summary(f), [['ERROR', 'INVALID_VARIABLE_FOR_OPERATOR', 'Statement/0/Condition/NumericLessThan/s3:max-keys']]);
});

test('role trust policies: wildcard principal, NotPrincipal, Resource', () => {
  const doc = {
    Version: V,
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' },
      { Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'sts:AssumeRole' },
    ],
  };
  assert.deepEqual(summary(run(doc, 'trust')), [
    ['ERROR', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'Statement/0/Resource'],
    ['ERROR', 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', 'Statement/0/Principal'],
    ['ERROR', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', 'Statement/1/NotPrincipal'],
  ]);
});

test('SCPs take no principal and may omit Resource', () => {
  const doc = { Version: V, Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }] };
  assert.deepEqual(summary(run(doc, 'scp')), [['ERROR', 'SCP_SYNTAX_ERROR_PRINCIPAL', 'Statement/0/Principal']]);
});

test('principal keys and values in resource policies', () => {
  const principal = { AWS: ['AROAEXAMPLEEXAMPLE12', 'arn:aws:iam::*:root'], Service: 'bad_service', Foo: 'x' };
  assert.deepEqual(summary(run(stmt({ Principal: principal, Resource: 'arn:aws:s3:::b/*' }), 'resource')), [
    ['WARNING', 'INVALID_ROLE_REFERENCE', 'Statement/0/Principal/AWS/0'],
    ['ERROR', 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', 'Statement/0/Principal/AWS/1'],
    ['ERROR', 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'Statement/0/Principal/Service'],
    ['ERROR', 'INVALID_PRINCIPAL_KEY', 'Statement/0/Principal/Foo'],
  ]);
});

test('a service principal without a source condition', () => {
  const s = { Principal: { Service: 'sns.amazonaws.com' }, Resource: 'arn:aws:s3:::b/*' };
  assert.deepEqual(summary(run(stmt(s), 'resource')), [
    ['SECURITY_WARNING', 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', 'Statement/0/Principal/Service'],
  ]);
  const scoped = { ...s, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } };
  assert.deepEqual(summary(run(stmt(scoped), 'resource')), []);
});

test('resource ARN formats against the statement actions resource types', () => {
  const resources = [
    's3:::b',
    'arn:aws:s3',
    'arn:aws:s3:us-east-1::b',
    'arn:aws:s3::123456789012:b',
    'arn:aws:ec2::123456789012:instance/i-1',
    'arn:aws:iam::12345:role/x',
    'arn:aws:iam::123456789012:user/x',
    'arn:aws:S3:::b',
    'arn:foo:s3:::b',
  ];
  const f = run(stmt({ Action: ['s3:GetObject', 'ec2:StartInstances', 'iam:GetRole'], Resource: resources }));
  assert.deepEqual(
    summary(f).map((row) => row.slice(1).join(' ')),
    [
      'INVALID_ARN_PREFIX Statement/0/Resource/0',
      'MISSING_ARN_FIELD Statement/0/Resource/1',
      'ARN_REGION_NOT_ALLOWED Statement/0/Resource/2',
      'ARN_ACCOUNT_NOT_ALLOWED Statement/0/Resource/3',
      'MISSING_ARN_REGION Statement/0/Resource/4',
      'INVALID_ARN_ACCOUNT Statement/0/Resource/5',
      'INVALID_ARN_RESOURCE Statement/0/Resource/6',
      'INVALID_ARN_SERVICE_CASE Statement/0/Resource/7',
      'INVALID_PARTITION Statement/0/Resource/8',
    ],
  );
});
