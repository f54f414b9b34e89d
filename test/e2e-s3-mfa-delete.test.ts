// PutBucketVersioning with MfaDelete end to end: without x-amz-mfa S3 refuses to enable MFA
// delete (403 AccessDenied); with it Gantry answers NotImplemented (501), since it has no MFA
// devices to verify a code against; MfaDelete=Disabled is plain versioning. Nothing is stored
// by a refused request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetBucketVersioningCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'mfa-delete' }));
});

const versioningOf = async () => {
  const { Status, MFADelete } = await s3Client(gantry).send(new GetBucketVersioningCommand({ Bucket: 'mfa-delete' }));
  return { Status, MFADelete };
};

test('MfaDelete=Enabled without x-amz-mfa is 403 AccessDenied "Mfa Authentication must be used for this request"; nothing changes', async () => {
  await rejects(s3Client(gantry).send(new PutBucketVersioningCommand({
    Bucket: 'mfa-delete', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' },
  })), 'AccessDenied', 'Mfa Authentication must be used for this request', 403);
  assert.deepEqual(await versioningOf(), { Status: undefined, MFADelete: undefined });
});

test('with x-amz-mfa: 501 NotImplemented (no MFA devices to verify the code), for Enabled and Disabled alike; nothing changes', async () => {
  for (const MFADelete of ['Enabled', 'Disabled'] as const) {
    await rejects(s3Client(gantry).send(new PutBucketVersioningCommand({
      Bucket: 'mfa-delete', MFA: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456',
      VersioningConfiguration: { Status: 'Enabled', MFADelete },
    })), 'NotImplemented', /MFA delete \(x-amz-mfa\) is not implemented in Gantry/, 501);
  }
  assert.deepEqual(await versioningOf(), { Status: undefined, MFADelete: undefined });
});

test('MfaDelete=Disabled without x-amz-mfa sets versioning as without it', async () => {
  await s3Client(gantry).send(new PutBucketVersioningCommand({
    Bucket: 'mfa-delete', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Disabled' },
  }));
  assert.deepEqual(await versioningOf(), { Status: 'Enabled', MFADelete: undefined });
});
