// The SSE-KMS encryption context a write names (x-amz-server-side-encryption-context) comes back
// on the answer of every write that takes one: PutObject, CopyObject and CreateMultipartUpload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { useGantry } from './support/use-gantry.js';
import { kmsClient, s3Client } from './support/s3-helpers.js';

const BUCKET = 'kms-context';
let keyArn: string;
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  keyArn = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const contextHeader = (pairs: Record<string, string>) => Buffer.from(JSON.stringify(pairs)).toString('base64');
const decoded = (header: string | undefined) => JSON.parse(Buffer.from(header ?? 'e30=', 'base64').toString('utf8')) as Record<string, string>;

test('PutObject, CopyObject and CreateMultipartUpload echo the SSE-KMS encryption context they were given', async () => {
  const s3 = s3Client(gantry);
  const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: keyArn };
  const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src', Body: 'data', ...sse, SSEKMSEncryptionContext: contextHeader({ project: 'put' }) }));
  assert.equal(decoded(put.SSEKMSEncryptionContext)['project'], 'put');

  const copy = await s3.send(new CopyObjectCommand({
    Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/src`, ...sse, SSEKMSEncryptionContext: contextHeader({ project: 'copy' }),
  }));
  assert.equal(decoded(copy.SSEKMSEncryptionContext)['project'], 'copy');
  assert.equal(copy.SSEKMSKeyId, keyArn);

  const upload = await s3.send(new CreateMultipartUploadCommand({
    Bucket: BUCKET, Key: 'multi', ...sse, SSEKMSEncryptionContext: contextHeader({ project: 'multipart' }),
  }));
  assert.equal(decoded(upload.SSEKMSEncryptionContext)['project'], 'multipart');

  // Without a context in the request, none is echoed, as PutObject already did ([INFER] that AWS sends it only when given).
  const plain = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-plain', CopySource: `${BUCKET}/src`, ...sse }));
  assert.equal(plain.SSEKMSEncryptionContext, undefined);
});
