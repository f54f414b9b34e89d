// End to end with real podman (Debian podman + runc): `aws ecr get-login-password | podman
// login`, a small image built offline (FROM scratch + the static busybox) pushed to Gantry's
// registry, pulled back by tag and by digest and run as a role allowed to pull, refused with
// ECR's message for a role without ecr:BatchGetImage, and the same decided by a repository
// policy granting or denying. Skips, saying why, when podman is absent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRepositoryCommand, DescribeImagesCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { cleanEnv, findAwsCli, run } from './support/aws-cli.js';
import { ecrClient, registryPassword } from './support/ecr-helpers.js';
import { roleSession, type RoleSession } from './support/role-session.js';
import { startGantry, type RunningGantry } from './support/gantry-fixture.js';
import { Podman, podmanMissing } from './support/podman.js';

const missing = podmanMissing();
const ACCT = '111122223333';
const PULL = ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
let gantry: RunningGantry;
let host: string;
let image: string;
const podmen: Podman[] = [];

/** A podman with its own storage, logged in to Gantry with the password of `creds`. */
async function loggedIn(password: string): Promise<Podman> {
  const podman = new Podman([host]);
  podmen.push(podman);
  await podman.ok(['login', '--password-stdin', '--username', 'AWS', host], password);
  return podman;
}

before(async () => {
  if (missing) return;
  gantry = await startGantry({ accountId: ACCT });
  host = `127.0.0.1:${gantry.server.port}`;
  const repo = await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'podman/busybox' }));
  image = `${repo.repository?.repositoryUri}:v1`;
});

after(async () => {
  for (const podman of podmen) podman.dispose();
  if (gantry) await gantry.dispose();
});

async function cliPassword(): Promise<string> {
  const found = findAwsCli();
  if ('missing' in found) return registryPassword(gantry);
  const home = mkdtempSync(join(tmpdir(), 'gantry-awscli-'));
  try {
    const printed = await run(found.cli.path, ['ecr', 'get-login-password', '--endpoint-url', gantry.url], { env: cleanEnv(home, gantry.root) });
    assert.equal(printed.code, 0, printed.stderr);
    return printed.stdout.trim();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test('push with the CLI password, pull by tag and digest as a role allowed to pull, run it', { skip: missing ?? false, timeout: 60_000 }, async () => {
  const pusher = await loggedIn(await cliPassword());
  await pusher.buildBusybox(image, 'hello from gantry ecr');
  await pusher.ok(['push', image]);
  const described = await ecrClient(gantry).send(new DescribeImagesCommand({ repositoryName: 'podman/busybox' }));
  const digest = described.imageDetails?.[0]?.imageDigest as string;
  assert.deepEqual(described.imageDetails?.[0]?.imageTags, ['v1']);

  const role = await roleSession(gantry, 'PodmanPuller', [{ Effect: 'Allow', Action: PULL, Resource: '*' }]);
  const puller = await loggedIn(await registryPassword(gantry, role.creds));
  await puller.ok(['pull', '-q', image]);
  const byDigest = image.replace(/:v1$/, `@${digest}`);
  await puller.ok(['pull', '-q', byDigest]);
  assert.equal((await puller.ok(['image', 'inspect', '--format', '{{.Digest}}', byDigest])).trim(), digest);
  assert.equal((await puller.ok(['run', '--rm', '--network=none', image])).trim(), 'hello from gantry ecr');

  // Pushing needs more than pulling: the manifest PUT is ecr:PutImage.
  await puller.ok(['tag', image, image.replace(/:v1$/, ':by-puller')]);
  const push = await puller.run(['push', image.replace(/:v1$/, ':by-puller')]);
  assert.notEqual(push.code, 0);
  assert.match(push.stderr, new RegExp(`denied: User: ${role.sessionArn} is not authorized to perform: ecr:PutImage on resource: arn:aws:ecr:us-east-1:${ACCT}:repository/podman/busybox`));
});

let withoutPull: RoleSession;

test('a role without ecr:BatchGetImage is refused with ECR\'s message, and the denial is in the audit trail', { skip: missing ?? false, timeout: 60_000 }, async () => {
  withoutPull = await roleSession(gantry, 'NoPull', [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }]);
  const podman = await loggedIn(await registryPassword(gantry, withoutPull.creds));
  const pull = await podman.run(['pull', image]);
  assert.notEqual(pull.code, 0);
  const message = `User: ${withoutPull.sessionArn} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:${ACCT}:repository/podman/busybox because no identity-based policy allows the ecr:BatchGetImage action`;
  assert.ok(pull.stderr.includes(`denied: ${message}`), pull.stderr);
  gantry.platform.audit.flush();
  const [record] = gantry.platform.audit.query({ principal: withoutPull.sessionArn, denied: true, limit: 1 });
  assert.equal(record?.service, 'ecr');
  assert.equal(record?.operation, 'BatchGetImage');
  assert.equal(record?.errorCode, 'DENIED');
  assert.equal(record?.errorMessage, message);
  assert.equal(record?.decisions[0]?.decision.decision, 'ImplicitDeny');
});

test('a repository policy grants the pull, and a Deny in it refuses a role IAM allows', { skip: missing ?? false, timeout: 60_000 }, async () => {
  const ecr = ecrClient(gantry);
  const allowed = await roleSession(gantry, 'PolicyDenied', [{ Effect: 'Allow', Action: PULL, Resource: '*' }]);
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'grant', Effect: 'Allow', Principal: { AWS: withoutPull.roleArn }, Action: ['ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'] },
      { Sid: 'deny', Effect: 'Deny', Principal: { AWS: allowed.roleArn }, Action: 'ecr:BatchGetImage' },
    ],
  });
  await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'podman/busybox', policyText: policy }));
  const granted = await loggedIn(await registryPassword(gantry, withoutPull.creds));
  await granted.ok(['pull', '-q', image]);
  assert.equal((await granted.ok(['run', '--rm', '--network=none', image])).trim(), 'hello from gantry ecr');

  const denied = await loggedIn(await registryPassword(gantry, allowed.creds));
  const pull = await denied.run(['pull', image]);
  assert.notEqual(pull.code, 0);
  assert.ok(
    pull.stderr.includes(`denied: User: ${allowed.sessionArn} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:${ACCT}:repository/podman/busybox with an explicit deny in a resource-based policy`),
    pull.stderr,
  );
});

test('login refuses a wrong password; a second repository mounts the shared layers', { skip: missing ?? false, timeout: 60_000 }, async () => {
  const podman = new Podman([host]);
  podmen.push(podman);
  const login = await podman.run(['login', '--password-stdin', '--username', 'AWS', host], 'not-a-token');
  assert.notEqual(login.code, 0);
  assert.match(login.stderr, /401|unauthorized|invalid username\/password/i);

  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'podman/copy' }));
  const pusher = await loggedIn(await registryPassword(gantry));
  await pusher.ok(['pull', '-q', image]);
  const copy = image.replace('podman/busybox:v1', 'podman/copy:v1');
  await pusher.ok(['tag', image, copy]);
  await pusher.ok(['push', copy]);
  const fresh = await loggedIn(await registryPassword(gantry));
  await fresh.ok(['pull', '-q', copy]);
  assert.equal((await fresh.ok(['run', '--rm', '--network=none', copy])).trim(), 'hello from gantry ecr');
});
