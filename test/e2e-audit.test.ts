// End to end: every request lands in the audit trail; CloudTrail's LookupEvents answers
// from it; `gantry audit` and `gantry explain` read it from the data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { clientConfig, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';

const bin = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
let judy: Credentials;
let deniedRequestId = '';

const gantry = useGantry({}, async () => {
  const iam = new IAMClient(clientConfig(gantry, gantry.root));
  await iam.send(new CreateUserCommand({ UserName: 'judy' }));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'judy', PolicyName: 'office-only',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'FromOffice', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] }),
  }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'judy' }));
  judy = { accessKeyId: key.AccessKey?.AccessKeyId as string, secretAccessKey: key.AccessKey?.SecretAccessKey as string };
  await assert.rejects(new IAMClient(clientConfig(gantry, judy)).send(new ListRolesCommand({})), (error: Error & { $metadata: { requestId?: string } }) => {
    deniedRequestId = error.$metadata.requestId ?? '';
    return error.name === 'AccessDenied';
  });
  gantry.platform.audit.flush();
});

function gantryCli(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args, '--data-dir', gantry.dataDir], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the SDK sees the request id that the audit trail keeps', () => {
  assert.match(deniedRequestId, /^[0-9a-f-]{36}$/);
  const record = gantry.platform.audit.get(deniedRequestId);
  assert.equal(record?.operation, 'ListRoles');
  assert.equal(record?.principal, `arn:aws:iam::${gantry.accountId}:user/judy`);
});

test('CloudTrail LookupEvents answers from the audit trail', async () => {
  const cloudtrail = new CloudTrailClient(clientConfig(gantry, gantry.root));
  const byName = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListRoles' }] }));
  const event = byName.Events?.[0];
  assert.equal(event?.EventId, deniedRequestId);
  assert.equal(event?.Username, 'judy');
  assert.equal(event?.EventSource, 'iam.amazonaws.com');
  const detail = JSON.parse(event?.CloudTrailEvent ?? '{}');
  assert.equal(detail.errorCode, 'AccessDenied');
  assert.equal(detail.userIdentity.type, 'IAMUser');
  const page = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2 }));
  assert.equal(page.Events?.length, 2);
  assert.ok(page.NextToken, 'more pages');
  const next = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: page.NextToken }));
  assert.notEqual(next.Events?.[0]?.EventId, page.Events?.[0]?.EventId);
});

test('gantry explain shows which condition stopped the statement', () => {
  const { code, stdout } = gantryCli(['explain', deniedRequestId]);
  assert.equal(code, 0);
  assert.match(stdout, /iam:ListRoles on \* : ?ImplicitDeny|iam:ListRoles on .*: ImplicitDeny by the identity-based policy/);
  assert.match(stdout, /statement 0 \(FromOffice\), Allow: condition IpAddress aws:SourceIp \["203\.0\.113\.0\/24"\] does not hold; the request had \["127\.0\.0\.1"\]/);
  assert.equal(gantryCli(['explain', 'no-such-request']).code, 1);
});

test('gantry audit filters the trail', () => {
  const { code, stdout } = gantryCli(['audit', '--denied', '--json']);
  assert.equal(code, 0);
  const records = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(records.length >= 1);
  assert.ok(records.every((r) => r.decisions.some((d: { decision: { decision: string } }) => d.decision.decision !== 'Allow')));
  const byUser = gantryCli(['audit', '--principal', `arn:aws:iam::${gantry.accountId}:user/judy`]);
  assert.match(byUser.stdout, /iam:ListRoles arn:aws:iam::\d{12}:user\/judy iam:ListRoles=ImplicitDeny AccessDenied/);
  assert.equal(gantryCli(['audit', '--limit', 'x']).code, 2);
});
