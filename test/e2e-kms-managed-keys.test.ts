// End to end with the AWS SDK for JavaScript v3: every predefined AWS alias (alias/aws/ebs,
// alias/aws/lambda, ...) gets its AWS managed key on first use, as on AWS: DescribeKey creates
// it with KeyManager AWS, the service's description and AWS's policy for it; ListAliases then
// names it; a direct Encrypt by the account's root is refused by that policy (kms:ViaService).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeKeyCommand, EncryptCommand, GetKeyPolicyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { useGantry } from './support/use-gantry.js';
import { kmsClient } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';
import { createAccount } from '../src/server/platform.js';
import type { Credentials } from './support/gantry-fixture.js';

const ACCT = '111122223333';
const OTHER = '444455556666';

let otherRoot: Credentials;
const gantry = useGantry({ accountId: ACCT }, () => {
  const made = createAccount(gantry.platform, OTHER);
  otherRoot = { accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey };
});

const kms = (creds?: Credentials) => kmsClient(gantry, creds);

async function targetOf(name: string, creds?: Credentials): Promise<string | undefined> {
  const aliases = (await kms(creds).send(new ListAliasesCommand({}))).Aliases ?? [];
  return aliases.find((a) => a.AliasName === name)?.TargetKeyId;
}

test('DescribeKey on a predefined alias creates the AWS managed key, once, and ListAliases names it', async () => {
  assert.equal(await targetOf('alias/aws/ebs'), undefined);
  const described = (await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).KeyMetadata;
  assert.equal(described?.KeyManager, 'AWS');
  assert.equal(described?.KeyState, 'Enabled');
  assert.equal(described?.Description, 'Default key that protects my EBS volumes when no other key is defined');
  assert.equal(await targetOf('alias/aws/ebs'), described?.KeyId);
  const again = await kms().send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${ACCT}:alias/aws/ebs` }));
  assert.equal(again.KeyMetadata?.KeyId, described?.KeyId);
  // Only the alias asked for gains a key.
  assert.equal(await targetOf('alias/aws/rds'), undefined);

  const policy = JSON.parse((await kms().send(new GetKeyPolicyCommand({ KeyId: described?.KeyId, PolicyName: 'default' }))).Policy ?? '{}');
  assert.equal(policy.Id, 'auto-ebs-2');
  // EBS encrypts through EC2, so that is the service the key may be used through.
  assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } });
  assert.deepEqual(policy.Statement[1].Action, ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']);
});

test('a direct Encrypt naming a predefined alias creates its key and is denied by the managed key policy', async () => {
  assert.equal(await targetOf('alias/aws/lambda'), undefined);
  await rejects(kms().send(new EncryptCommand({ KeyId: 'alias/aws/lambda', Plaintext: Buffer.from('x') })), 'AccessDeniedException',
    /is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:111122223333:key\//);
  const key = (await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/lambda' }))).KeyMetadata;
  assert.equal(key?.Description, 'Default key that protects my Lambda functions when no other key is defined');
  assert.equal(await targetOf('alias/aws/lambda'), key?.KeyId);
});

test('an alias under alias/aws/ that AWS does not predefine stays NotFound', async () => {
  await rejects(kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/nothing' })), 'NotFoundException', `Alias arn:aws:kms:us-east-1:${ACCT}:alias/aws/nothing is not found.`);
});

test("naming another account's predefined alias by ARN finds nothing and creates no key in that account", async () => {
  const arn = `arn:aws:kms:us-east-1:${OTHER}:alias/aws/s3`;
  await rejects(kms().send(new DescribeKeyCommand({ KeyId: arn })), 'NotFoundException', `Alias ${arn} is not found.`);
  await rejects(kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })), 'NotFoundException', `Alias ${arn} is not found.`);
  assert.equal(await targetOf('alias/aws/s3', otherRoot), undefined);
  // The account's own use still creates it.
  const own = (await kms(otherRoot).send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata;
  assert.equal(own?.KeyManager, 'AWS');
  assert.equal(await targetOf('alias/aws/s3', otherRoot), own?.KeyId);
});
