// Unit tests of the organizations engine over the SQLite store in memory: founding the
// organization, the tree, policy rules and their Organizations errors, and the guardrails
// the decision point reads (levels, management exemption, org context keys, cache).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomIds } from '../../core/ids.js';
import { evaluate } from '../../iam/index.js';
import { migrate, openDatabase } from '../../store/index.js';
import { ORGANIZATION_MIGRATIONS, SqlOrganizationStore } from '../../store/sql-organization-store.js';
import { organizationGuardrails } from './guardrails.js';
import { createMemberAccount, moveAccount } from './member-accounts.js';
import type { OrganizationContext } from './organization-context.js';
import { OrganizationsError } from './organization-errors.js';
import { attachOrgPolicy, createOrgPolicy, deleteOrgPolicy, detachOrgPolicy } from './organization-policies.js';
import { adoptAccounts, createUnit, deleteUnit, joinOrganization, parentOf, requireOrganization } from './organization-tree.js';

function setup(): { ctx: OrganizationContext; provisioned: string[] } {
  const db = openDatabase(':memory:');
  migrate(db, ORGANIZATION_MIGRATIONS);
  const provisioned: string[] = [];
  const ctx: OrganizationContext = {
    store: new SqlOrganizationStore(db),
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
    ids: randomIds,
    accounts: { exists: (id) => provisioned.includes(id), provision: (id) => void provisioned.push(id) },
    changes: { revision: 0 },
  };
  joinOrganization(ctx, '111111111111');
  return { ctx, provisioned };
}

function orgError(code: string, reason?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OrganizationsError, String(error));
    assert.equal(error.code, code);
    if (reason) assert.equal(error.fields['Reason'], reason);
    return true;
  };
}

const DENY_ALL_IAM = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] });

test('the first account founds the organization; later joins land under the root with the default policies', () => {
  const { ctx } = setup();
  const org = requireOrganization(ctx);
  assert.equal(org.managementAccountId, '111111111111');
  assert.match(org.id, /^o-[a-z0-9]{10}$/);
  assert.deepEqual(ctx.store.policiesOf(org.rootId), ['p-FullAWSAccess', 'p-RCPFullAWSAccess']);
  joinOrganization(ctx, '222222222222');
  joinOrganization(ctx, '222222222222');
  assert.equal(ctx.store.getMember('222222222222')?.parentId, org.rootId);
  assert.deepEqual(ctx.store.policiesOf('222222222222'), ['p-FullAWSAccess', 'p-RCPFullAWSAccess']);
  adoptAccounts(ctx, [{ id: '333333333333', created: '2025-01-01T00:00:00Z' }]);
  assert.equal(requireOrganization(ctx).managementAccountId, '111111111111');
  assert.equal(ctx.store.listMembers().length, 3);
});

test('guardrails: levels root to account, no SCPs or RCPs for the management account, org keys, cache follows changes', () => {
  const { ctx } = setup();
  const org = requireOrganization(ctx);
  const guardrails = organizationGuardrails(ctx);
  const ou = createUnit(ctx, org.rootId, 'Dev');
  const inner = createUnit(ctx, ou.id, 'Team');
  joinOrganization(ctx, '222222222222', inner.id);
  assert.equal(guardrails.scpsFor('111111111111'), null);
  assert.equal(guardrails.rcpsFor('111111111111'), null);
  assert.deepEqual(guardrails.principalContext('111111111111'), { 'aws:PrincipalOrgID': org.id, 'aws:PrincipalOrgPaths': [`${org.id}/${org.rootId}/`] });
  assert.deepEqual(guardrails.principalContext('222222222222')['aws:PrincipalOrgPaths'], [`${org.id}/${org.rootId}/${ou.id}/${inner.id}/`]);
  assert.deepEqual(guardrails.scpsFor('222222222222')?.map((l) => [l.target, l.policies.map((p) => p.id)]), [
    [org.rootId, ['p-FullAWSAccess']], [ou.id, ['p-FullAWSAccess']], [inner.id, ['p-FullAWSAccess']], ['222222222222', ['p-FullAWSAccess']],
  ]);
  assert.equal(guardrails.scpsFor('999999999999'), null);
  assert.deepEqual(guardrails.principalContext('999999999999'), {});

  const request = { principal: 'arn:aws:iam::222222222222:root', action: 'iam:CreateUser', resource: 'arn:aws:iam::222222222222:user/x' };
  const decide = () => evaluate({ request, scps: guardrails.scpsFor('222222222222'), rcps: guardrails.rcpsFor('222222222222') });
  assert.equal(decide().decision, 'Allow');
  const deny = createOrgPolicy(ctx, { name: 'NoIam', description: '', type: 'SERVICE_CONTROL_POLICY', content: DENY_ALL_IAM });
  attachOrgPolicy(ctx, deny.id, ou.id);
  assert.equal(decide().decision, 'ExplicitDeny');
  assert.equal(decide().decidedBy, 'scp');
  moveAccount(ctx, '222222222222', inner.id, org.rootId);
  assert.equal(decide().decision, 'Allow');
  assert.deepEqual(parentOf(ctx, '222222222222'), { id: org.rootId, type: 'ROOT' });
});

test('policy rules: minimum one SCP, RCPFullAWSAccess stays, five per target, in-use and malformed policies', () => {
  const { ctx } = setup();
  const org = requireOrganization(ctx);
  const ou = createUnit(ctx, org.rootId, 'Prod');
  assert.throws(() => detachOrgPolicy(ctx, 'p-FullAWSAccess', ou.id), orgError('ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'));
  assert.throws(() => detachOrgPolicy(ctx, 'p-RCPFullAWSAccess', ou.id), orgError('InvalidInputException', 'NON_DETACHABLE_POLICY'));
  const extra = [1, 2, 3, 4, 5].map((n) => createOrgPolicy(ctx, { name: `p${n}`, description: '', type: 'SERVICE_CONTROL_POLICY', content: DENY_ALL_IAM }));
  for (const p of extra.slice(0, 4)) attachOrgPolicy(ctx, p.id, ou.id);
  assert.throws(() => attachOrgPolicy(ctx, extra[4]?.id ?? '', ou.id), orgError('ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'));
  assert.throws(() => attachOrgPolicy(ctx, extra[0]?.id ?? '', ou.id), orgError('DuplicatePolicyAttachmentException'));
  assert.throws(() => deleteOrgPolicy(ctx, extra[0]?.id ?? ''), orgError('PolicyInUseException'));
  assert.throws(() => deleteOrgPolicy(ctx, 'p-FullAWSAccess'), orgError('InvalidInputException', 'IMMUTABLE_POLICY'));
  assert.throws(() => attachOrgPolicy(ctx, extra[4]?.id ?? '', '444444444444'), orgError('TargetNotFoundException'));
  assert.throws(
    () => createOrgPolicy(ctx, { name: 'bad', description: '', type: 'SERVICE_CONTROL_POLICY', content: '{"Version":"2012-10-17"}' }),
    orgError('MalformedPolicyDocumentException'),
  );
  assert.throws(
    () => createOrgPolicy(ctx, { name: 'p1', description: '', type: 'SERVICE_CONTROL_POLICY', content: DENY_ALL_IAM }),
    orgError('DuplicatePolicyException'),
  );
  assert.throws(
    () => createOrgPolicy(ctx, { name: 'big', description: '', type: 'SERVICE_CONTROL_POLICY', content: `${DENY_ALL_IAM}${' '.repeat(5200)}` }),
    orgError('ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED'),
  );
});

test('the tree: OU depth limit, non-empty OUs, accounts created through the provisioner', () => {
  const { ctx, provisioned } = setup();
  const org = requireOrganization(ctx);
  let parent = org.rootId;
  for (let depth = 1; depth <= 5; depth++) parent = createUnit(ctx, parent, `level-${depth}`).id;
  assert.throws(() => createUnit(ctx, parent, 'level-6'), orgError('ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED'));
  assert.throws(() => createUnit(ctx, org.rootId, 'level-1'), orgError('DuplicateOrganizationalUnitException'));
  assert.throws(() => createUnit(ctx, 'ou-zzzz-zzzzzzzz', 'x'), orgError('ParentNotFoundException'));

  const status = createMemberAccount(ctx, { name: 'dev', email: 'dev@example.com', accountId: '444455556666' });
  assert.equal(status.state, 'SUCCEEDED');
  assert.deepEqual(provisioned, ['444455556666']);
  assert.equal(ctx.store.getMember('444455556666')?.name, 'dev');
  assert.throws(() => createMemberAccount(ctx, { name: 'again', email: 'x@example.com', accountId: '444455556666' }), orgError('InvalidInputException'));
  const random = createMemberAccount(ctx, { name: 'other', email: 'o@example.com' });
  assert.match(random.accountId ?? '', /^[1-9]\d{11}$/);

  const ou = createUnit(ctx, org.rootId, 'Holder');
  moveAccount(ctx, '444455556666', org.rootId, ou.id);
  assert.throws(() => deleteUnit(ctx, ou.id), orgError('OrganizationalUnitNotEmptyException'));
  assert.throws(() => moveAccount(ctx, '444455556666', org.rootId, ou.id), orgError('AccountNotFoundException'));
  moveAccount(ctx, '444455556666', ou.id, org.rootId);
  deleteUnit(ctx, ou.id);
  assert.deepEqual(ctx.store.policiesOf(ou.id), []);
});
