import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type EvaluationInput } from './evaluate.js';
import { parsePolicy, type Policy } from './policy.js';
import type { PolicyKind } from './types.js';

const ACCT = '111122223333';
const OTHER = '444455556666';
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Worker/job-1`;
const ROLE = `arn:aws:iam::${ACCT}:role/Worker`;
const OBJECT = 'arn:aws:s3:::data/k';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function policy(kind: PolicyKind, ...statements: object[]): Policy {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, kind, `${kind}-policy`);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.policy;
}
const allowAll = (kind: PolicyKind, action = '*') => policy(kind, { Effect: 'Allow', Action: action, Resource: '*' });
const grantTo = (principal: string, action = 's3:GetObject') =>
  policy('resource', { Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' });

function decide(input: Partial<EvaluationInput> & { principal?: string; action?: string; resource?: string }) {
  const { principal = ALICE, action = 's3:GetObject', resource = OBJECT, ...rest } = input;
  return evaluate({ request: { principal, action, resource, resourceAccount: ACCT }, ...rest });
}

test('default deny, identity allow, explicit deny wins', () => {
  assert.equal(decide({}).decision, 'ImplicitDeny');
  assert.equal(decide({ identityPolicies: [allowAll('identity')] }).decision, 'Allow');
  const denied = decide({ identityPolicies: [allowAll('identity'), policy('identity', { Effect: 'Deny', Action: 's3:*', Resource: '*' })] });
  assert.equal(denied.decision, 'ExplicitDeny');
  assert.equal(denied.decidedBy, 'identity');
  assert.equal(denied.matchedStatements.length, 2);
  assert.equal(
    denied.message,
    `User: ${ALICE} is not authorized to perform: s3:GetObject on resource: ${OBJECT} with an explicit deny in an identity-based policy`,
  );
});

test('same account: resource grants to the user or session pass the boundary; role grants do not', () => {
  const boundary = allowAll('boundary', 'ec2:*');
  assert.equal(decide({ resourcePolicy: grantTo(ALICE), permissionBoundary: boundary }).decision, 'Allow');
  assert.equal(decide({ principal: SESSION, resourcePolicy: grantTo(SESSION), permissionBoundary: boundary }).decision, 'Allow');
  const viaRole = decide({ principal: SESSION, resourcePolicy: grantTo(ROLE), permissionBoundary: boundary });
  assert.equal(viaRole.decision, 'ImplicitDeny');
  assert.equal(viaRole.decidedBy, 'boundary');
  assert.equal(decide({ principal: SESSION, resourcePolicy: grantTo(ROLE) }).decision, 'Allow', 'role ARN grant needs no identity policy');
  const viaAccount = decide({ principal: SESSION, resourcePolicy: grantTo(`arn:aws:iam::${ACCT}:root`) });
  assert.equal(viaAccount.decision, 'ImplicitDeny', 'an account grant delegates to identity policies');
  assert.equal(viaAccount.decidedBy, 'identity');
});

test('session policies limit role grants but not session grants', () => {
  const session = allowAll('session', 'ec2:*');
  assert.equal(decide({ principal: SESSION, identityPolicies: [allowAll('identity')], sessionPolicy: session }).decidedBy, 'session');
  assert.equal(decide({ principal: SESSION, resourcePolicy: grantTo(SESSION), sessionPolicy: session }).decision, 'Allow');
  assert.equal(decide({ principal: SESSION, resourcePolicy: grantTo(ROLE), sessionPolicy: session }).decision, 'ImplicitDeny');
});

test('cross-account needs both sides', () => {
  const caller = `arn:aws:iam::${OTHER}:user/bob`;
  const onlyResource = decide({ principal: caller, resourcePolicy: grantTo(caller) });
  assert.equal(onlyResource.decision, 'ImplicitDeny');
  assert.equal(onlyResource.decidedBy, 'identity');
  const onlyIdentity = decide({ principal: caller, identityPolicies: [allowAll('identity')] });
  assert.equal(onlyIdentity.decidedBy, 'resource');
  assert.equal(decide({ principal: caller, identityPolicies: [allowAll('identity')], resourcePolicy: grantTo(OTHER) }).decision, 'Allow');
});

test('KMS: the key policy must allow, directly or by delegating to the account', () => {
  const kms = { principal: SESSION, action: 'kms:Decrypt', resource: KEY };
  const keyPolicy = (principal: string) => policy('key', { Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' });
  const noKeyGrant = decide({ ...kms, identityPolicies: [allowAll('identity')], resourcePolicy: keyPolicy(`arn:aws:iam::${OTHER}:root`) });
  assert.equal(noKeyGrant.decidedBy, 'resource');
  assert.match(noKeyGrant.message ?? '', /because no resource-based policy allows the kms:Decrypt action$/);
  assert.equal(decide({ ...kms, identityPolicies: [allowAll('identity')], resourcePolicy: keyPolicy(`arn:aws:iam::${ACCT}:root`) }).decision, 'Allow');
  assert.equal(decide({ ...kms, resourcePolicy: keyPolicy(`arn:aws:iam::${ACCT}:root`) }).decidedBy, 'identity');
  assert.equal(decide({ ...kms, resourcePolicy: keyPolicy(ROLE) }).decision, 'Allow', 'a direct key-policy grant suffices');
  assert.equal(decide({ ...kms, principal: `arn:aws:iam::${ACCT}:root` }).decision, 'ImplicitDeny', 'even root needs the key policy');
});

test('trust policies decide AssumeRole and say so', () => {
  const trust = policy('trust', { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const target = { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCT}:role/Exec` };
  assert.equal(decide({ ...target, principal: 'sagemaker.amazonaws.com', resourcePolicy: trust }).decision, 'Allow');
  const user = decide({ ...target, identityPolicies: [allowAll('identity')], resourcePolicy: trust });
  assert.equal(user.decidedBy, 'role-trust');
  assert.match(user.message ?? '', /because no role trust policy allows the sts:AssumeRole action$/);
});

test('SCPs: every level must allow; root of a member account is bound too', () => {
  const level = (target: string, ...policies: Policy[]) => ({ target, policies });
  const scps = [level('r-root', allowAll('scp')), level('ou-ml', allowAll('scp', 's3:*')), level(ACCT)];
  const result = decide({ identityPolicies: [allowAll('identity')], scps });
  assert.equal(result.decidedBy, 'scp');
  assert.match(result.message ?? '', /because no service control policy allows/);
  const open = [level('r-root', allowAll('scp')), level(ACCT, allowAll('scp'))];
  assert.equal(decide({ principal: `arn:aws:iam::${ACCT}:root`, scps: open }).decision, 'Allow');
  assert.equal(decide({ principal: `arn:aws:iam::${ACCT}:root`, scps: [level('r-root', allowAll('scp', 'ec2:*'))] }).decision, 'ImplicitDeny');
  assert.equal(decide({ principal: 's3.amazonaws.com', resourcePolicy: policy('resource', { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: '*', Resource: '*' }), scps }).decision, 'Allow', 'SCPs do not bind service principals');
});

test('NotPrincipal with Deny spares only callers listed with their account', () => {
  const deny = (names: string[]) => policy('resource', { Effect: 'Deny', NotPrincipal: { AWS: names }, Action: '*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
  assert.equal(decide({ resourcePolicy: deny([ALICE]) }).decision, 'ExplicitDeny', 'account not listed');
  assert.equal(decide({ resourcePolicy: deny([ALICE, `arn:aws:iam::${ACCT}:root`]) }).decision, 'Allow');
  assert.equal(decide({ resourcePolicy: deny([ALICE, ACCT]), permissionBoundary: allowAll('boundary') }).decision, 'ExplicitDeny', 'a boundary makes NotPrincipal deny');
});

test('anonymous callers only through a resource policy naming everyone', () => {
  const open = policy('resource', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
  assert.equal(decide({ principal: '*', resourcePolicy: open }).decision, 'Allow');
  const none = decide({ principal: '*' });
  assert.equal(none.message, `User: anonymous is not authorized to perform: s3:GetObject on resource: ${OBJECT} because no resource-based policy allows the s3:GetObject action`);
});

test('explain records why each statement did or did not apply', () => {
  const identity = policy('identity',
    { Sid: 'Other', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
    { Sid: 'Elsewhere', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
    { Sid: 'FromOffice', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } });
  const decision = evaluate(
    { request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceIp': '198.51.100.7' } }, identityPolicies: [identity] },
    { explain: true },
  );
  assert.equal(decision.decision, 'ImplicitDeny');
  assert.deepEqual(decision.trace?.map((t) => [t.sid, t.outcome]), [
    ['Other', 'action-mismatch'], ['Elsewhere', 'resource-mismatch'], ['FromOffice', 'condition-failed'],
  ]);
  assert.deepEqual(decision.trace?.[2]?.condition, { operator: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'], requestValues: ['198.51.100.7'] });
  assert.equal(evaluate({ request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT }, identityPolicies: [identity] }).trace, undefined);
});

test('context layers: later layers win, `context` wins over all, frozen layers are read again correctly', () => {
  const onTag = policy('identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } });
  const run = (layers: Record<string, string>[], context?: Record<string, string>) =>
    evaluate({
      request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, resourceAccount: ACCT, contextLayers: layers, ...(context ? { context } : {}) },
      identityPolicies: [onTag],
    }).decision;
  const principalLayer = Object.freeze({ 'aws:PrincipalTag/team': 'blue' });
  assert.equal(run([principalLayer]), 'ImplicitDeny');
  assert.equal(run([principalLayer, { 'AWS:PRINCIPALTAG/TEAM': 'red' }]), 'Allow', 'a later layer replaces the key, whatever its case');
  assert.equal(run([{ 'aws:PrincipalTag/team': 'red' }, principalLayer]), 'ImplicitDeny');
  assert.equal(run([principalLayer], { 'aws:principaltag/team': 'red' }), 'Allow', '`context` replaces every layer');
  assert.equal(run([principalLayer]), 'ImplicitDeny', 'the frozen layer still reads blue');
});

test('derived keys apply only where no layer gives the key', () => {
  const asBob = policy('identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:username': 'bob' } } });
  const run = (layers: Record<string, string>[]) =>
    evaluate({ request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, resourceAccount: ACCT, contextLayers: layers }, identityPolicies: [asBob] }).decision;
  assert.equal(run([]), 'ImplicitDeny', 'derived aws:username is alice');
  assert.equal(run([{ 'aws:username': 'bob' }]), 'Allow');
  const inAccount = policy('identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': ACCT, 'aws:PrincipalType': 'User' } } });
  assert.equal(evaluate({ request: { principal: ALICE, action: 's3:GetObject', resource: OBJECT, resourceAccount: ACCT }, identityPolicies: [inAccount] }).decision, 'Allow');
});
