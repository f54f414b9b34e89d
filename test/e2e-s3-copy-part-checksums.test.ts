// UploadPartCopy into an upload created with a checksum algorithm: S3 computes the copied
// range's checksum, answers it in CopyPartResult and keeps it as the part's, so
// CompleteMultipartUpload checks the parts' checksums the request lists against it and the
// object's checksum (COMPOSITE or FULL_OBJECT) comes out of it, as for UploadPart's parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, ListPartsCommand, PutObjectCommand,
  UploadPartCopyCommand, type ChecksumAlgorithm, type CompletedPart,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { bytes, s3Client } from './support/s3-helpers.js';

const MIB = 1024 * 1024;
const SOURCE = bytes(5 * MIB + 4321, 9);
const RANGES = [[0, 5 * MIB - 1], [5 * MIB, SOURCE.length - 1]] as const;
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'copies' }));
  await s3().send(new PutObjectCommand({ Bucket: 'copies', Key: 'source', Body: SOURCE }));
});

const s3 = () => s3Client(gantry);
const member = (algorithm: ChecksumAlgorithm) => `Checksum${algorithm}` as const;

/**
 * The checksum the SDK computes of these bytes: it sends it with a PUT, which Gantry verifies,
 * so the value answered is the client's own and not Gantry's part code's.
 */
async function clientChecksum(algorithm: ChecksumAlgorithm, body: Buffer): Promise<string> {
  const put = await s3().send(new PutObjectCommand({ Bucket: 'copies', Key: `sum-${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }));
  return put[member(algorithm)] as string;
}

/** Copies the source's two ranges as parts 1 and 2; checks each CopyPartResult's checksum. */
async function copyTwoParts(key: string, algorithm: ChecksumAlgorithm, checksumType?: 'FULL_OBJECT') {
  const created = await s3().send(new CreateMultipartUploadCommand({
    Bucket: 'copies', Key: key, ChecksumAlgorithm: algorithm, ...(checksumType ? { ChecksumType: checksumType } : {}),
  }));
  const UploadId = created.UploadId as string;
  const parts: CompletedPart[] = [];
  for (const [i, [first, last]] of RANGES.entries()) {
    const out = await s3().send(new UploadPartCopyCommand({
      Bucket: 'copies', Key: key, UploadId, PartNumber: i + 1, CopySource: 'copies/source', CopySourceRange: `bytes=${first}-${last}`,
    }));
    const expected = await clientChecksum(algorithm, SOURCE.subarray(first, last + 1));
    assert.equal(out.CopyPartResult?.[member(algorithm)], expected, `${algorithm} part ${i + 1}`);
    parts.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag, [member(algorithm)]: expected });
  }
  const listed = await s3().send(new ListPartsCommand({ Bucket: 'copies', Key: key, UploadId }));
  assert.deepEqual(listed.Parts?.map((p) => p[member(algorithm)]), parts.map((p) => p[member(algorithm)]));
  return { UploadId, parts };
}

test('COMPOSITE: copied parts answer their checksums; Complete refuses a wrong one and composes the right ones', async () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
    const key = `composite-${algorithm}`;
    const { UploadId, parts } = await copyTwoParts(key, algorithm);
    const complete = (Parts: CompletedPart[]) =>
      s3().send(new CompleteMultipartUploadCommand({ Bucket: 'copies', Key: key, UploadId, MultipartUpload: { Parts } }));
    const wrong = Buffer.alloc(algorithm.startsWith('SHA') ? (algorithm === 'SHA1' ? 20 : 32) : 4).toString('base64');
    await rejects(complete([parts[0] as CompletedPart, { ...parts[1], [member(algorithm)]: wrong }]), 'InvalidPart',
      'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400);

    const done = await complete(parts);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    if (algorithm === 'SHA256') {
      // A composite checksum is the checksum of the parts' raw checksums, then -<part count>.
      const raw = Buffer.concat(parts.map((p) => Buffer.from(p.ChecksumSHA256 as string, 'base64')));
      assert.equal(done.ChecksumSHA256, `${createHash('sha256').update(raw).digest('base64')}-2`);
    } else {
      assert.match(done[member(algorithm)] ?? '', /-2$/, algorithm);
    }
  }
});

test('FULL_OBJECT: copied parts combine into the CRC of the whole object, equal to the client\'s', async () => {
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    const key = `full-${algorithm}`;
    // CRC64NVME is FULL_OBJECT without being asked.
    const { UploadId, parts } = await copyTwoParts(key, algorithm, algorithm === 'CRC64NVME' ? undefined : 'FULL_OBJECT');
    const whole = await clientChecksum(algorithm, SOURCE);
    await rejects(s3().send(new CompleteMultipartUploadCommand({
      Bucket: 'copies', Key: key, UploadId, MultipartUpload: { Parts: [parts[0] as CompletedPart, { ...parts[1], [member(algorithm)]: Buffer.alloc(algorithm === 'CRC64NVME' ? 8 : 4).toString('base64') }] },
    })), 'InvalidPart', undefined, 400);
    const done = await s3().send(new CompleteMultipartUploadCommand({
      Bucket: 'copies', Key: key, UploadId, MultipartUpload: { Parts: parts }, [member(algorithm)]: whole, ChecksumType: 'FULL_OBJECT',
    }));
    assert.equal(done[member(algorithm)], whole, algorithm);
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    const got = await s3().send(new GetObjectCommand({ Bucket: 'copies', Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(got[member(algorithm)], whole);
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), SOURCE);
  }
});
