// Unit tests of KMS alias names over SQLite in memory: the rules CreateAlias, UpdateAlias and
// DeleteAlias apply beyond the model's pattern (a name after `alias/`, the reserved
// `alias/aws/`, no `:`), each with AWS's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/aws-error.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { createKey } from './keys.js';
import { PREDEFINED_ALIASES } from './predefined-aliases.js';
import { callAs, testKms } from '../../../test/support/kms-fixture.js';

const ROOT = 'arn:aws:iam::111122223333:root';
const PREFIX = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

function awsError(code: string, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AwsError, String(error));
    assert.deepEqual([error.code, error.message], [code, message]);
    return true;
  };
}

test('alias names: a name after alias/, never alias/aws/, no colon; on create, update and delete', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  createAlias(kms.context, root, 'alias/kept', key.keyId);
  for (const [name, code, message] of [
    ['alias/', 'ValidationException', PREFIX],
    ['kept', 'ValidationException', PREFIX],
    ['alias/aws/s3', 'NotAuthorizedException', ''],
    ['alias/aws/mine', 'NotAuthorizedException', ''],
    ['alias/a:b', 'ValidationException', 'alias/a:b contains invalid characters for an alias'],
  ] as const) {
    assert.throws(() => createAlias(kms.context, root, name, key.keyId), awsError(code, message), `CreateAlias ${name}`);
    assert.throws(() => updateAlias(kms.context, root, name, key.keyId), awsError(code, message), `UpdateAlias ${name}`);
  }
  assert.throws(() => deleteAlias(kms.context, root, 'alias/'), awsError('ValidationException', PREFIX));
  // The reserved prefix is refused before the lookup: AWS's predefined aliases are listed even without a key.
  assert.throws(() => deleteAlias(kms.context, root, 'alias/aws/s3'), awsError('NotAuthorizedException', ''));
  assert.throws(() => deleteAlias(kms.context, root, 'alias/a:b'), awsError('NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/a:b is not found.'));
  assert.deepEqual(listAliases(kms.context, root, key.keyId).map((a) => a.name), ['alias/kept']);
  deleteAlias(kms.context, root, 'alias/kept');
  assert.deepEqual(listAliases(kms.context, root, key.keyId), []);
});

test('ListAliases: the predefined AWS aliases without a key, in name order with the stored ones; a key filter leaves them out', () => {
  const { kms } = testKms();
  const root = callAs(ROOT);
  const key = createKey(kms.context, root, {}, root.decide);
  createAlias(kms.context, root, 'alias/Reports', key.keyId);
  createAlias(kms.context, root, 'alias/zeta', key.keyId);
  const before = listAliases(kms.context, root);
  assert.deepEqual(before.map((a) => a.name), [
    'alias/Reports', 'alias/aws/acm', 'alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/es', 'alias/aws/glue',
    'alias/aws/kinesisvideo', 'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/redshift', 'alias/aws/s3', 'alias/aws/secretsmanager',
    'alias/aws/ssm', 'alias/aws/xray', 'alias/zeta',
  ]);
  assert.deepEqual(before.find((a) => a.name === 'alias/aws/s3'), { name: 'alias/aws/s3', arn: 'arn:aws:kms:us-east-1:111122223333:alias/aws/s3' });
  assert.deepEqual(listAliases(kms.context, root, key.keyId).map((a) => a.name), ['alias/Reports', 'alias/zeta']);
  // S3's first SSE-KMS request without a key creates aws/s3: the alias now names it, once.
  const managed = kms.awsManagedKey('111122223333', 'us-east-1', 's3');
  const after = listAliases(kms.context, root);
  assert.equal(after.length, before.length);
  const s3 = after.filter((a) => a.name === 'alias/aws/s3');
  assert.deepEqual(s3.map((a) => ('targetKeyId' in a ? a.targetKeyId : null)), [managed.keyId]);
  assert.deepEqual(listAliases(kms.context, root, managed.keyId).map((a) => a.name), ['alias/aws/s3']);
  // Another account sees its own predefined aliases, ARNs in its account.
  const other = callAs('arn:aws:iam::444455556666:root');
  const theirs = listAliases(kms.context, other);
  assert.deepEqual(theirs.map((a) => a.name), [...PREDEFINED_ALIASES]);
  assert.ok(theirs.every((a) => !('targetKeyId' in a) && a.arn === `arn:aws:kms:us-east-1:444455556666:${a.name}`));
});
