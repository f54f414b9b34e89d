// End to end with the AWS SDK for JavaScript v3: a repository encrypted with a customer managed
// KMS key. ECR calls DescribeKey and CreateGrant with the creator's credentials when the
// repository is made, so the key must exist and the key policy (with the creator's IAM
// policies) decides whether the repository can be made; what KMS refuses comes back as
// KmsException, and the repository is not made.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRepositoryCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { CreateAliasCommand, CreateKeyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import { ecrClient } from './support/ecr-helpers.js';
import { kmsClient } from './support/s3-helpers.js';
import { roleSession } from './support/role-session.js';
import { refusal, rejects } from './support/aws-error.js';
import { useGantry } from './support/use-gantry.js';
import { policyDocument as policy } from './support/policy-document.js';

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;

const gantry = useGantry({ accountId: ACCT });

/** The account administers the key and delegates nothing else to IAM. */
const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };

async function keyWith(...statements: object[]): Promise<{ keyArn: string; keyId: string }> {
  const made = await kmsClient(gantry).send(new CreateKeyCommand({ Policy: policy(ADMIN, ...statements) }));
  return { keyArn: made.KeyMetadata?.Arn as string, keyId: made.KeyMetadata?.KeyId as string };
}

const kmsEncrypted = (repositoryName: string, kmsKey: string) =>
  new CreateRepositoryCommand({ repositoryName, encryptionConfiguration: { encryptionType: 'KMS', kmsKey } });

async function notMade(repositoryName: string): Promise<void> {
  await rejects(ecrClient(gantry).send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] })), 'RepositoryNotFoundException');
}

test('the key is described and granted to ECR: an alias is kept as the key ARN, and ECR holds a grant on the key', async () => {
  const { keyArn, keyId } = await keyWith();
  await kmsClient(gantry).send(new CreateAliasCommand({ AliasName: 'alias/images', TargetKeyId: keyId }));
  const created = await ecrClient(gantry).send(kmsEncrypted('by-alias', 'alias/images'));
  assert.deepEqual(created.repository?.encryptionConfiguration, { encryptionType: 'KMS', kmsKey: keyArn });
  const grants = (await kmsClient(gantry).send(new ListGrantsCommand({ KeyId: keyId }))).Grants ?? [];
  assert.deepEqual(grants.map((g) => [g.GranteePrincipal, g.RetiringPrincipal]), [['ecr.us-east-1.amazonaws.com', 'ecr.us-east-1.amazonaws.com']]);
  assert.ok(grants[0]?.Operations?.includes('Decrypt') && grants[0].Operations.includes('GenerateDataKey'));
});

test('a key that does not exist: KmsException (NotFoundException), no repository', async () => {
  const missing = `arn:aws:kms:us-east-1:${ACCT}:key/11111111-2222-3333-4444-555555555555`;
  const error = await refusal(ecrClient(gantry).send(kmsEncrypted('no-such-key', missing)));
  assert.equal(error['name'], 'KmsException');
  assert.equal(error['kmsError'], 'NotFoundException');
  assert.match(String(error['message']), /11111111-2222-3333-4444-555555555555/);
  await notMade('no-such-key');
});

test('the key policy decides: a creator it does not allow gets KmsException (AccessDeniedException), one it allows through ECR makes the repository', async () => {
  const ecrOnly = { Effect: 'Allow', Action: 'ecr:CreateRepository', Resource: '*' };
  const outsider = await roleSession(gantry, 'ecr-without-key', [ecrOnly]);
  const insider = await roleSession(gantry, 'ecr-with-key', [ecrOnly]);
  // The key names only `insider`, and only for grants to an AWS resource made through ECR.
  const throughEcr = { StringEquals: { 'kms:ViaService': 'ecr.us-east-1.amazonaws.com' } };
  const { keyArn } = await keyWith(
    { Effect: 'Allow', Principal: { AWS: insider.roleArn }, Action: 'kms:DescribeKey', Resource: '*', Condition: throughEcr },
    { Effect: 'Allow', Principal: { AWS: insider.roleArn }, Action: 'kms:CreateGrant', Resource: '*', Condition: { ...throughEcr, Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
  );
  const error = await refusal(ecrClient(gantry, outsider.creds).send(kmsEncrypted('outsider', keyArn)));
  assert.equal(error['name'], 'KmsException');
  assert.equal(error['kmsError'], 'AccessDeniedException');
  assert.match(String(error['message']), new RegExp(`${outsider.sessionArn} is not authorized to perform: kms:DescribeKey on resource: ${keyArn}`));
  await notMade('outsider');
  const made = await ecrClient(gantry, insider.creds).send(kmsEncrypted('insider', keyArn));
  assert.equal(made.repository?.encryptionConfiguration?.kmsKey, keyArn);
});

test('the grant is ECR\'s request as the creator too: a creator the key lets describe it but not grant it gets KmsException (AccessDeniedException), no repository, no grant', async () => {
  const describer = await roleSession(gantry, 'ecr-describe-only', [{ Effect: 'Allow', Action: 'ecr:CreateRepository', Resource: '*' }]);
  const { keyArn, keyId } = await keyWith({
    Effect: 'Allow', Principal: { AWS: describer.roleArn }, Action: 'kms:DescribeKey', Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 'ecr.us-east-1.amazonaws.com' } },
  });
  const error = await refusal(ecrClient(gantry, describer.creds).send(kmsEncrypted('describe-only', keyArn)));
  assert.equal(error['name'], 'KmsException');
  assert.equal(error['kmsError'], 'AccessDeniedException');
  assert.match(String(error['message']), new RegExp(`${describer.sessionArn} is not authorized to perform: kms:CreateGrant on resource: ${keyArn}`));
  await notMade('describe-only');
  assert.deepEqual((await kmsClient(gantry).send(new ListGrantsCommand({ KeyId: keyId }))).Grants, []);
});
