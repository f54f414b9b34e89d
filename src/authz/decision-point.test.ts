// The decision point's root exemption from a resource policy's deny: only the root of the
// resource's own account, only when the check names the rule, only over the resource
// policy's deny (an SCP's deny still decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, type Policy } from '../iam/index.js';
import { DecisionPoint, noGuardrails, type AccessCheck, type AuthPrincipal, type DecisionRecord } from './decision-point.js';

const OWNER = '111122223333';
const OTHER = '444455556666';

function policy(kind: 'identity' | 'resource' | 'scp', statements: object[]): Policy {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind, `${kind}-policy`);
  assert.ok(parsed.ok);
  return parsed.policy;
}

function principal(arn: string, account: string, allowAll = false): AuthPrincipal {
  const identity = allowAll ? [policy('identity', [{ Effect: 'Allow', Action: '*', Resource: '*' }])] : [];
  return { arn, account, identityPolicies: identity, boundary: null, sessionPolicies: [], context: {} };
}

const denyAll = policy('resource', [{ Sid: 'Lock', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b' }]);
const check: AccessCheck = {
  action: 's3:DeleteBucketPolicy', resource: 'arn:aws:s3:::b', resourceAccount: OWNER, resourcePolicy: denyAll, rootExemptFromResourceDeny: 'the rule',
};
const ownerRoot = principal(`arn:aws:iam::${OWNER}:root`, OWNER);

test('the owning account root is allowed past the resource policy deny, and the record says why', () => {
  const log: DecisionRecord[] = [];
  const decision = new DecisionPoint(noGuardrails).authorize(ownerRoot, check, {}, log);
  assert.equal(decision.decision, 'Allow');
  assert.equal(log.length, 1);
  assert.equal(log[0]?.exemption?.rule, 'the rule');
  assert.equal(log[0]?.exemption?.overridden.decision, 'ExplicitDeny');
  assert.equal(log[0]?.exemption?.overridden.matchedStatements[0]?.sid, 'Lock');
});

test('no exemption without the rule, for IAM users, or for another account root', () => {
  const point = new DecisionPoint(noGuardrails);
  const { rootExemptFromResourceDeny: _unused, ...plain } = check;
  assert.equal(point.decide(ownerRoot, plain, {}).decision, 'ExplicitDeny');
  const admin = principal(`arn:aws:iam::${OWNER}:user/admin`, OWNER, true);
  assert.equal(point.decide(admin, check, {}).decision, 'ExplicitDeny');
  const log: DecisionRecord[] = [];
  assert.equal(point.decide(principal(`arn:aws:iam::${OTHER}:root`, OTHER), check, {}, log).decision, 'ExplicitDeny');
  assert.equal(log[0]?.exemption, undefined);
});

test('a service control policy deny still binds the exempt root', () => {
  const scp = policy('scp', [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]);
  const allowAll = policy('scp', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const point = new DecisionPoint({ scpsFor: () => [{ target: 'r-root', policies: [allowAll, scp] }], rcpsFor: () => null });
  const decision = point.decide(ownerRoot, check, {});
  assert.equal(decision.decision, 'ExplicitDeny');
  assert.equal(decision.decidedBy, 'scp');
});
