// End to end with the AWS SDK for JavaScript v3: GetRole's RoleLastUsed is an empty structure
// until a session of the role makes a request, then names when and in which Region (the
// Region the request was signed for), as AWS reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetAccountAuthorizationDetailsCommand, GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from './support/gantry-fixture.js';
import { iamClient } from './support/s3-helpers.js';
import { roleSession } from './support/role-session.js';
import { useGantry } from './support/use-gantry.js';

const gantry = useGantry({ accountId: '111122223333' });

test('RoleLastUsed: empty until a session of the role makes a request, then its time and Region', async () => {
  const iam = iamClient(gantry);
  const session = await roleSession(gantry, 'ml-job', []);
  const before = await iam.send(new GetRoleCommand({ RoleName: 'ml-job' }));
  assert.deepEqual(before.Role?.RoleLastUsed, {});

  const started = Date.now();
  await new STSClient({ ...clientConfig(gantry, session.creds), region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));
  const used = (await iam.send(new GetRoleCommand({ RoleName: 'ml-job' }))).Role?.RoleLastUsed;
  assert.equal(used?.Region, 'eu-west-1');
  const at = used?.LastUsedDate?.getTime() ?? 0;
  // The wire format has whole seconds.
  assert.ok(at >= Math.floor(started / 1000) * 1000 && at <= Date.now(), `LastUsedDate ${used?.LastUsedDate?.toISOString()}`);

  // A request in another Region is reported at once; the listing operation leaves the field out, as AWS's does.
  await new STSClient({ ...clientConfig(gantry, session.creds), region: 'us-east-1' }).send(new GetCallerIdentityCommand({}));
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'ml-job' }))).Role?.RoleLastUsed?.Region, 'us-east-1');
  const listed = (await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'ml-job');
  assert.ok(listed);
  assert.equal(listed.RoleLastUsed, undefined);
  const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  assert.equal(details.RoleDetailList?.find((r) => r.RoleName === 'ml-job')?.RoleLastUsed?.Region, 'us-east-1');
});
