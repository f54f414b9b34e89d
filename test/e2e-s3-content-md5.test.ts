// A Content-MD5 that is no MD5 at all, or the MD5 of other bytes, on PutObject and UploadPart, as
// AWS answers it (LocalStack's test_s3_invalid_content_md5 in tests/aws/services/s3/test_s3.snapshot.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateBucketCommand, CreateMultipartUploadCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { refusal, rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const BUCKET = 'content-md5';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});
const s3 = () => s3Client(gantry);

/** The refusal's code, message, status and the Content-MD5 it echoes. */
async function digestRefusal(promise: Promise<unknown>): Promise<unknown[]> {
  const e = await refusal(promise);
  return [e['name'], e['message'], (e['$metadata'] as { httpStatusCode?: number }).httpStatusCode, e['Content-MD5']];
}

// Not base64, base64 of fewer or more than 16 bytes: each is InvalidDigest echoing what was sent.
const INVALID = ['__invalid__', '000', 'not base64 encoded checksum', 'MTIz', 'dGVzdC1zdHJpbmc='];

test('PutObject and UploadPart: a Content-MD5 that is no MD5 is InvalidDigest "was invalid." and echoes the header', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts' }));
  for (const md5 of INVALID) {
    const expected = ['InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, md5];
    assert.deepEqual(await digestRefusal(s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'something', ContentMD5: md5 }))), expected, md5);
    assert.deepEqual(await digestRefusal(s3().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'parts', UploadId, PartNumber: 1, Body: 'something', ContentMD5: md5 }))), expected, md5);
  }
});

test('PutObject and UploadPart: the MD5 of other bytes is BadDigest naming both digests, the one sent in hex for PutObject and base64 for UploadPart', async () => {
  // As recorded ("md5-error-bad-digest", "upload-part-md5-bad-digest"): the MD5 of 'test' sent for 'something'.
  const sent = createHash('md5').update('test').digest();
  const calculated = createHash('md5').update('something').digest('base64');
  const badDigest = async (promise: Promise<unknown>) => {
    const e = await refusal(promise);
    return [e['name'], e['message'], e['ExpectedDigest'], e['CalculatedDigest']];
  };
  const message = 'The Content-MD5 you specified did not match what we received.';
  assert.deepEqual(await badDigest(s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad-md5', Body: 'something', ContentMD5: sent.toString('base64') }))),
    ['BadDigest', message, sent.toString('hex'), calculated]);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'bad-md5' })), null, undefined, 404);
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'bad-md5-parts' }));
  assert.deepEqual(await badDigest(s3().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'bad-md5-parts', UploadId, PartNumber: 1, Body: 'something', ContentMD5: sent.toString('base64') }))),
    ['BadDigest', message, sent.toString('base64'), calculated]);
});
