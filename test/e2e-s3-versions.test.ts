// ListObjectVersions end to end with @aws-sdk/client-s3: versions and delete markers newest
// first per key (null versions included), paging with key and version-id markers, delimiters,
// encoding-type=url, s3:ListBucketVersions, and emptying a versioned bucket from the listing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand, PutBucketVersioningCommand,
  PutObjectCommand, type ListObjectVersionsCommandOutput, type S3Client,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const gantry = useGantry({ accountId: ACCT });

const s3 = () => s3Client(gantry);
const versioning = (Bucket: string, Status: 'Enabled' | 'Suspended') =>
  s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));
const put = async (Bucket: string, Key: string, Body = Key) => (await s3().send(new PutObjectCommand({ Bucket, Key, Body }))).VersionId;

const putVersion = async (Bucket: string, Key: string) => (await put(Bucket, Key)) as string;

/** Versions and delete markers of one page as `key:versionId` (`!` for a delete marker, `*` for the latest), in listing order. */
function entries(page: ListObjectVersionsCommandOutput, ids: Map<string, string>): string[] {
  const all = [
    ...(page.Versions ?? []).map((v) => ({ key: v.Key, id: v.VersionId, latest: v.IsLatest, marker: false })),
    ...(page.DeleteMarkers ?? []).map((d) => ({ key: d.Key, id: d.VersionId, latest: d.IsLatest, marker: true })),
  ];
  const order = (id: string | undefined) => [...ids.values()].indexOf(id as string);
  // The SDK splits Versions from DeleteMarkers; the listing's order is key, then newest first.
  all.sort((a, b) => (a.key === b.key ? order(b.id) - order(a.id) : (a.key as string) < (b.key as string) ? -1 : 1));
  const name = (id: string | undefined) => [...ids].find(([, v]) => v === id)?.[0] ?? id;
  return all.map((e) => `${e.key}:${name(e.id)}${e.marker ? '!' : ''}${e.latest ? '*' : ''}`);
}

/** Every page from the markers the one before returned, as the AWS CLI pages. */
async function allPages(client: S3Client, Bucket: string, extra: { MaxKeys?: number; Delimiter?: string; Prefix?: string }) {
  const out: ListObjectVersionsCommandOutput[] = [];
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket, ...extra, ...markers }));
    out.push(page);
    if (!page.IsTruncated) return out;
    assert.ok(page.NextKeyMarker && out.length < 50, 'a truncated page says where to go on');
    markers = { KeyMarker: page.NextKeyMarker, ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}) };
  }
}

test('versions and delete markers by key, newest first, null versions included; paged by markers; delimiters', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'history' }));
  // Written before versioning (no x-amz-version-id): the `null` version.
  assert.equal(await put('history', 'a'), undefined);
  const ids = new Map<string, string>([['n1', 'null']]);
  await versioning('history', 'Enabled');
  ids.set('a2', await putVersion('history', 'a'));
  ids.set('b1', await putVersion('history', 'dir/b'));
  ids.set('b2', await putVersion('history', 'dir/b'));
  ids.set('c1', await putVersion('history', 'dir/c'));
  ids.set('m1', (await s3().send(new DeleteObjectCommand({ Bucket: 'history', Key: 'dir/c' }))).VersionId as string);
  ids.set('e1', (await s3().send(new PutObjectCommand({ Bucket: 'history', Key: 'e', Body: 'e', ChecksumAlgorithm: 'SHA256' }))).VersionId as string);

  const whole = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history' }));
  assert.deepEqual(entries(whole, ids), ['a:a2*', 'a:n1', 'dir/b:b2*', 'dir/b:b1', 'dir/c:m1!*', 'dir/c:c1', 'e:e1*']);
  assert.deepEqual([whole.IsTruncated, whole.MaxKeys, whole.Name, whole.KeyMarker, whole.VersionIdMarker, whole.NextKeyMarker],
    [false, 1000, 'history', '', '', undefined]);
  const e = whole.Versions?.find((v) => v.Key === 'e');
  assert.equal(e?.ETag, '"e1671797c52e15f763380b45e841ec32"');
  assert.deepEqual([e?.Size, e?.StorageClass, e?.ChecksumAlgorithm, e?.LastModified instanceof Date], [1, 'STANDARD', ['SHA256'], true]);
  assert.ok(whole.DeleteMarkers?.[0]?.Owner?.ID && whole.Versions?.[0]?.Owner?.ID, 'every entry names its owner');

  const first = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', MaxKeys: 3 }));
  assert.deepEqual([entries(first, ids), first.IsTruncated, first.NextKeyMarker, first.NextVersionIdMarker],
    [['a:a2*', 'a:n1', 'dir/b:b2*'], true, 'dir/b', ids.get('b2')]);
  const second = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', MaxKeys: 3, KeyMarker: 'dir/b', VersionIdMarker: ids.get('b2') }));
  assert.deepEqual([entries(second, ids), second.KeyMarker, second.VersionIdMarker], [['dir/b:b1', 'dir/c:m1!*', 'dir/c:c1'], 'dir/b', ids.get('b2')]);
  const fromNull = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', MaxKeys: 1, KeyMarker: 'a', VersionIdMarker: 'null' }));
  assert.deepEqual(entries(fromNull, ids), ['dir/b:b2*']);
  const afterKey = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', KeyMarker: 'dir/c' }));
  assert.deepEqual(entries(afterKey, ids), ['e:e1*'], 'a key-marker alone starts after all of its versions');
  for (const MaxKeys of [1, 2, 7]) {
    const pages = await allPages(s3(), 'history', { MaxKeys });
    assert.deepEqual(pages.flatMap((p) => entries(p, ids)), entries(whole, ids), `max-keys ${MaxKeys}`);
  }

  const rolled = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', Delimiter: '/' }));
  assert.deepEqual([entries(rolled, ids), rolled.CommonPrefixes, rolled.Delimiter], [['a:a2*', 'a:n1', 'e:e1*'], [{ Prefix: 'dir/' }], '/']);
  const pagedRolled = await allPages(s3(), 'history', { Delimiter: '/', MaxKeys: 3 });
  assert.deepEqual(pagedRolled.map((p) => [entries(p, ids), (p.CommonPrefixes ?? []).map((c) => c.Prefix), p.NextKeyMarker, p.NextVersionIdMarker]),
    [[['a:a2*', 'a:n1'], ['dir/'], 'dir/', undefined], [['e:e1*'], [], undefined, undefined]],
    'a common prefix counts as one key, and a marker on it skips it');
  const inside = await s3().send(new ListObjectVersionsCommand({ Bucket: 'history', Prefix: 'dir/', Delimiter: '/' }));
  assert.deepEqual([entries(inside, ids), inside.Prefix, inside.CommonPrefixes], [['dir/b:b2*', 'dir/b:b1', 'dir/c:m1!*', 'dir/c:c1'], 'dir/', undefined]);

  await rejects(s3().send(new ListObjectVersionsCommand({ Bucket: 'history', VersionIdMarker: ids.get('b2') })), 'InvalidArgument',
    'A version-id marker cannot be specified without a key marker.', 400);
  await rejects(s3().send(new ListObjectVersionsCommand({ Bucket: 'history', KeyMarker: 'dir/b', VersionIdMarker: 'bogus' })), 'InvalidArgument',
    'Invalid version id specified', 400);
  await rejects(s3().send(new ListObjectVersionsCommand({ Bucket: 'no-such-bucket' })), 'NoSuchBucket');
});

/** A client that also keeps each raw response body, as a raw-XML reader (or the CLI's --query) sees it. */
function rawRecordingClient(bodies: string[]): S3Client {
  const client = s3Client(gantry);
  client.middlewareStack.add((next) => async (args) => {
    const out = await next(args);
    const response = out.response as { body: AsyncIterable<Buffer> };
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    bodies.push(body.toString('utf8'));
    response.body = Readable.from([body]);
    return out;
  }, { step: 'deserialize', priority: 'low' });
  return client;
}

/** `Version:key` / `DeleteMarker:key` for each element of a raw ListVersionsResult, in document order. */
function documentOrder(xml: string): string[] {
  return [...xml.matchAll(/<(Version|DeleteMarker)>.*?<Key>([^<]*)<\/Key>/g)].map((m) => `${m[1]}:${m[2]}`);
}

test('the XML lists <Version> and <DeleteMarker> in one sequence by key, newest first (as AWS), the SDK still splits them; a page may end on a delete marker', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'interleaved' }));
  await versioning('interleaved', 'Enabled');
  const ids = new Map<string, string>();
  ids.set('a1', await putVersion('interleaved', 'a'));
  ids.set('am', (await s3().send(new DeleteObjectCommand({ Bucket: 'interleaved', Key: 'a' }))).VersionId as string);
  ids.set('a2', await putVersion('interleaved', 'a'));
  ids.set('b1', await putVersion('interleaved', 'b'));
  ids.set('bm', (await s3().send(new DeleteObjectCommand({ Bucket: 'interleaved', Key: 'b' }))).VersionId as string);
  ids.set('c1', await putVersion('interleaved', 'c'));

  const bodies: string[] = [];
  const raw = rawRecordingClient(bodies);
  const whole = await raw.send(new ListObjectVersionsCommand({ Bucket: 'interleaved' }));
  assert.deepEqual(documentOrder(bodies[0] as string),
    ['Version:a', 'DeleteMarker:a', 'Version:a', 'DeleteMarker:b', 'Version:b', 'Version:c']);
  assert.deepEqual(whole.Versions?.map((v) => v.VersionId), [ids.get('a2'), ids.get('a1'), ids.get('b1'), ids.get('c1')]);
  assert.deepEqual(whole.DeleteMarkers?.map((d) => d.VersionId), [ids.get('am'), ids.get('bm')]);

  // Two entries a page: the second page ends on b's delete marker, which its markers name.
  const second = await raw.send(new ListObjectVersionsCommand({ Bucket: 'interleaved', MaxKeys: 2, KeyMarker: 'a', VersionIdMarker: ids.get('am') }));
  assert.deepEqual(documentOrder(bodies[1] as string), ['Version:a', 'DeleteMarker:b']);
  assert.deepEqual([second.IsTruncated, second.NextKeyMarker, second.NextVersionIdMarker], [true, 'b', ids.get('bm')]);
  const third = await raw.send(new ListObjectVersionsCommand({ Bucket: 'interleaved', MaxKeys: 2, KeyMarker: 'b', VersionIdMarker: ids.get('bm') }));
  assert.deepEqual(entries(third, ids), ['b:b1', 'c:c1*'], 'the next page goes on with the version behind the delete marker');
  assert.equal(third.IsTruncated, false);
});

test('encoding-type=url encodes keys, prefixes and markers', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'encoded' }));
  await versioning('encoded', 'Enabled');
  await put('encoded', 'sp ace/\u00fc');
  await put('encoded', 'sp ace/\u00fc');
  const page = await s3().send(new ListObjectVersionsCommand({ Bucket: 'encoded', EncodingType: 'url', Prefix: 'sp ace', MaxKeys: 1 }));
  assert.deepEqual([page.Versions?.map((v) => v.Key), page.Prefix, page.NextKeyMarker, page.EncodingType],
    [['sp%20ace/%C3%BC'], 'sp%20ace', 'sp%20ace/%C3%BC', 'url']);
  const rolled = await s3().send(new ListObjectVersionsCommand({ Bucket: 'encoded', EncodingType: 'url', Delimiter: '/' }));
  assert.deepEqual(rolled.CommonPrefixes, [{ Prefix: 'sp%20ace/' }]);
});

test('s3:ListBucketVersions authorizes the listing, with s3:prefix as a condition key; s3:ListBucket is not enough', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'guarded' }));
  await put('guarded', 'team/x');
  await put('guarded', 'other/y');
  const lister = await userWithPolicy(gantry, 'lister', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::guarded' }]);
  await rejects(s3Client(gantry, lister).send(new ListObjectVersionsCommand({ Bucket: 'guarded' })), 'AccessDenied',
    `User: arn:aws:iam::${ACCT}:user/lister is not authorized to perform: s3:ListBucketVersions on resource: "arn:aws:s3:::guarded" because no identity-based policy allows the s3:ListBucketVersions action`, 403);
  const teamOnly = await userWithPolicy(gantry, 'team-lister', [{
    Effect: 'Allow', Action: 's3:ListBucketVersions', Resource: 'arn:aws:s3:::guarded', Condition: { StringEquals: { 's3:prefix': 'team/' } },
  }]);
  const team = s3Client(gantry, teamOnly);
  const page = await team.send(new ListObjectVersionsCommand({ Bucket: 'guarded', Prefix: 'team/' }));
  assert.deepEqual(page.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest]), [['team/x', 'null', true]], 'unversioned objects list as null versions');
  await rejects(team.send(new ListObjectVersionsCommand({ Bucket: 'guarded' })), 'AccessDenied');
});

test('a versioned bucket is emptied by deleting every listed version and delete marker; then DeleteBucket succeeds', async () => {
  await s3().send(new CreateBucketCommand({ Bucket: 'to-empty' }));
  await put('to-empty', 'old');
  await versioning('to-empty', 'Enabled');
  for (let i = 0; i < 4; i++) for (const key of ['old', 'k/1', 'k/2']) await put('to-empty', key, `${key}-${i}`);
  await s3().send(new DeleteObjectCommand({ Bucket: 'to-empty', Key: 'k/1' }));
  await versioning('to-empty', 'Suspended');
  await put('to-empty', 'k/2');
  await s3().send(new DeleteObjectCommand({ Bucket: 'to-empty', Key: 'old' }));
  await rejects(s3().send(new DeleteBucketCommand({ Bucket: 'to-empty' })), 'BucketNotEmpty');

  // Page by page, deleting each page before asking for the next (as boto3's object_versions.delete() does):
  // the markers then name versions that are gone, and nothing may be skipped.
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  let deleted = 0;
  for (;;) {
    const page = await s3().send(new ListObjectVersionsCommand({ Bucket: 'to-empty', MaxKeys: 3, ...markers }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
    if (objects.length > 0) {
      const result = await s3().send(new DeleteObjectsCommand({ Bucket: 'to-empty', Delete: { Objects: objects } }));
      assert.equal(result.Errors, undefined);
      deleted += objects.length;
    }
    if (!page.IsTruncated) break;
    markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
  // 3 keys x 4 versions, k/1's delete marker, k/2's null version, and old's null delete marker (which replaced its null version).
  assert.equal(deleted, 15);
  const left = await s3().send(new ListObjectVersionsCommand({ Bucket: 'to-empty' }));
  assert.deepEqual([left.Versions, left.DeleteMarkers, left.IsTruncated], [undefined, undefined, false]);
  await s3().send(new DeleteBucketCommand({ Bucket: 'to-empty' }));
});
