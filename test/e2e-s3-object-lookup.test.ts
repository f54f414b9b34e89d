// The answers of the operations that act on one existing object version (GetObject, HeadObject,
// GetObjectTagging, GetObjectAttributes, CopyObject's source, GetObjectAcl, PutObjectAcl) when
// that version is missing, named badly or a delete marker: a caller denied the action learns
// nothing (403 naming the action); an allowed caller without s3:ListBucket gets 403 Access
// Denied for a missing key or version, one with it 404 NoSuchKey / NoSuchVersion; a delete
// marker is 404 NoSuchKey (405 MethodNotAllowed by version id, and as the latest version for
// GetObjectTagging and PutObjectAcl) with x-amz-delete-marker; the tagging operations' 405 names
// their own method; a bad version id is 400 once the caller is allowed. GetObject's partNumber is checked after
// authorization and before the object is looked at. A version id asks for the Version form of each
// action (s3:GetObjectVersionTagging, not s3:GetObjectTaggingVersion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectTaggingCommand, GetObjectAclCommand, GetObjectAttributesCommand, GetObjectCommand,
  GetObjectTaggingCommand, HeadObjectCommand, PutBucketVersioningCommand, PutObjectAclCommand, PutObjectCommand, PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const BUCKET = 'lookups';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3Client(gantry).send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'gone', Body: 'was here' }));
});

/** Every action the seven operations need, with and without their Version forms. */
const READ_ACTIONS = [
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes', 's3:GetObjectAcl', 's3:GetObjectVersionAcl', 's3:PutObjectAcl', 's3:PutObjectVersionAcl', 's3:PutObject',
];

/** Each operation on `key` (and `versionId`), as `credentials`. */
function operations(credentials: Credentials, key: string, versionId?: string) {
  const s3 = s3Client(gantry, credentials);
  const target = { Bucket: BUCKET, Key: key, ...(versionId !== undefined ? { VersionId: versionId } : {}) };
  const source = `${BUCKET}/${key}${versionId !== undefined ? `?versionId=${versionId}` : ''}`;
  return {
    GetObject: () => s3.send(new GetObjectCommand(target)),
    HeadObject: () => s3.send(new HeadObjectCommand(target)),
    GetObjectTagging: () => s3.send(new GetObjectTaggingCommand(target)),
    GetObjectAttributes: () => s3.send(new GetObjectAttributesCommand({ ...target, ObjectAttributes: ['ObjectSize'] })),
    CopyObject: () => s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: source })),
    GetObjectAcl: () => s3.send(new GetObjectAclCommand(target)),
    PutObjectAcl: () => s3.send(new PutObjectAclCommand({ ...target, ACL: 'bucket-owner-full-control' })),
  };
}

/**
 * `operation` (a key of `operations`) rejected with `status` and `code`, checked as rejects does;
 * a HEAD's code goes unchecked (no body), and a failure names the operation, since each test
 * runs all seven.
 */
async function fails(operation: string, call: Promise<unknown>, status: number, code: string, deleteMarker?: string): Promise<void> {
  const headers: Record<string, string> = deleteMarker === undefined ? {} : { 'x-amz-delete-marker': deleteMarker };
  await rejects(call, operation.startsWith('Head') ? null : code, undefined, status, headers).catch((error: Error) => {
    error.message = `${operation}: ${error.message}`;
    throw error;
  });
}

test('a missing key or version: 403 without s3:ListBucket, 404 NoSuchKey / NoSuchVersion with it', async () => {
  const resource = `arn:aws:s3:::${BUCKET}/*`;
  const reader = await userWithPolicy(gantry, 'reader', [{ Effect: 'Allow', Action: READ_ACTIONS, Resource: resource }]);
  const lister = await userWithPolicy(gantry, 'lister', [
    { Effect: 'Allow', Action: READ_ACTIONS, Resource: resource },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
  ]);
  for (const [name, call] of Object.entries(operations(reader, 'missing'))) await fails(name, call(), 403, 'AccessDenied');
  for (const [name, call] of Object.entries(operations(lister, 'missing'))) await fails(name, call(), 404, 'NoSuchKey');
  // `null` is a version id S3 could have issued; this bucket was versioned from the start, so it has none.
  for (const [name, call] of Object.entries(operations(reader, 'gone', 'null'))) await fails(name, call(), 403, 'AccessDenied');
  for (const [name, call] of Object.entries(operations(lister, 'gone', 'null'))) await fails(name, call(), 404, 'NoSuchVersion');
  // A version id S3 could never have issued is a bad request, once the caller is allowed.
  for (const [name, call] of Object.entries(operations(reader, 'gone', 'not-a-version'))) await fails(name, call(), 400, 'InvalidArgument');
});

test('a caller denied the action learns nothing of whether the object exists', async () => {
  const stranger = await userWithPolicy(gantry, 'stranger', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }]);
  for (const key of ['missing', 'gone']) {
    for (const [name, call] of Object.entries(operations(stranger, key))) await fails(name, call(), 403, 'AccessDenied');
  }
  // Nor whether a version id is well formed.
  for (const [name, call] of Object.entries(operations(stranger, 'gone', 'not-a-version'))) await fails(name, call(), 403, 'AccessDenied');
  await rejects(s3Client(gantry, stranger).send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'missing' })), 'AccessDenied',
    /is not authorized to perform: s3:GetObjectTagging on resource: "arn:aws:s3:::lookups\/missing"/, 403);
});

/** The operations that answer a latest delete marker 405 as they do one by version id (AWS, LocalStack's test_object_tagging_versioned and test_put_object_acl_on_delete_marker snapshots). */
const REFUSE_LATEST_MARKER = new Set(['GetObjectTagging', 'PutObjectAcl']);

test('a delete marker: 404 NoSuchKey as the latest version (405 for GetObjectTagging, PutObjectAcl), 405 MethodNotAllowed by version id, each with x-amz-delete-marker', async () => {
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'marked', Body: 'soon gone' }));
  const marker = await s3Client(gantry).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'marked' }));
  assert.equal(marker.DeleteMarker, true);
  for (const [name, call] of Object.entries(operations(gantry.root, 'marked'))) {
    // Whether CopyObject's answer names its source's delete marker is not pinned here.
    const [status, code] = REFUSE_LATEST_MARKER.has(name) ? [405, 'MethodNotAllowed'] : [404, 'NoSuchKey'];
    await fails(name, call(), status, code, name === 'CopyObject' ? undefined : 'true');
  }
  for (const [name, call] of Object.entries(operations(gantry.root, 'marked', marker.VersionId))) {
    await fails(name, call(), 405, 'MethodNotAllowed', name === 'CopyObject' ? undefined : 'true');
  }
  // PutObjectAcl's 405 names its own method and the delete marker, the latest and by version id.
  for (const versionId of [undefined, marker.VersionId]) {
    await assert.rejects(operations(gantry.root, 'marked', versionId).PutObjectAcl(), (error: Error & { Method?: string; ResourceType?: string }) => {
      assert.deepEqual([error.name, error.Method, error.ResourceType], ['MethodNotAllowed', 'PUT', 'DeleteMarker'], `PutObjectAcl ${versionId ?? 'latest'}`);
      return true;
    });
  }
  // Without s3:ListBucket the latest delete marker is a missing key: 403; by version id it is still 405.
  const reader = await userWithPolicy(gantry, 'marker-reader', [{ Effect: 'Allow', Action: READ_ACTIONS, Resource: `arn:aws:s3:::${BUCKET}/*` }]);
  await fails('GetObject', operations(reader, 'marked').GetObject(), 403, 'AccessDenied');
  await fails('GetObject', operations(reader, 'marked', marker.VersionId).GetObject(), 405, 'MethodNotAllowed', 'true');
});

test("tagging a delete marker, the latest version or by version id: 405 MethodNotAllowed naming the request's method, as AWS", async () => {
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tag-marked', Body: 'soon gone' }));
  const marker = await s3Client(gantry).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'tag-marked' }));
  assert.equal(marker.DeleteMarker, true);
  const s3 = s3Client(gantry);
  for (const versionId of [undefined, marker.VersionId]) {
    const target = { Bucket: BUCKET, Key: 'tag-marked', ...(versionId !== undefined ? { VersionId: versionId } : {}) };
    const calls: [string, () => Promise<unknown>][] = [
      ['GET', () => s3.send(new GetObjectTaggingCommand(target))],
      ['PUT', () => s3.send(new PutObjectTaggingCommand({ ...target, Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }))],
      ['DELETE', () => s3.send(new DeleteObjectTaggingCommand(target))],
    ];
    for (const [method, call] of calls) {
      await assert.rejects(call(), (error: Error & { Method?: string; ResourceType?: string; $metadata?: { httpStatusCode?: number } }) => {
        const what = `${method} tagging ${versionId ?? 'latest'}`;
        assert.deepEqual([error.name, error.$metadata?.httpStatusCode, error.Method, error.ResourceType], ['MethodNotAllowed', 405, method, 'DeleteMarker'], what);
        return true;
      });
    }
  }
});

test("GetObject's partNumber: after authorization, before the object is looked at; a part the object lacks is 416", async () => {
  const get = (credentials: Credentials, Key: string, PartNumber: number) =>
    s3Client(gantry, credentials).send(new GetObjectCommand({ Bucket: BUCKET, Key, PartNumber }));
  const stranger = await userWithPolicy(gantry, 'part-stranger');
  const reader = await userWithPolicy(gantry, 'part-reader', [{ Effect: 'Allow', Action: READ_ACTIONS, Resource: `arn:aws:s3:::${BUCKET}/*` }]);
  await rejects(get(stranger, 'missing', 0), 'AccessDenied', /not authorized to perform: s3:GetObject on resource/, 403);
  await rejects(get(reader, 'missing', 0), 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400);
  await rejects(get(reader, 'missing', 2), 'AccessDenied', 'Access Denied', 403);
  await rejects(get(gantry.root, 'missing', 2), 'NoSuchKey', 'The specified key does not exist.', 404);
  await rejects(get(reader, 'gone', 2), 'InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);
  const head = s3Client(gantry, reader).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'gone', PartNumber: 2 }));
  await fails('HeadObject', head, 416, 'InvalidPartNumber');
});

test('a version id asks for the Version form of the tagging and ACL actions: s3:GetObjectVersionTagging, s3:PutObjectVersionAcl...', async () => {
  const { VersionId } = await s3Client(gantry).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'versioned', Body: 'v' }));
  const target = { Bucket: BUCKET, Key: 'versioned', VersionId };
  const calls = {
    's3:GetObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new GetObjectTaggingCommand(target)),
    's3:PutObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new PutObjectTaggingCommand({ ...target, Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } })),
    's3:DeleteObjectVersionTagging': (s3 = s3Client(gantry)) => s3.send(new DeleteObjectTaggingCommand(target)),
    's3:GetObjectVersionAcl': (s3 = s3Client(gantry)) => s3.send(new GetObjectAclCommand(target)),
    's3:PutObjectVersionAcl': (s3 = s3Client(gantry)) => s3.send(new PutObjectAclCommand({ ...target, ACL: 'bucket-owner-full-control' })),
  };
  const nobody = s3Client(gantry, await userWithPolicy(gantry, 'version-nobody'));
  for (const [action, call] of Object.entries(calls)) {
    await rejects(call(nobody), 'AccessDenied', new RegExp(`not authorized to perform: ${action} on resource: "arn:aws:s3:::${BUCKET}/versioned"`), 403);
  }
  const allowed = s3Client(gantry, await userWithPolicy(gantry, 'version-writer', [
    { Effect: 'Allow', Action: Object.keys(calls), Resource: `arn:aws:s3:::${BUCKET}/*` },
  ]));
  for (const [action, call] of Object.entries(calls)) assert.equal((await call(allowed)).$metadata.httpStatusCode! < 300, true, action);
});
