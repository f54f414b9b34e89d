// SSE-C end to end: Gantry serves plain HTTP, where AWS refuses customer-provided keys, so
// every operation carrying them answers 400 InvalidRequest, and nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, ListPartsCommand, PutObjectCommand, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

let uploadId = '';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'ssec' }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'ssec', Key: 'plain', Body: 'plain' }));
  uploadId = (await s3Client(gantry).send(new CreateMultipartUploadCommand({ Bucket: 'ssec', Key: 'parts' }))).UploadId as string;
});

const key = Buffer.alloc(32, 7);
const customer = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') };
const copySource = {
  CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: key.toString('base64'),
  CopySourceSSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
};
const MESSAGE = 'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.';

test('every operation with customer-provided keys is InvalidRequest over plain HTTP, and nothing is stored', async () => {
  const s3 = s3Client(gantry);
  const refused = (promise: Promise<unknown>) => rejects(promise, 'InvalidRequest', MESSAGE, 400);
  await refused(s3.send(new PutObjectCommand({ Bucket: 'ssec', Key: 'secret', Body: 'secret', ...customer })));
  await refused(s3.send(new GetObjectCommand({ Bucket: 'ssec', Key: 'plain', ...customer })));
  // HEAD answers carry no body, so the SDK cannot name the error; the audit trail can.
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'ssec', Key: 'plain', ...customer })), (error: Error & { $metadata: { httpStatusCode?: number; requestId?: string } }) => {
    assert.equal(error.$metadata.httpStatusCode, 400);
    const record = gantry.platform.audit.get(error.$metadata.requestId ?? '');
    assert.equal(record?.errorCode, 'InvalidRequest');
    assert.equal(record?.errorMessage, MESSAGE);
    return true;
  });
  await refused(s3.send(new CopyObjectCommand({ Bucket: 'ssec', Key: 'copy', CopySource: 'ssec/plain', ...customer })));
  await refused(s3.send(new CopyObjectCommand({ Bucket: 'ssec', Key: 'copy', CopySource: 'ssec/plain', ...copySource })));
  await refused(s3.send(new CreateMultipartUploadCommand({ Bucket: 'ssec', Key: 'mpu', ...customer })));
  await refused(s3.send(new UploadPartCommand({ Bucket: 'ssec', Key: 'parts', UploadId: uploadId, PartNumber: 1, Body: 'x', ...customer })));
  await refused(s3.send(new UploadPartCopyCommand({ Bucket: 'ssec', Key: 'parts', UploadId: uploadId, PartNumber: 1, CopySource: 'ssec/plain', ...copySource })));
  await refused(s3.send(new ListPartsCommand({ Bucket: 'ssec', Key: 'parts', UploadId: uploadId, ...customer })));
  await refused(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'ssec', Key: 'parts', UploadId: uploadId, ...customer })));

  const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'ssec' }))).Contents?.map((o) => o.Key);
  assert.deepEqual(keys, ['plain']);
  assert.deepEqual((await s3.send(new ListPartsCommand({ Bucket: 'ssec', Key: 'parts', UploadId: uploadId }))).Parts ?? [], []);
});
