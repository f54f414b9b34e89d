// x-amz-website-redirect-location through the SDK: PutObject, CreateMultipartUpload and
// CopyObject store it and GET / HEAD answer it; a value without a `/`, `http://` or `https://`
// prefix or over 2 KB is InvalidRedirectLocation and nothing is written; CopyObject never copies
// the source's (with either directive) but takes the one its request names, which also allows
// copying an object onto itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const BUCKET = 'site';
const PREFIX_MESSAGE = "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.";
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const s3 = () => s3Client(gantry);
const head = (Key: string) => s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key }));

test('PutObject stores the redirect location; GET and HEAD answer it; an object without one answers none', async () => {
  for (const [Key, location] of [['moved.html', '/new/place.html'], ['away.html', 'https://example.com/page'], ['plain.html', 'http://example.com']]) {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x', WebsiteRedirectLocation: location }));
    assert.equal((await head(Key as string)).WebsiteRedirectLocation, location);
    const got = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    assert.equal(got.WebsiteRedirectLocation, location);
    assert.equal(await got.Body!.transformToString(), 'x');
  }
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'none.html', Body: 'x' }));
  assert.equal((await head('none.html')).WebsiteRedirectLocation, undefined);
});

test('a location without a /, http:// or https:// prefix, or over 2 KB, is InvalidRedirectLocation and nothing is written', async () => {
  for (const location of ['new/place.html', 'ftp://example.com/x', 'HTTP://example.com', '/' + 'a'.repeat(2048)]) {
    const Key = `bad-${location.length}-${location.slice(0, 4)}`;
    const message = location.length > 2048 ? 'The length of website redirect location cannot exceed 2,048 characters.' : PREFIX_MESSAGE;
    await rejects(s3().send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x', WebsiteRedirectLocation: location })),
      'InvalidRedirectLocation', message, 400);
    await rejects(head(Key), 'NotFound');
    await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, WebsiteRedirectLocation: location })),
      'InvalidRedirectLocation', message, 400);
  }
  const uploads = await s3().send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'bad-' }));
  assert.deepEqual(uploads.Uploads ?? [], []);
  // 2 KB exactly is allowed.
  const longest = '/' + 'a'.repeat(2047);
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'longest', Body: 'x', WebsiteRedirectLocation: longest }));
  assert.equal((await head('longest')).WebsiteRedirectLocation, longest);
});

test('CreateMultipartUpload\'s redirect location is the completed object\'s', async () => {
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big.html', WebsiteRedirectLocation: '/small.html' }));
  const part = await s3().send(new UploadPartCommand({ Bucket: BUCKET, Key: 'big.html', UploadId, PartNumber: 1, Body: 'only part' }));
  await s3().send(new CompleteMultipartUploadCommand({
    Bucket: BUCKET, Key: 'big.html', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
  }));
  assert.equal((await head('big.html')).WebsiteRedirectLocation, '/small.html');
});

test('CopyObject takes the request\'s redirect location, never the source\'s, and one lets an object be copied onto itself', async () => {
  await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source.html', Body: 'x', WebsiteRedirectLocation: '/from-source.html' }));
  const copy = (Key: string, extra: object = {}) =>
    s3().send(new CopyObjectCommand({ Bucket: BUCKET, Key, CopySource: `${BUCKET}/source.html`, ...extra }));

  await copy('copied.html');
  assert.equal((await head('copied.html')).WebsiteRedirectLocation, undefined, 'COPY does not copy it');
  await copy('replaced.html', { MetadataDirective: 'REPLACE' });
  assert.equal((await head('replaced.html')).WebsiteRedirectLocation, undefined, 'REPLACE without one leaves none');
  await copy('named.html', { WebsiteRedirectLocation: 'https://example.com/named' });
  assert.equal((await head('named.html')).WebsiteRedirectLocation, 'https://example.com/named');
  await copy('named-replace.html', { MetadataDirective: 'REPLACE', WebsiteRedirectLocation: '/replaced.html' });
  assert.equal((await head('named-replace.html')).WebsiteRedirectLocation, '/replaced.html');
  await rejects(copy('bad-copy.html', { WebsiteRedirectLocation: 'elsewhere' }), 'InvalidRedirectLocation', PREFIX_MESSAGE, 400);
  await rejects(head('bad-copy.html'), 'NotFound');

  // Onto itself: refused without a change, allowed when it names a redirect location (even the same one).
  await rejects(copy('source.html'), 'InvalidRequest', /without changing the object's metadata, storage class, website redirect location/, 400);
  await copy('source.html', { WebsiteRedirectLocation: '/from-source.html' });
  assert.equal((await head('source.html')).WebsiteRedirectLocation, '/from-source.html');
});
