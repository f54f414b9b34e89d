// CompleteMultipartUpload's refusals name what they refuse, as AWS's error documents do
// (recorded against AWS in localstack's tests/aws/services/s3/test_s3.snapshot.json):
// EntityTooSmall with ProposedSize, MinSizeAllowed, PartNumber and the part's unquoted ETag;
// InvalidPart with UploadId, PartNumber and ETag; InvalidPartOrder with UploadId. UploadPartCopy's
// bad x-amz-copy-source-range is 400, never GetObject's 416 InvalidRange (test_s3_api.snapshot.json).
// ListMultipartUploads pages by key-marker and upload-id-marker, and refuses an upload-id-marker
// that is not an upload of the key-marker's key (test_s3_list_operations.snapshot.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListPartsCommand, PutObjectCommand, UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { refusal } from './support/aws-error.js';
import { useGantry } from './support/use-gantry.js';
import { bytes, s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'mpu-errors' }));
});
const s3 = () => s3Client(gantry);

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

test('ListMultipartUploads: prefix, delimiter, paging by both markers, and an upload-id-marker of another key', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'mpu-list' }));
  const ids: string[] = [];
  for (const Key of ['a/1', 'a/2', 'a/2', 'b', 'c']) {
    ids.push((await s3().send(new CreateMultipartUploadCommand({ Bucket: 'mpu-list', Key }))).UploadId as string);
  }
  const list = (extra: Partial<ConstructorParameters<typeof ListMultipartUploadsCommand>[0]>) =>
    s3().send(new ListMultipartUploadsCommand({ Bucket: 'mpu-list', ...extra }));
  const grouped = await list({ Delimiter: '/' });
  assert.deepEqual([grouped.Uploads?.map((u) => u.Key), grouped.CommonPrefixes?.map((c) => c.Prefix)], [['b', 'c'], ['a/']]);
  assert.deepEqual((await list({ Prefix: 'a/' })).Uploads?.map((u) => u.UploadId), ids.slice(0, 3));

  const first = await list({ MaxUploads: 2 });
  assert.deepEqual([first.IsTruncated, first.NextKeyMarker, first.NextUploadIdMarker], [true, 'a/2', ids[1]]);
  const second = await list({ MaxUploads: 2, KeyMarker: first.NextKeyMarker, UploadIdMarker: first.NextUploadIdMarker });
  assert.deepEqual([second.Uploads?.map((u) => u.UploadId), second.IsTruncated], [[ids[2], ids[3]], true]);
  assert.deepEqual((await list({ KeyMarker: 'a/2' })).Uploads?.map((u) => u.Key), ['b', 'c'], 'a key-marker alone skips every upload of that key');
  const last = await list({ MaxUploads: 2, KeyMarker: 'b', UploadIdMarker: ids[3] });
  assert.deepEqual([last.IsTruncated, last.UploadIdMarker, last.NextKeyMarker, last.NextUploadIdMarker], [false, ids[3], 'c', ids[4]],
    'a last page still names its last upload');
  const none = await list({ Prefix: 'z' });
  assert.deepEqual([none.KeyMarker, none.UploadIdMarker, none.NextKeyMarker, none.NextUploadIdMarker], ['', '', '', '']);
  const idAlone = await list({ MaxUploads: 1, UploadIdMarker: ids[1] });
  assert.deepEqual([idAlone.Uploads?.map((u) => u.UploadId), idAlone.UploadIdMarker], [[ids[0]], ''], 'an upload-id-marker without a key-marker is ignored');

  const wrong = await refusal(list({ KeyMarker: 'c', UploadIdMarker: ids[3] }));
  assert.deepEqual([wrong['name'], wrong['message'], wrong['ArgumentName'], wrong['ArgumentValue']],
    ['InvalidArgument', 'Invalid uploadId marker', 'upload-id-marker', ids[3]]);
});

test('an unknown or aborted upload is 404 NoSuchUpload naming the UploadId, for UploadPart, ListParts, Complete and Abort', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'aborted' }));
  await s3().send(new AbortMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'aborted', UploadId }));
  for (const id of ['fakeid', UploadId as string]) {
    const target = { Bucket: 'mpu-errors', Key: 'aborted', UploadId: id };
    for (const call of [
      () => s3().send(new UploadPartCommand({ ...target, PartNumber: 1, Body: 'x' })),
      () => s3().send(new ListPartsCommand(target)),
      () => s3().send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } })),
      () => s3().send(new AbortMultipartUploadCommand(target)),
    ]) {
      const e = await refusal(call());
      assert.deepEqual([e['name'], (e['$metadata'] as { httpStatusCode?: number }).httpStatusCode, e['UploadId']], ['NoSuchUpload', 404, id]);
    }
  }
});

test('CompleteMultipartUpload with an x-amz-mp-object-size that is not the parts\' total is InvalidRequest and leaves the upload open', async () => {
  // test_multipart_size_validation (test_s3.snapshot.json): the text AWS answers; the right size then completes.
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'sized' }));
  const { ETag } = await s3().send(new UploadPartCommand({ Bucket: 'mpu-errors', Key: 'sized', UploadId, PartNumber: 1, Body: 'test' }));
  const complete = (MpuObjectSize: number) =>
    s3().send(new CompleteMultipartUploadCommand({ Bucket: 'mpu-errors', Key: 'sized', UploadId, MpuObjectSize, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
  const wrong = await refusal(complete(5));
  assert.deepEqual([wrong['name'], wrong['message'], (wrong['$metadata'] as { httpStatusCode?: number }).httpStatusCode],
    ['InvalidRequest', 'The provided \'x-amz-mp-object-size\' header value 5 does not match what was computed: 4', 400]);
  const done = await complete(4);
  assert.match(done.ETag ?? '', /^"[0-9a-f]{32}-1"$/);
});
