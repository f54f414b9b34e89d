// End to end: PutBucketCors refuses what AWS refuses, and stores nothing it refused.
import { after, before, test } from 'node:test';
import { CreateBucketCommand, GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule } from '@aws-sdk/client-s3';
import { startGantry, type RunningGantry } from './support/gantry-fixture.js';
import { rejects, s3Client } from './support/s3-helpers.js';

let gantry: RunningGantry;

before(async () => {
  gantry = await startGantry({ accountId: '111122223333' });
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'without-cors' }));
});
after(async () => {
  await gantry.dispose();
});

test('PutBucketCors refuses unsupported methods, too many rules and a second wildcard; nothing refused is stored', async () => {
  const s3 = s3Client(gantry);
  const put = (CORSRules: CORSRule[]) => s3.send(new PutBucketCorsCommand({ Bucket: 'without-cors', CORSConfiguration: { CORSRules } }));
  await rejects(put([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PATCH'] }]), 'InvalidRequest', 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH', 400);
  await rejects(put([{ AllowedOrigins: ['http://*.*.com'], AllowedMethods: ['GET'] }]), 'InvalidRequest', 'AllowedOrigin "http://*.*.com" can not have more than one wildcard.', 400);
  await rejects(put([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*-amz-*'] }]), 'InvalidRequest', 'AllowedHeader "*-amz-*" can not have more than one wildcard.', 400);
  const many = Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }));
  await rejects(put(many), 'InvalidRequest', 'The number of CORS rules should not exceed allowed limit of 100 rules.', 400);
  await rejects(s3.send(new GetBucketCorsCommand({ Bucket: 'without-cors' })), 'NoSuchCORSConfiguration');
});
