// End to end with the AWS SDK for JavaScript v3: KMS alias names as AWS checks them (model
// constraints first, then KMS's own rules) on CreateAlias, UpdateAlias and DeleteAlias.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, KMSClient, ListAliasesCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { clientConfig, startGantry, type RunningGantry } from './support/gantry-fixture.js';

let gantry: RunningGantry;
const ACCT = '111122223333';
const PREFIX = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

before(async () => {
  gantry = await startGantry({ accountId: ACCT });
});
after(async () => {
  await gantry.dispose();
});

const kms = () => new KMSClient(clientConfig(gantry, gantry.root));

/** KMS sends NotAuthorizedException without a message; the SDK then reports `UnknownError`. */
async function rejects(promise: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.deepEqual([error.name, error.message, error.$metadata?.httpStatusCode], [name, message === '' ? 'UnknownError' : message, 400]);
    return true;
  });
}

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
    await rejects(kms().send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId })), code, message);
    await rejects(kms().send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: keyId })), code, message);
  }
  await rejects(kms().send(new DeleteAliasCommand({ AliasName: 'alias/' })), 'ValidationException', PREFIX);
  await rejects(kms().send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })), 'NotAuthorizedException', '');
  // 256 characters is still a name.
  await kms().send(new CreateAliasCommand({ AliasName: long.slice(0, 256), TargetKeyId: keyId }));
  const names = (await kms().send(new ListAliasesCommand({ KeyId: keyId }))).Aliases?.map((a) => a.AliasName);
  assert.deepEqual(names, [long.slice(0, 256), 'alias/kept']);
});
