// End to end with the AWS SDK for JavaScript v3: KMS alias names as AWS checks them (model
// constraints first, then KMS's own rules) on CreateAlias, UpdateAlias and DeleteAlias, and
// ListAliases with AWS's predefined aliases, before and after S3 creates aws/s3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, ListAliasesCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { kmsClient, s3Client } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';

const ACCT = '111122223333';
const PREFIX = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

const gantry = useGantry({ accountId: ACCT });

const kms = () => kmsClient(gantry);

/** A 400 `name` with `message`: KMS sends NotAuthorizedException without one, and the SDK then reports `UnknownError`. */
const refused = (promise: Promise<unknown>, name: string, message: string) => rejects(promise, name, message === '' ? 'UnknownError' : message, 400);

test('alias names: alias/ alone, no prefix, alias/aws/, a colon, other characters and 257 characters are refused', async () => {
  const keyId = (await kms().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId;
  await kms().send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: keyId }));
  const long = `alias/${'a'.repeat(251)}`;
  const pattern = (name: string) => `1 validation error detected: Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`;
  const cases: [string, string, string][] = [
    ['alias/', 'ValidationException', PREFIX],
    ['kept', 'ValidationException', PREFIX],
    ['alias/aws/s3', 'NotAuthorizedException', ''],
    ['alias/aws/mine', 'NotAuthorizedException', ''],
    ['alias/a:b', 'ValidationException', 'alias/a:b contains invalid characters for an alias'],
    ['alias/a!b', 'ValidationException', pattern('alias/a!b')],
    [long, 'ValidationException', `1 validation error detected: Value '${long}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`],
  ];
  for (const [name, code, message] of cases) {
    await refused(kms().send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId })), code, message);
    await refused(kms().send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: keyId })), code, message);
  }
  await refused(kms().send(new DeleteAliasCommand({ AliasName: 'alias/' })), 'ValidationException', PREFIX);
  await refused(kms().send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })), 'NotAuthorizedException', '');
  // 256 characters is still a name.
  await kms().send(new CreateAliasCommand({ AliasName: long.slice(0, 256), TargetKeyId: keyId }));
  const names = (await kms().send(new ListAliasesCommand({ KeyId: keyId }))).Aliases?.map((a) => a.AliasName);
  assert.deepEqual(names, [long.slice(0, 256), 'alias/kept']);
});

test('ListAliases: predefined AWS aliases without TargetKeyId, paged with the rest; aws/s3 gains its key when S3 first uses it', async () => {
  const listAll = async (KeyId?: string) => {
    const seen: { AliasName?: string; TargetKeyId?: string }[] = [];
    let Marker: string | undefined;
    do {
      const page = await kms().send(new ListAliasesCommand({ Limit: 4, ...(Marker !== undefined ? { Marker } : {}), ...(KeyId !== undefined ? { KeyId } : {}) }));
      assert.ok((page.Aliases?.length ?? 0) <= 4);
      seen.push(...(page.Aliases ?? []));
      Marker = page.Truncated ? page.NextMarker : undefined;
    } while (Marker !== undefined);
    return seen;
  };
  const before = await listAll();
  const predefined = before.filter((a) => a.AliasName?.startsWith('alias/aws/'));
  assert.equal(predefined.length, 14);
  assert.ok(predefined.every((a) => a.TargetKeyId === undefined));
  const s3Alias = before.find((a) => a.AliasName === 'alias/aws/s3');
  assert.deepEqual(s3Alias, { AliasName: 'alias/aws/s3', AliasArn: `arn:aws:kms:us-east-1:${ACCT}:alias/aws/s3` });
  const names = before.map((a) => a.AliasName ?? '');
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names).size, names.length);

  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'managed-alias-bucket' }));
  const put = await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'managed-alias-bucket', Key: 'k', Body: 'v', ServerSideEncryption: 'aws:kms' }));
  const managedId = put.SSEKMSKeyId?.split('/').pop();
  const after = await listAll();
  assert.deepEqual(after.map((a) => a.AliasName), names);
  assert.equal(after.find((a) => a.AliasName === 'alias/aws/s3')?.TargetKeyId, managedId);
  assert.deepEqual((await listAll(managedId)).map((a) => a.AliasName), ['alias/aws/s3']);
});
