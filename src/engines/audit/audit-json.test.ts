import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision, StatementRef } from '../../iam/index.js';
import { auditJson } from './audit-json.js';
import type { AuditRecord } from './audit-record.js';

const shared: StatementRef = Object.freeze({ policyType: 'identity', policyId: 'arn:aws:iam::111122223333:policy/x', sid: null, index: 0, effect: 'Allow' });
const allow: Decision = { decision: 'Allow', decidedBy: 'identity', matchedStatements: [shared], missingAllow: [], message: null };

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: '2026-11-23T21:26:14.730Z', requestId: '01a20a4d-67c8-7000-8721-b162671f4b81', service: 's3', operation: 'GetObject',
    account: '111122223333', principal: 'arn:aws:iam::111122223333:user/u', accessKeyId: 'AKIAEXAMPLE', sourceIp: '127.0.0.1',
    userAgent: 'aws-sdk-js/3 "quoted" \\ back\u2028slash', decisions: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', decision: allow }],
    status: 200, errorCode: null, errorMessage: null, latencyMs: 1.708,
    ...overrides,
  };
}

const same = (r: AuditRecord) => assert.deepEqual(JSON.parse(auditJson(r)), JSON.parse(JSON.stringify(r)));

describe('auditJson', () => {
  it('parses to what JSON.stringify gives, for an allowed request', () => same(record()));

  it('does so for a denial with a message, nulls everywhere, a non-frozen reference and a trace', () => {
    const deny: Decision = {
      decision: 'ImplicitDeny', decidedBy: null, matchedStatements: [{ ...shared, effect: 'Deny', sid: 'S "1"' }], missingAllow: ['identity', 'resource'],
      message: 'User: arn:aws:iam::1:user/u is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k\n"',
    };
    const traced: Decision = { ...allow, trace: [{ ...shared, outcome: 'matched' } as never] };
    same(record({ operation: null, account: null, principal: null, accessKeyId: null, userAgent: null, status: 403, errorCode: 'AccessDenied',
      errorMessage: 'Access Denied \u00e9\u0000', decisions: [{ action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:1:key/k', decision: deny },
        { action: 's3:GetObject', resource: 'x', decision: traced }] }));
  });

  it('does so with no decisions and with a position read back from the store', () => {
    same(record({ decisions: [], seq: 42_000 }));
  });

  it('writes a shared reference the same way each time it appears', () => {
    const twice = record({ decisions: [{ action: 'a', resource: 'r', decision: allow }, { action: 'b', resource: 'r', decision: allow }] });
    same(twice);
    same(twice);
  });
});
