// SqlObjectStore's read caches (buckets, latest versions) against a real database: a write is
// seen at once, a rolled-back one never, cached records cannot be changed in place; and
// replacing the latest version in place keeps the newest-is-latest order of versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BucketRecord, ObjectVersionRecord } from '../engines/objects/object-records.js';
import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from './sql-object-store.js';

function fresh(): SqlObjectStore {
  const db = openDatabase(':memory:');
  migrate(db, OBJECT_MIGRATIONS);
  return new SqlObjectStore(db);
}

const bucket = (name: string, policy: string | null = null): BucketRecord => ({
  name, owner: '111122223333', region: 'us-east-1', created: '2026-01-01T00:00:00.000Z', versioning: 'Unversioned', policy,
  encryption: { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false }, tags: null, publicAccessBlock: null, cors: null,
});

const version = (key: string, versionId: string, etag: string, deleteMarker = false): ObjectVersionRecord => ({
  bucket: 'b', key, versionId, deleteMarker, lastModified: '2026-01-01T00:00:00.000Z', size: 1, etag,
  content: { contentType: 'text/plain', contentEncoding: null, contentDisposition: null, contentLanguage: null, cacheControl: null, expires: null, metadata: {} },
  tags: [], checksum: null, segments: [], encryption: null, partsCount: null, owner: '111122223333',
});

test('buckets: writes are seen at once, rolled-back writes never; cached records are frozen', () => {
  const store = fresh();
  store.putBucket(bucket('b'));
  const first = store.getBucket('b') as BucketRecord;
  assert.equal(store.getBucket('b'), first, 'served from the cache');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.encryption));
  assert.throws(() => {
    (first as { policy: string | null }).policy = 'changed';
  }, TypeError);
  store.putBucket({ ...first, versioning: 'Enabled' });
  assert.equal(store.getBucket('b')?.versioning, 'Enabled');
  assert.throws(() => store.transaction(() => {
    store.putBucket({ ...bucket('b'), policy: '{}' });
    assert.equal(store.getBucket('b')?.policy, '{}', 'the transaction sees its own write');
    throw new Error('roll back');
  }), /roll back/);
  assert.equal(store.getBucket('b')?.policy, null);
  assert.equal(store.getBucket('b')?.versioning, 'Enabled');
  store.deleteBucket('b');
  assert.equal(store.getBucket('b'), null);
});

test('latest versions: cached, dropped by every write to the key, rolled-back writes never seen', () => {
  const store = fresh();
  store.putVersion(version('k', 'null', '"1"'));
  assert.equal(store.getVersion('b', 'k')?.etag, '"1"');
  assert.equal(store.getVersion('b', 'k'), store.getVersion('b', 'k'), 'served from the cache');
  store.putVersion(version('k', 'null', '"2"'));
  assert.equal(store.getVersion('b', 'k')?.etag, '"2"');
  store.updateVersion({ ...(store.getVersion('b', 'k') as ObjectVersionRecord), tags: [{ Key: 't', Value: 'v' }] });
  assert.deepEqual(store.getVersion('b', 'k')?.tags, [{ Key: 't', Value: 'v' }]);
  assert.throws(() => store.transaction(() => {
    store.putVersion(version('k', 'null', '"3"'));
    assert.equal(store.getVersion('b', 'k')?.etag, '"3"');
    throw new Error('roll back');
  }), /roll back/);
  assert.equal(store.getVersion('b', 'k')?.etag, '"2"');
  store.deleteVersion('b', 'k', 'null');
  assert.equal(store.getVersion('b', 'k'), null);
});

test('a committed store transaction caches the latest versions it wrote; a rolled-back nested part does not', () => {
  const store = fresh();
  const written = version('k', 'null', '"1"');
  store.transaction(() => store.putVersion(written));
  assert.equal(store.getVersion('b', 'k'), written, 'the record written is the one cached');
  assert.ok(Object.isFrozen(written));
  store.transaction(() => {
    store.putVersion(version('k', 'null', '"2"'));
    assert.throws(() => store.transaction(() => {
      store.putVersion(version('k', 'null', '"3"'));
      throw new Error('inner');
    }), /inner/);
  });
  assert.equal(store.getVersion('b', 'k')?.etag, '"2"');
  store.transaction(() => store.deleteVersion('b', 'k', 'null'));
  assert.equal(store.getVersion('b', 'k'), null);
});

test('replacing the latest version in place keeps it the newest; the one before comes back when it goes', () => {
  const store = fresh();
  store.putVersion(version('k', 'v1', '"1"'));
  store.putVersion(version('k', 'null', '"2"'));
  store.putVersion(version('k', 'null', '"3"'));
  assert.equal(store.getVersion('b', 'k')?.etag, '"3"');
  assert.equal(store.getVersion('b', 'k', 'v1')?.etag, '"1"');
  store.putVersion(version('k', 'null', '', true));
  assert.equal(store.getVersion('b', 'k')?.deleteMarker, true);
  assert.deepEqual(store.listLatest('b', '', null, 10), [], 'a delete marker hides the key from listings');
  store.deleteVersion('b', 'k', 'null');
  assert.equal(store.getVersion('b', 'k')?.versionId, 'v1');
  // A null version that is not the latest is replaced by a new latest one.
  store.putVersion(version('k', 'null', '"4"'));
  store.putVersion(version('k', 'v2', '"5"'));
  store.putVersion(version('k', 'null', '"6"'));
  assert.equal(store.getVersion('b', 'k')?.etag, '"6"');
  store.deleteVersion('b', 'k', 'null');
  assert.equal(store.getVersion('b', 'k')?.versionId, 'v2');
});

test('listVersions: keys in UTF-8 order, newest version first, resumed at or after a key or after one of its versions', () => {
  const store = fresh();
  store.putVersion(version('b', 'b1', '"b1"'));
  store.putVersion(version('a', 'a1', '"a1"'));
  store.putVersion(version('a', 'null', '"a2"'));
  store.putVersion(version('a', 'a3', '', true));
  store.putVersion(version('c', 'c1', '"c1"'));
  store.putVersion(version('\u{1F600}', 'e1', '"e1"'));
  store.putVersion(version('\uFFFD', 'f1', '"f1"'));
  // A new null version replaces the old one and is now the newest of its key.
  store.putVersion(version('b', 'null', '"b2"'));
  store.putVersion(version('b', 'b3', '"b3"'));
  store.putVersion(version('b', 'null', '"b4"'));
  const ids = (listed: { record: ObjectVersionRecord; latest: boolean }[]) =>
    listed.map((v) => `${v.record.key}:${v.record.versionId}${v.latest ? '*' : ''}`);
  assert.deepEqual(ids(store.listVersions('b', '', null, 100)),
    ['a:a3*', 'a:null', 'a:a1', 'b:null*', 'b:b3', 'b:b1', 'c:c1*', '\uFFFD:f1*', '\u{1F600}:e1*']);
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'b', inclusive: false }, 2)), ['c:c1*', '\uFFFD:f1*']);
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'b', inclusive: true }, 2)), ['b:null*', 'b:b3']);
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'a', afterVersionId: 'a3' }, 4)), ['a:null', 'a:a1', 'b:null*', 'b:b3'],
    'the older versions of the key, then the next keys');
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'a', afterVersionId: 'null' }, 1)), ['a:a1']);
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'a', afterVersionId: 'a1' }, 1)), ['b:null*']);
  assert.deepEqual(ids(store.listVersions('b', 'b', { key: 'a', afterVersionId: 'a3' }, 10)), ['b:null*', 'b:b3', 'b:b1'],
    'a marker before the prefix lists nothing outside it');
  store.deleteVersion('b', 'b', 'b3');
  assert.deepEqual(ids(store.listVersions('b', '', { key: 'b', afterVersionId: 'b3' }, 2)), ['b:null*', 'b:b1'],
    'after a version that is gone: the key\'s remaining versions, none skipped');
  assert.deepEqual(ids(store.listVersions('other', '', null, 10)), []);
});
