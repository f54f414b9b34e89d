// End to end with @aws-sdk/client-s3: S3's limits on what a request carries, tags on objects
// (x-amz-tagging and PutObjectTagging) and buckets, user metadata, and values outside the
// model, with S3's error codes (never ValidationException); nothing refused is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetBucketTaggingCommand, GetObjectTaggingCommand, HeadObjectCommand,
  ListObjectsV2Command, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand, PutObjectTaggingCommand, UploadPartCommand, type Tag,
  type BucketVersioningStatus, type EncodingType, type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { refusal, rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'tagged' }));
});

const s3 = () => s3Client(gantry);

/** One MiB, then a body that never ends: only a refusal of the declared length can answer it. */
function endless(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) return;
      sent = true;
      this.push(Buffer.alloc(1024 * 1024));
    },
  });
}
const tags = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

test('object tags: at most 10, unique keys, valid characters and lengths, no aws: prefix', async () => {
  await s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'o', Body: 'x', Tagging: 'a=1&b=' }));
  const put = (TagSet: Tag[]) => s3().send(new PutObjectTaggingCommand({ Bucket: 'tagged', Key: 'o', Tagging: { TagSet } }));
  await rejects(put(tags(11)), 'InvalidRequest', 'Object tags cannot be greater than 10', 400);
  await rejects(put([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }]), 'InvalidTag', 'Cannot provide multiple Tags with the same key', 400);
  await rejects(put([{ Key: 'Key1,Key2', Value: 'v' }]), 'InvalidTag', 'The TagKey you have provided is invalid');
  await rejects(put([{ Key: 'k', Value: 'v1,v2' }]), 'InvalidTag', 'The TagValue you have provided is invalid');
  await rejects(put([{ Key: 'aws:prefixed', Value: 'v' }]), 'InvalidTag', 'Your TagKey cannot be prefixed with aws:');
  await rejects(put([{ Key: 'k'.repeat(129), Value: 'v' }]), 'InvalidTag', 'The TagKey you have provided is too long, max 128');
  await rejects(put([{ Key: 'k', Value: 'v'.repeat(257) }]), 'InvalidTag', 'The TagValue you have provided is too long, max 256');
  // The header of a write follows the same rules, on PutObject and CreateMultipartUpload; a
  // duplicate key or a character outside them refuses the header itself (as AWS records:
  // LocalStack's test_object_tagging_exc).
  const badHeader = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";
  for (const Tagging of ['key1=val1&key1=val2', 'key1=val1,key2=val2']) {
    await rejects(s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'o', Body: 'y', Tagging })), 'InvalidArgument', badHeader, 400);
    await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'tagged', Key: 'm', Tagging })), 'InvalidArgument', badHeader, 400);
  }
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'o', Body: 'y', Tagging: tags(11).map((t) => `${t.Key}=v`).join('&') })), 'InvalidRequest');
  await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'tagged', Key: 'm', Tagging: 'aws:x=1' })), 'InvalidTag');
  // Nothing refused was stored; letters of any script, spaces and + - = . _ : / @ are fine.
  assert.deepEqual((await s3().send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'o' }))).TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }]);
  const fine = [{ Key: 'Ünïcode key', Value: 'a+b-c=d.e_f:g/h@i' }, ...tags(9)];
  await put(fine);
  assert.deepEqual((await s3().send(new GetObjectTaggingCommand({ Bucket: 'tagged', Key: 'o' }))).TagSet, fine);
});

test('a declared body over 5 GiB: EntityTooLarge with ProposedSize and MaxSizeAllowed, before the body is read; nothing stored', { timeout: 20_000 }, async () => {
  const tooLarge = 5 * 1024 ** 3 + 1;
  const tooLargeRefusal = async (call: Promise<unknown>) => {
    const error = await refusal(call);
    assert.equal(error['name'], 'EntityTooLarge', String(error['message']));
    assert.deepEqual([error['message'], error['ProposedSize'], error['MaxSizeAllowed']],
      ['Your proposed upload exceeds the maximum allowed size', String(tooLarge), '5368709120']);
  };
  await tooLargeRefusal(s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'huge', Body: endless(), ContentLength: tooLarge })));
  await rejects(s3().send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'huge' })), null, undefined, 404);
  const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'tagged', Key: 'huge' }));
  await tooLargeRefusal(s3().send(new UploadPartCommand({ Bucket: 'tagged', Key: 'huge', UploadId, PartNumber: 1, Body: endless(), ContentLength: tooLarge })));
});

test('bucket tags: at most 50, and system tags cannot be set', async () => {
  const put = (TagSet: Tag[]) => s3().send(new PutBucketTaggingCommand({ Bucket: 'tagged', Tagging: { TagSet } }));
  await rejects(put(tags(51)), 'InvalidRequest', 'Bucket tag count cannot be greater than 50');
  await rejects(put([{ Key: 'aws:cloudformation:stack', Value: 'v' }]), 'InvalidTag', 'System tags cannot be added/updated by requester');
  await rejects(put([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '1' }]), 'InvalidTag', 'Cannot provide multiple Tags with the same key');
  await rejects(s3().send(new GetBucketTaggingCommand({ Bucket: 'tagged' })), 'NoSuchTagSet');
  // Answered 204 No Content, as AWS records it ("put-bucket-tags").
  assert.equal((await put(tags(50))).$metadata.httpStatusCode, 204);
  assert.equal((await s3().send(new GetBucketTaggingCommand({ Bucket: 'tagged' }))).TagSet?.length, 50);
});

test('user metadata: at most 2 KB of names and values, on every write that sets it', async () => {
  const fits = { a: 'x'.repeat(2047) };
  await s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'meta', Body: 'm', Metadata: fits }));
  assert.deepEqual((await s3().send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'meta' }))).Metadata, fits);
  const over = { a: 'x'.repeat(1000), bb: 'y'.repeat(1046) }; // 1 + 1000 + 2 + 1046 = 2049 bytes
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'meta', Body: 'n', Metadata: over })),
    'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400);
  await rejects(s3().send(new CopyObjectCommand({ Bucket: 'tagged', Key: 'meta2', CopySource: 'tagged/meta', MetadataDirective: 'REPLACE', Metadata: over })),
    'MetadataTooLarge');
  await rejects(s3().send(new CreateMultipartUploadCommand({ Bucket: 'tagged', Key: 'meta3', Metadata: over })), 'MetadataTooLarge');
  assert.deepEqual((await s3().send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'meta' }))).Metadata, fits);
});

test('values outside the model: InvalidArgument for headers and query, MalformedXML for documents', async () => {
  await rejects(s3().send(new PutObjectCommand({ Bucket: 'tagged', Key: 'sse', Body: 'x', ServerSideEncryption: 'ROT13' as ServerSideEncryption })),
    'InvalidArgument', 'The encryption method specified is not supported', 400);
  await rejects(s3().send(new ListObjectsV2Command({ Bucket: 'tagged', EncodingType: 'foo' as EncodingType })), 'InvalidArgument', 'Invalid Encoding Method specified in Request', 400);
  await rejects(s3().send(new PutBucketVersioningCommand({ Bucket: 'tagged', VersioningConfiguration: { Status: 'Bogus' as BucketVersioningStatus } })),
    'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  await rejects(s3().send(new HeadObjectCommand({ Bucket: 'tagged', Key: 'sse' })), 'NotFound');
});
