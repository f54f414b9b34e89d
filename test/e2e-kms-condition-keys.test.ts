// End to end with the AWS SDK for JavaScript v3: the KMS condition keys platform engineers scope
// keys with, each in a key policy (or an IAM policy where AWS evaluates it there), driven by real
// calls of a role session, with the operations each key is present for and absent for.
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, PutKeyPolicyCommand, ReEncryptCommand,
  type GrantOperation,
} from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { createAccount } from '../src/server/platform.js';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { iamClient, kmsClient, s3Client } from './support/s3-helpers.js';
import { roleSession } from './support/role-session.js';
import { rejects } from './support/aws-error.js';
import { policyDocument as policy } from './support/policy-document.js';

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;

const gantry = useGantry({ accountId: ACCT });

const kms = (creds?: Credentials) => kmsClient(gantry, creds);
/** The account administers the key (and delegates nothing else to IAM). */
const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };

const denied = (promise: Promise<unknown>) => rejects(promise, 'AccessDeniedException');

/**
 * A role whose identity policy is `identity`, and one session of it. By default it allows no KMS
 * action: the key policies below name the role, and ADMIN's account principal would otherwise
 * let an IAM policy allow it.
 */
const sessionOf = (name: string, identity: object = { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }) => roleSession(gantry, name, [identity]);

async function keyWith(...statements: object[]): Promise<string> {
  const key = await kms().send(new CreateKeyCommand({ Policy: policy(ADMIN, ...statements) }));
  return key.KeyMetadata?.Arn as string;
}

test('kms:EncryptionContext:<k> and kms:EncryptionContextKeys on CreateGrant describe the new grant\'s constraint', async () => {
  const { creds, roleArn } = await sessionOf('Granter');
  const arn = await keyWith({
    Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:CreateGrant', Resource: '*',
    Condition: { StringEquals: { 'kms:EncryptionContext:project': 'alpha' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Project', 'project'] } },
  });
  const grant = (constraints?: object) => kms(creds).send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: ROOT, Operations: ['Decrypt'], ...(constraints ? { Constraints: constraints } : {}) }));
  await denied(grant());
  await denied(grant({ EncryptionContextSubset: { project: 'beta' } }));
  await denied(grant({ EncryptionContextSubset: { project: 'alpha', stage: 'x' } }));
  assert.ok((await grant({ EncryptionContextSubset: { project: 'alpha' } })).GrantId);
  // The key name in kms:EncryptionContext:<k> is not case sensitive; the key set compares by the operator.
  assert.ok((await grant({ EncryptionContextEquals: { Project: 'alpha' } })).GrantId);
});

test('a constrained grant that includes CreateGrant lets its grantee create only grants carrying its constraint', async () => {
  const { creds, roleArn } = await sessionOf('SubGranter');
  const arn = await keyWith();
  await kms().send(new CreateGrantCommand({
    KeyId: arn, GranteePrincipal: roleArn, Operations: ['Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { tenant: 't1' } },
  }));
  const subGrant = (constraints?: object) => kms(creds).send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: ROOT, Operations: ['Decrypt'], ...(constraints ? { Constraints: constraints } : {}) }));
  await denied(subGrant());
  await denied(subGrant({ EncryptionContextSubset: { tenant: 't2' } }));
  assert.ok((await subGrant({ EncryptionContextSubset: { tenant: 't1', job: 'j' } })).GrantId);
});

test('kms:BypassPolicyLockoutSafetyCheck is absent unless the request sends the parameter (AWS\'s Null example), and is its value when sent', async () => {
  const { creds, roleArn } = await sessionOf('PolicyEditor');
  // conditions-kms.html: allow PutKeyPolicy "only when the request does not include the BypassPolicyLockoutSafetyCheck parameter".
  const editor = (principal: string) => ({
    Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { Null: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
  });
  const next = policy(ADMIN, editor(roleArn));
  const key = await kms().send(new CreateKeyCommand({ Policy: next }));
  const keyId = key.KeyMetadata?.KeyId as string;
  await kms(creds).send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: next }));
  await denied(kms(creds).send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: next, BypassPolicyLockoutSafetyCheck: false })));
  await denied(kms(creds).send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: next, BypassPolicyLockoutSafetyCheck: true })));
  // The IAM side (AWS's example): deny CreateKey when the bypass is true; a CreateKey without it is not denied.
  const { creds: maker } = await sessionOf('KeyMaker', { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' });
  await iamClient(gantry).send(new PutRolePolicyCommand({ RoleName: 'KeyMaker', PolicyName: 'no-bypass', PolicyDocument: policy({
    Effect: 'Deny', Action: ['kms:CreateKey', 'kms:PutKeyPolicy'], Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
  }) }));
  assert.ok((await kms(maker).send(new CreateKeyCommand({}))).KeyMetadata?.KeyId);
  assert.ok((await kms(maker).send(new CreateKeyCommand({ BypassPolicyLockoutSafetyCheck: false }))).KeyMetadata?.KeyId);
  await denied(kms(maker).send(new CreateKeyCommand({ Policy: policy(ADMIN), BypassPolicyLockoutSafetyCheck: true })));
});

test('kms:KeySpec / kms:KeyUsage and their deprecated names kms:CustomerMasterKeySpec / kms:CustomerMasterKeyUsage, on CreateKey (IAM) and on the key', async () => {
  const { creds } = await sessionOf('SpecCreator', { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: {
    StringEquals: { 'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT', 'kms:CustomerMasterKeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' },
  } });
  assert.ok((await kms(creds).send(new CreateKeyCommand({}))).KeyMetadata?.KeyId);
  const { creds: user, roleArn } = await sessionOf('SpecUser');
  const arn = await keyWith({
    Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Encrypt', Resource: '*',
    Condition: { StringEquals: { 'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } },
  }, {
    Effect: 'Deny', Principal: { AWS: roleArn }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:CustomerMasterKeyUsage': 'ENCRYPT_DECRYPT' } },
  });
  assert.ok((await kms(user).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }))).CiphertextBlob);
});

test('kms:ReEncryptOnSameKey is in the context of ReEncryptFrom as well as ReEncryptTo', async () => {
  const { creds, roleArn } = await sessionOf('Rewrapper');
  // AWS's example: "allow a user to reencrypt only when the destination KMS key is the same one".
  const arn = await keyWith({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:ReEncrypt*', Resource: '*', Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'true' } } });
  const other = await keyWith({ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:ReEncrypt*', Resource: '*' });
  const sealed = await kms().send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }));
  assert.ok((await kms(creds).send(new ReEncryptCommand({ CiphertextBlob: sealed.CiphertextBlob, DestinationKeyId: arn }))).CiphertextBlob);
  await denied(kms(creds).send(new ReEncryptCommand({ CiphertextBlob: sealed.CiphertextBlob, DestinationKeyId: other })));
});

test('a key policy with ForAllValues on a kms:EncryptionContext:<k> key is refused (OverlyPermissiveCondition); the multi-valued kms:EncryptionContextKeys takes it', async () => {
  const overly = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:Department': 'IT' } } };
  const text = 'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.';
  const refused = (error: Error) => error.name === 'MalformedPolicyDocumentException' && error.message === text;
  await assert.rejects(kms().send(new CreateKeyCommand({ Policy: policy(ADMIN, overly) })), refused);
  const arn = await keyWith();
  await assert.rejects(kms().send(new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: policy(ADMIN, overly) })), refused);
  await kms().send(new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: policy(ADMIN, {
    ...overly, Condition: { StringEquals: { 'kms:EncryptionContext:Department': 'IT' }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } },
  }) }));
});

test('kms:ViaService and kms:CallerAccount: S3 SSE-KMS calls KMS as the caller via s3.us-east-1.amazonaws.com; a direct call has no ViaService', async () => {
  const { creds, roleArn } = await sessionOf('S3Writer', { Effect: 'Allow', Action: ['s3:*'], Resource: '*' });
  const arn = await keyWith({
    Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCT } },
  });
  const s3 = s3Client(gantry, creds);
  await s3.send(new CreateBucketCommand({ Bucket: 'via-bucket' }));
  await s3.send(new PutObjectCommand({ Bucket: 'via-bucket', Key: 'k', Body: 'secret', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn }));
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'via-bucket', Key: 'k' }))).Body?.transformToString(), 'secret');
  await denied(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })));
});

test('kms:CallerAccount is the calling account on a cross-account call', async () => {
  const other = createAccount(gantry.platform, '444455556666');
  const otherRoot = { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey };
  const arn = await keyWith({
    Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '444455556666' } },
  });
  assert.ok((await kms(otherRoot).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }))).CiphertextBlob);
  const { creds } = await sessionOf('SameAccount');
  await denied(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })));
});

test('kms:EncryptionContextKeys (ForAnyValue, ForAllValues, Null), kms:EncryptionAlgorithm, kms:RequestAlias and kms:ResourceAliases', async () => {
  const { creds, roleArn } = await sessionOf('ContextUser', {
    Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/team-*' } },
  });
  const arn = await keyWith(
    { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Encrypt', Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' }, StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } } },
    { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['AppName'] }, StringEquals: { 'kms:RequestAlias': 'alias/team-data' } } },
    { Effect: 'Deny', Principal: { AWS: roleArn }, Action: 'kms:Encrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContextKeys': 'true' } } },
  );
  await denied(kms(creds).send(new DescribeKeyCommand({ KeyId: arn })));
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/team-data', TargetKeyId: arn }));
  // kms:ResourceAliases (IAM) holds however the request names the key; the key policy delegates DescribeKey to IAM through ADMIN.
  assert.equal((await kms(creds).send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.Arn, arn);
  const sealed = await kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x'), EncryptionContext: { AppName: 'a', Stage: 'b' } }));
  await denied(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x'), EncryptionContext: { appname: 'a' } })));
  await denied(kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') })));
  const single = await kms(creds).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('y'), EncryptionContext: { AppName: 'a' } }));
  // Decrypt: only with the alias named in the request (kms:RequestAlias), and only AppName in the context.
  await denied(kms(creds).send(new DecryptCommand({ CiphertextBlob: single.CiphertextBlob, EncryptionContext: { AppName: 'a' } })));
  assert.equal(Buffer.from((await kms(creds).send(new DecryptCommand({ CiphertextBlob: single.CiphertextBlob, EncryptionContext: { AppName: 'a' }, KeyId: 'alias/team-data' }))).Plaintext ?? []).toString(), 'y');
  await denied(kms(creds).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { AppName: 'a', Stage: 'b' }, KeyId: 'alias/team-data' })));
});

test('kms:GrantOperations, kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantConstraintType and kms:GrantIsForAWSResource on CreateGrant', async () => {
  const { creds, roleArn } = await sessionOf('GrantMaker');
  const grantee = `arn:aws:iam::${ACCT}:role/GrantMaker`;
  const arn = await keyWith({
    Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:CreateGrant', Resource: '*', Condition: {
      'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'ReEncryptTo'] },
      StringEquals: { 'kms:GranteePrincipal': grantee, 'kms:RetiringPrincipal': ROOT, 'kms:GrantConstraintType': 'EncryptionContextSubset' },
    },
  }, { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
  const grant = (ops: GrantOperation[], extra: object = {}) => kms(creds).send(new CreateGrantCommand({
    KeyId: arn, GranteePrincipal: grantee, RetiringPrincipal: ROOT, Operations: ops, Constraints: { EncryptionContextSubset: { a: 'b' } }, ...extra,
  }));
  assert.ok((await grant(['Encrypt'])).GrantId);
  await denied(grant(['Encrypt', 'Decrypt']));
  await denied(grant(['Encrypt'], { RetiringPrincipal: grantee }));
  await denied(grant(['Encrypt'], { GranteePrincipal: ROOT }));
  await denied(grant(['Encrypt'], { Constraints: { EncryptionContextEquals: { a: 'b' } } }));
});
