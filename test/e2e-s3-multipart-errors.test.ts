// CompleteMultipartUpload's refusals name what they refuse, as AWS's error documents do
// (recorded against AWS in localstack's tests/aws/services/s3/test_s3.snapshot.json):
// EntityTooSmall with ProposedSize, MinSizeAllowed, PartNumber and the part's unquoted ETag;
// InvalidPart with UploadId, PartNumber and ETag; InvalidPartOrder with UploadId. UploadPartCopy's
// bad x-amz-copy-source-range is 400, never GetObject's 416 InvalidRange (test_s3_api.snapshot.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { bytes, s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'mpu-errors' }));
});
const s3 = () => s3Client(gantry);

/** The SDK's exception for a refused call: its name, message, status and the <Error> document's other fields. */
async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  assert.fail('the call was not refused');
}

test('CompleteMultipartUpload: EntityTooSmall, InvalidPart and InvalidPartOrder carry AWS\'s fields', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'k' }));
  const upload = (PartNumber: number, size: number) =>
    s3().send(new UploadPartCommand({ Bucket: 'mpu-errors', Key: 'k', UploadId, PartNumber, Body: bytes(size, PartNumber) }));
  const p1 = await upload(1, 4);
  const p2 = await upload(2, 7);
  const complete = (Parts: { PartNumber: number; ETag?: string | undefined }[]) =>
    s3().send(new CompleteMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'k', UploadId, MultipartUpload: { Parts } }));

  const small = await refusal(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]));
  assert.equal(small['name'], 'EntityTooSmall');
  assert.equal(small['message'], 'Your proposed upload is smaller than the minimum allowed size');
  assert.deepEqual([small['ProposedSize'], small['MinSizeAllowed'], small['PartNumber'], small['ETag']],
    ['4', '5242880', '1', p1.ETag?.replace(/"/g, '')]);

  const wrongEtag = await refusal(complete([{ PartNumber: 1, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' }]));
  assert.equal(wrongEtag['name'], 'InvalidPart');
  assert.deepEqual([wrongEtag['UploadId'], wrongEtag['PartNumber'], wrongEtag['ETag']], [UploadId, '1', 'd41d8cd98f00b204e9800998ecf8427e']);
  const neverUploaded = await refusal(complete([{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 3, ETag: p2.ETag }]));
  assert.equal(neverUploaded['name'], 'InvalidPart');
  assert.deepEqual([neverUploaded['PartNumber'], neverUploaded['ETag']], ['3', p2.ETag?.replace(/"/g, '')]);

  for (const parts of [[p2, p1], [p1, p1]]) {
    const order = await refusal(complete(parts.map((p) => ({ PartNumber: p === p1 ? 1 : 2, ETag: p.ETag }))));
    assert.equal(order['name'], 'InvalidPartOrder');
    assert.equal(order['UploadId'], UploadId);
  }
});

test('UploadPartCopy: a reversed range, or one past the source, is 400 as AWS answers it', async () => {
  await s3().send(new PutObjectCommand({ Bucket: 'mpu-errors', Key: 'ten', Body: '0123456789' }));
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'copy' }));
  const copy = (CopySourceRange: string) => refusal(s3().send(new UploadPartCopyCommand({
    Bucket: 'mpu-errors', Key: 'copy', UploadId, PartNumber: 1, CopySource: 'mpu-errors/ten', CopySourceRange,
  })));
  const answer = (e: Record<string, unknown>) =>
    [e['name'], e['message'], (e['$metadata'] as { httpStatusCode?: number }).httpStatusCode, e['ArgumentValue']];
  assert.deepEqual(answer(await copy('bytes=1-0')), ['InvalidArgument',
    'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
    400, 'bytes=1-0']);
  assert.deepEqual(answer(await copy('bytes=0-100')), ['InvalidArgument', 'Range specified is not valid for source object of size: 10', 400, 'bytes=0-100']);
  assert.deepEqual(answer(await copy('bytes=100-200')),
    ['InvalidRequest', 'The specified copy range is invalid for the source object size', 400, undefined]);
});
