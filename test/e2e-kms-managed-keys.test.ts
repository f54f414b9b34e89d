// End to end with the AWS SDK for JavaScript v3: every predefined AWS alias (alias/aws/ebs,
// alias/aws/lambda, ...) gets its AWS managed key on first use, as on AWS: DescribeKey creates
// it with KeyManager AWS, the service's description and AWS's policy for it; ListAliases then
// names it; a direct Encrypt by the account's root is refused by that policy (kms:ViaService).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeKeyCommand, EncryptCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { clientConfig } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';

const ACCT = '111122223333';

const gantry = useGantry({ accountId: ACCT });

const kms = () => new KMSClient(clientConfig(gantry, gantry.root));

async function targetOf(name: string): Promise<string | undefined> {
  const aliases = (await kms().send(new ListAliasesCommand({}))).Aliases ?? [];
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
