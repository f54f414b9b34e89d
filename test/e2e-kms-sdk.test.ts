// End to end with the AWS SDK for JavaScript v3: KMS against a real Gantry. Key policies with
// and without delegation to IAM (AWS's denial texts), key states, encryption contexts,
// aliases, grants, rotation, kms:ViaService through the internal API S3 uses, and no key
// material in the clear in the data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand,
  DisableKeyCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand, GenerateRandomCommand,
  GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListGrantsCommand, ListKeyRotationsCommand, ListKeysCommand, ListRetirableGrantsCommand,
  ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand, RetireGrantCommand, RevokeGrantCommand, RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { secretBox } from '../src/core/secret-box.js';
import { resolveCaller } from '../src/engines/identity/callers.js';
import { createAccount } from '../src/server/platform.js';
import { principalFor } from '../src/server/principal-for.js';
import { startGantry, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { kmsClient } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';
import { roleSession } from './support/role-session.js';
import { policyDocument as policy } from './support/policy-document.js';

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const gantry = useGantry({ accountId: ACCT });

const kms = (creds?: Credentials) => kmsClient(gantry, creds);

const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:ScheduleKeyDeletion'], Resource: '*' };

/** A role with an identity policy allowing all of KMS, and credentials of one session. */
const kmsRole = (name: string) => roleSession(gantry, name, [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);

test('default key policy: GetKeyPolicy text, encrypt/decrypt, data keys, a role allowed by IAM', async () => {
  const created = await kms().send(new CreateKeyCommand({ Description: 'data', Tags: [{ TagKey: 'team', TagValue: 'ml' }] }));
  const meta = created.KeyMetadata;
  assert.match(meta?.Arn ?? '', new RegExp(`^arn:aws:kms:us-east-1:${ACCT}:key/[0-9a-f-]{36}$`));
  assert.deepEqual([meta?.KeyState, meta?.KeySpec, meta?.KeyUsage, meta?.KeyManager, meta?.Enabled], ['Enabled', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'CUSTOMER', true]);
  assert.ok(meta?.CreationDate instanceof Date);
  const got = await kms().send(new GetKeyPolicyCommand({ KeyId: meta?.KeyId, PolicyName: 'default' }));
  assert.equal(got.Policy, `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${ACCT}:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`);
  const { creds } = await kmsRole('Analyst');
  const sealed = await kms(creds).send(new EncryptCommand({ KeyId: meta?.KeyId, Plaintext: Buffer.from('hello'), EncryptionContext: { job: '1' } }));
  assert.equal(sealed.KeyId, meta?.Arn);
  const opened = await kms(creds).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { job: '1' } }));
  assert.equal(Buffer.from(opened.Plaintext ?? []).toString(), 'hello');
  assert.equal(opened.KeyId, meta?.Arn);
  const dataKey = await kms(creds).send(new GenerateDataKeyCommand({ KeyId: meta?.Arn, KeySpec: 'AES_256' }));
  assert.equal(dataKey.Plaintext?.length, 32);
  const back = await kms(creds).send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, KeyId: meta?.KeyId }));
  assert.deepEqual(Buffer.from(back.Plaintext ?? []), Buffer.from(dataKey.Plaintext ?? []));
  assert.equal((await kms().send(new GenerateRandomCommand({ NumberOfBytes: 16 }))).Plaintext?.length, 16);
  assert.ok((await kms().send(new ListKeysCommand({}))).Keys?.some((k) => k.KeyArn === meta?.Arn));
  assert.deepEqual((await kms().send(new ListResourceTagsCommand({ KeyId: meta?.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'ml' }]);
  await rejects(kms(creds).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { job: '2' } })), 'InvalidCiphertextException');
  await rejects(kms(creds).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })), 'InvalidCiphertextException');
});

test('a key policy without root delegation denies a role IAM allows, with AWS text, until it delegates', async () => {
  const { creds, sessionArn } = await kmsRole('Writer');
  const key = await kms().send(new CreateKeyCommand({ Policy: policy(ADMIN) }));
  const arn = key.KeyMetadata?.Arn as string;
  await rejects(
    kms(creds).send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 32 })),
    'AccessDeniedException',
    `User: ${sessionArn} is not authorized to perform: kms:GenerateDataKey on resource: ${arn} because no resource-based policy allows the kms:GenerateDataKey action`,
  );
  await rejects(kms().send(new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: policy({ ...ADMIN, Action: 'kms:Encrypt' }) })),
    'MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
  await rejects(kms().send(new CreateKeyCommand({ Policy: policy({ ...ADMIN, Principal: { AWS: `arn:aws:iam::${ACCT}:role/ghost` } }), BypassPolicyLockoutSafetyCheck: true })),
    'MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.');
  await kms().send(new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: policy(ADMIN, { Sid: 'Delegate', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }) }));
  const made = await kms(creds).send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 32 }));
  assert.equal(made.KeyId, arn);
});

test('key states: DisabledException, KMSInvalidStateException, cancel returns to Disabled', async () => {
  const key = await kms().send(new CreateKeyCommand({}));
  const arn = key.KeyMetadata?.Arn as string;
  const sealed = await kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }));
  await kms().send(new DisableKeyCommand({ KeyId: arn }));
  await rejects(kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })), 'DisabledException', `${arn} is disabled.`);
  await kms().send(new EnableKeyCommand({ KeyId: arn }));
  await rejects(kms().send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 3 })), 'ValidationException');
  const scheduled = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 }));
  assert.deepEqual([scheduled.KeyState, scheduled.PendingWindowInDays, scheduled.KeyId], ['PendingDeletion', 7, arn]);
  assert.ok(Math.abs((scheduled.DeletionDate?.getTime() ?? 0) - Date.now() - 7 * 86_400_000) < 60_000);
  await rejects(kms().send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })), 'KMSInvalidStateException', `${arn} is pending deletion.`);
  assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState, 'PendingDeletion');
  await kms().send(new CancelKeyDeletionCommand({ KeyId: arn }));
  assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.KeyState, 'Disabled');
  await rejects(kms().send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })), 'NotFoundException', "Invalid keyId 'fake-key-id'");
});

test('aliases work wherever a key id does', async () => {
  const one = await kms().send(new CreateKeyCommand({}));
  const two = await kms().send(new CreateKeyCommand({}));
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/reports', TargetKeyId: one.KeyMetadata?.KeyId }));
  await rejects(kms().send(new CreateAliasCommand({ AliasName: 'reports', TargetKeyId: one.KeyMetadata?.KeyId })), 'ValidationException');
  const viaName = await kms().send(new EncryptCommand({ KeyId: 'alias/reports', Plaintext: Buffer.from('a') }));
  assert.equal(viaName.KeyId, one.KeyMetadata?.Arn);
  const aliasArn = `arn:aws:kms:us-east-1:${ACCT}:alias/reports`;
  assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: aliasArn }))).KeyMetadata?.Arn, one.KeyMetadata?.Arn);
  const listed = await kms().send(new ListAliasesCommand({ KeyId: one.KeyMetadata?.KeyId }));
  assert.deepEqual(listed.Aliases?.map((a) => [a.AliasName, a.AliasArn]), [['alias/reports', aliasArn]]);
  await rejects(kms().send(new CreateAliasCommand({ AliasName: 'alias/second', TargetKeyId: 'alias/reports' })), 'ValidationException', 'Aliases must refer to keys. Not aliases');
  await rejects(kms().send(new UpdateAliasCommand({ AliasName: 'alias/reports', TargetKeyId: aliasArn })), 'ValidationException', 'Aliases must refer to keys. Not aliases');
  await kms().send(new UpdateAliasCommand({ AliasName: 'alias/reports', TargetKeyId: two.KeyMetadata?.Arn }));
  const reEncrypted = await kms().send(new ReEncryptCommand({ CiphertextBlob: viaName.CiphertextBlob, DestinationKeyId: 'alias/reports' }));
  assert.equal(reEncrypted.KeyId, two.KeyMetadata?.Arn);
  assert.equal(reEncrypted.SourceKeyId, one.KeyMetadata?.Arn);
  await kms().send(new DeleteAliasCommand({ AliasName: 'alias/reports' }));
  await rejects(kms().send(new DescribeKeyCommand({ KeyId: 'alias/reports' })), 'NotFoundException', `Alias ${aliasArn} is not found.`);
});

test('grants let a grantee use the key the key policy does not give it; retire and revoke end that', async () => {
  const { creds, roleArn } = await kmsRole('Processor');
  const key = await kms().send(new CreateKeyCommand({ Policy: policy(ADMIN) }));
  const arn = key.KeyMetadata?.Arn as string;
  // Root may not use the key either: the key policy has no Decrypt/GenerateDataKey.
  await rejects(kms().send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 16, EncryptionContext: { job: 'p1' } })), 'AccessDeniedException',
    `User: ${ROOT} is not authorized to perform: kms:GenerateDataKey on resource: ${arn} because no resource-based policy allows the kms:GenerateDataKey action`);
  const grant = await kms().send(new CreateGrantCommand({
    KeyId: arn, GranteePrincipal: roleArn, RetiringPrincipal: ROOT, Operations: ['GenerateDataKey', 'Decrypt'],
    Constraints: { EncryptionContextSubset: { job: 'p1' } },
  }));
  const made = await kms(creds).send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 16, EncryptionContext: { job: 'p1' }, GrantTokens: [grant.GrantToken as string] }));
  const opened = await kms(creds).send(new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { job: 'p1' } }));
  assert.deepEqual(Buffer.from(opened.Plaintext ?? []), Buffer.from(made.Plaintext ?? []));
  await rejects(kms(creds).send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 16, EncryptionContext: { job: 'p2' } })), 'AccessDeniedException');
  await rejects(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x'), GrantTokens: ['not-a-token'] })), 'InvalidGrantTokenException');
  const listed = await kms().send(new ListGrantsCommand({ KeyId: arn }));
  assert.deepEqual(listed.Grants?.map((g) => [g.GrantId, g.GranteePrincipal, g.Operations]), [[grant.GrantId, roleArn, ['GenerateDataKey', 'Decrypt']]]);
  await kms().send(new RetireGrantCommand({ GrantToken: grant.GrantToken }));
  await rejects(kms(creds).send(new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { job: 'p1' } })), 'AccessDeniedException');
  const again = await kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, Operations: ['Decrypt'] }));
  await kms(creds).send(new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { job: 'p1' } }));
  await kms().send(new RevokeGrantCommand({ KeyId: arn, GrantId: again.GrantId }));
  await rejects(kms(creds).send(new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { job: 'p1' } })), 'AccessDeniedException');
});

test('bad grants and tags are refused with AWS errors and leave the key usable; ListRetirableGrants', async () => {
  const { roleArn } = await kmsRole('Retirer');
  const key = await kms().send(new CreateKeyCommand({}));
  const arn = key.KeyMetadata?.Arn as string;
  await rejects(kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: 'arn:bogus', Operations: ['Decrypt'] })),
    'InvalidArnException', 'ARN does not refer to a valid principal: arn:bogus');
  await rejects(kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: `arn:aws:iam::${ACCT}:role/nobody`, Operations: ['Decrypt'] })), 'InvalidArnException');
  await rejects(kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, Operations: [] })), 'ValidationException');
  await rejects(kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, Operations: ['CreateGrant'] })),
    'ValidationException', 'Grants must not contain only the CreateGrant operation.');
  // None of them was stored, and the key policy still decides.
  assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: arn }))).Grants, []);
  assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.Arn, arn);

  const grant = await kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, RetiringPrincipal: roleArn, Operations: ['Decrypt'] }));
  await kms().send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: roleArn, RetiringPrincipal: ROOT, Operations: ['Encrypt'] }));
  const retirable = await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: roleArn }));
  assert.deepEqual(retirable.Grants?.map((g) => [g.GrantId, g.KeyId, g.RetiringPrincipal]), [[grant.GrantId, arn, roleArn]]);
  assert.equal(retirable.Truncated, false);

  await rejects(kms().send(new GenerateRandomCommand({})), 'ValidationException', 'NumberOfBytes is required.');
  await rejects(kms().send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: 't1', TagValue: 'a' }, { TagKey: 't1', TagValue: 'b' }] })),
    'TagException', 'Duplicate tag keys');
  const tags = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ TagKey: `k${from + i}`, TagValue: 'v' }));
  await rejects(kms().send(new CreateKeyCommand({ Tags: tags(51) })), 'TagException', 'Too many tags');
  await kms().send(new TagResourceCommand({ KeyId: arn, Tags: tags(50) }));
  await rejects(kms().send(new TagResourceCommand({ KeyId: arn, Tags: tags(1, 50) })), 'TagException', 'Too many tags');
  assert.equal((await kms().send(new ListResourceTagsCommand({ KeyId: arn, Limit: 1000 }))).Tags?.length, 50);
});

test('rotation: on demand and scheduled; ciphertexts of old material still decrypt', async () => {
  const key = await kms().send(new CreateKeyCommand({}));
  const arn = key.KeyMetadata?.Arn as string;
  const old = await kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('old') }));
  await kms().send(new RotateKeyOnDemandCommand({ KeyId: arn }));
  // One on-demand rotation: new material, which the next Encrypt uses; the old material still decrypts what it sealed.
  const rotations = (await kms().send(new ListKeyRotationsCommand({ KeyId: arn }))).Rotations ?? [];
  assert.deepEqual(rotations.map((r) => [r.KeyId, r.RotationType]), [[arn, 'ON_DEMAND']]);
  const fresh = await kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('new') }));
  const oldOpened = await kms().send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }));
  const freshOpened = await kms().send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }));
  assert.deepEqual([Buffer.from(oldOpened.Plaintext ?? []).toString(), Buffer.from(freshOpened.Plaintext ?? []).toString()], ['old', 'new']);
  assert.equal(freshOpened.KeyMaterialId, rotations[0]?.KeyMaterialId, 'the fresh ciphertext is under the rotated material');
  assert.match(oldOpened.KeyMaterialId ?? '', /^[0-9a-f]{64}$/);
  assert.notEqual(oldOpened.KeyMaterialId, freshOpened.KeyMaterialId, 'the old ciphertext is under the first material');
  await kms().send(new EnableKeyRotationCommand({ KeyId: arn, RotationPeriodInDays: 180 }));
  const status = await kms().send(new GetKeyRotationStatusCommand({ KeyId: arn }));
  assert.deepEqual([status.KeyRotationEnabled, status.RotationPeriodInDays, status.KeyId], [true, 180, arn]);
  // Scheduled: the next rotation is a period from now.
  assert.ok(Math.abs((status.NextRotationDate?.getTime() ?? 0) - Date.now() - 180 * 86_400_000) < 60_000, `next rotation ${status.NextRotationDate?.toISOString()}`);
  assert.equal(status.OnDemandRotationStartDate, undefined, 'the on-demand rotation finished at once: none is in progress');
});

test('condition keys: kms:ViaService denies direct calls and allows S3 through the internal API; kms:EncryptionContext', async () => {
  const { creds, roleArn } = await kmsRole('Uploader');
  const viaS3 = { Sid: 'ViaS3', Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } };
  const tagged = { Sid: 'Tagged', Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Encrypt', Resource: '*',
    Condition: { StringEquals: { 'kms:EncryptionContext:project': 'atlas' } } };
  const key = await kms().send(new CreateKeyCommand({ Policy: policy(ADMIN, viaS3, tagged) }));
  const arn = key.KeyMetadata?.Arn as string;
  await rejects(kms(creds).send(new GenerateDataKeyCommand({ KeyId: arn, NumberOfBytes: 32 })), 'AccessDeniedException', /because no resource-based policy allows the kms:GenerateDataKey action$/);
  const caller = resolveCaller(gantry.platform.identity, creds.accessKeyId);
  assert.ok(caller.ok);
  const principal = principalFor(gantry.platform, caller.caller);
  const authorize = (check: Parameters<typeof gantry.platform.decisionPoint.authorize>[1]) => gantry.platform.decisionPoint.authorize(principal, check, {});
  const context = { 'aws:s3:arn': 'arn:aws:s3:::bucket/key' };
  const made = gantry.platform.kms.generateDataKey(authorize, ACCT, 'us-east-1', arn, context, 's3.us-east-1.amazonaws.com');
  assert.deepEqual(gantry.platform.kms.decrypt(authorize, ACCT, 'us-east-1', made.ciphertextBlob, context, 's3.us-east-1.amazonaws.com').plaintext, made.plaintext);
  assert.equal(gantry.platform.kms.describe(ACCT, 'us-east-1', arn).state, 'Enabled');
  await kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x'), EncryptionContext: { project: 'atlas' } }));
  await rejects(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x'), EncryptionContext: { project: 'other' } })), 'AccessDeniedException');
  await kms().send(new TagResourceCommand({ KeyId: (await kms().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }));
});

test('another account uses a key by ARN when the key policy allows it; DryRun stops after the checks', async () => {
  const other = createAccount(gantry.platform, '444455556666');
  const otherRoot = { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey };
  const shared = await kms().send(new CreateKeyCommand({ Policy: policy(ADMIN, {
    Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*',
  }) }));
  const arn = shared.KeyMetadata?.Arn as string;
  const sealed = await kms(otherRoot).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('shared') }));
  assert.equal(Buffer.from((await kms(otherRoot).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))).Plaintext ?? []).toString(), 'shared');
  await rejects(kms(otherRoot).send(new DescribeKeyCommand({ KeyId: shared.KeyMetadata?.KeyId })), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:444455556666:key/${shared.KeyMetadata?.KeyId}' does not exist`);
  const private_ = await kms().send(new CreateKeyCommand({}));
  await rejects(kms(otherRoot).send(new EncryptCommand({ KeyId: private_.KeyMetadata?.Arn, Plaintext: Buffer.from('x') })), 'AccessDeniedException',
    `User: arn:aws:iam::444455556666:root is not authorized to perform: kms:Encrypt on resource: ${private_.KeyMetadata?.Arn} because no resource-based policy allows the kms:Encrypt action`);
  await rejects(kms().send(new EncryptCommand({ KeyId: private_.KeyMetadata?.Arn, Plaintext: Buffer.from('x'), DryRun: true })), 'DryRunOperationException');
  await rejects(kms().send(new CreateGrantCommand({ KeyId: private_.KeyMetadata?.Arn, GranteePrincipal: ROOT, Operations: ['Decrypt'], DryRun: true })), 'DryRunOperationException');
  assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: private_.KeyMetadata?.Arn }))).Grants, []);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('no key material or data key in the clear in the data directory', async () => {
  const key = await kms().send(new CreateKeyCommand({}));
  const made = await kms().send(new GenerateDataKeyCommand({ KeyId: key.KeyMetadata?.KeyId, NumberOfBytes: 32 }));
  const dataKey = Buffer.from(made.Plaintext ?? []);
  gantry.platform.audit.flush();
  // Open the sealed material with the master key, here in the test only, to know what to look for.
  const box = secretBox(Buffer.from(readFileSync(join(gantry.dataDir, 'master.key'), 'utf8').trim(), 'base64'));
  const sealed = gantry.platform.kms.context.store.getMaterial(key.KeyMetadata?.KeyId as string, 1)?.sealed as string;
  const material = box.openBytes(sealed, `kms-key-material:${key.KeyMetadata?.Arn}#1`);
  assert.equal(material.length, 32);
  const needles = [dataKey, material].flatMap((secret) => [secret, Buffer.from(secret.toString('base64')), Buffer.from(secret.toString('base64url')), Buffer.from(secret.toString('hex'))]);
  const files = filesUnder(gantry.dataDir).filter((f) => !f.endsWith('master.key'));
  assert.ok(files.some((f) => f.endsWith('gantry.db')), `the database is among the files searched: ${files.join(', ')}`);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `${file} holds a secret in the clear`);
  }
  assert.ok(!sealed.includes(material.toString('base64')) && !sealed.includes(material.toString('base64url')));
});

test('keys, aliases and ciphertexts survive a restart', async () => {
  const key = await kms().send(new CreateKeyCommand({}));
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/durable', TargetKeyId: key.KeyMetadata?.KeyId }));
  const sealed = await kms().send(new EncryptCommand({ KeyId: 'alias/durable', Plaintext: Buffer.from('kept'), EncryptionContext: { a: 'b' } }));
  // The file's Gantry stops for good (its after hook removes the data directory); a second one opens that directory.
  await gantry.stop();
  const restarted = await startGantry({ dataDir: gantry.dataDir });
  try {
    const opened = await kmsClient(restarted)
      .send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { a: 'b' }, KeyId: 'alias/durable' }));
    assert.equal(Buffer.from(opened.Plaintext ?? []).toString(), 'kept');
  } finally {
    await restarted.stop();
  }
});
