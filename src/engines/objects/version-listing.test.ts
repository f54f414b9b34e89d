// ListObjectVersions' engine over a real store: pages resumed with NextKeyMarker and
// NextVersionIdMarker see every version once, delimiters roll keys up into CommonPrefixes, and
// a listing longer than one store batch carries on inside a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate, openDatabase } from '../../store/index.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from '../../store/sql-object-store.js';
import type { ObjectVersionRecord } from './object-records.js';
import { listVersions, type VersionListParams, type VersionListResult } from './version-listing.js';

function storeWith(versions: [key: string, versionId: string, deleteMarker?: boolean][]): SqlObjectStore {
  const db = openDatabase(':memory:');
  migrate(db, OBJECT_MIGRATIONS);
  const store = new SqlObjectStore(db);
  for (const [key, versionId, deleteMarker = false] of versions) {
    store.putVersion({ bucket: 'x', key, versionId, deleteMarker, segments: [], tags: [] } as unknown as ObjectVersionRecord);
  }
  return store;
}

const names = (r: VersionListResult) => r.versions.map((v) => `${v.record.key}:${v.record.versionId}${v.record.deleteMarker ? '(dm)' : ''}`);
const params = (p: Partial<VersionListParams>): VersionListParams => ({
  prefix: '', delimiter: null, keyMarker: null, versionIdMarker: null, maxKeys: 1000, ...p,
});

/** Every page, each one started from the markers the one before returned (as the AWS CLI does). */
function pages(store: SqlObjectStore, p: Partial<VersionListParams>): VersionListResult[] {
  const out: VersionListResult[] = [];
  let markers: Partial<VersionListParams> = {};
  for (;;) {
    const page = listVersions(store, 'x', params({ ...p, ...markers }));
    out.push(page);
    if (!page.truncated) return out;
    assert.ok(out.length < 100, 'paging makes progress');
    markers = { keyMarker: page.nextKeyMarker, versionIdMarker: page.nextVersionIdMarker };
  }
}

test('paging by markers: every version once, newest first per key; the last page is not truncated', () => {
  const store = storeWith([['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['a', 'a3', true], ['b', 'null'], ['c', 'c1']]);
  const all = names(listVersions(store, 'x', params({})));
  assert.deepEqual(all, ['a:a3(dm)', 'a:a2', 'a:a1', 'b:null', 'b:b1', 'c:c1']);
  assert.deepEqual(listVersions(store, 'x', params({})).versions.map((v) => v.latest), [true, false, false, true, false, true]);
  for (const maxKeys of [1, 2, 4, 5, 6]) {
    const paged = pages(store, { maxKeys });
    assert.deepEqual(paged.flatMap(names), all, `max-keys ${maxKeys}`);
    assert.equal(paged.length, Math.ceil(all.length / maxKeys), 'no empty page after an exact fit');
  }
  const first = listVersions(store, 'x', params({ maxKeys: 2 }));
  assert.deepEqual([first.truncated, first.nextKeyMarker, first.nextVersionIdMarker], [true, 'a', 'a2']);
  assert.deepEqual(names(listVersions(store, 'x', params({ keyMarker: 'a' }))), ['b:null', 'b:b1', 'c:c1'], 'key-marker alone: after the key');
  assert.deepEqual(names(listVersions(store, 'x', params({ keyMarker: 'b', versionIdMarker: 'null' }))), ['b:b1', 'c:c1']);
  assert.deepEqual(names(listVersions(store, 'x', params({ prefix: 'b' }))), ['b:null', 'b:b1']);
});

test('delimiter: keys roll up into CommonPrefixes, counted once; a key-marker on a prefix skips it', () => {
  const store = storeWith([['a', 'a1'], ['d/1', 'v1'], ['d/1', 'v2'], ['d/2', 'v3'], ['d/sub/3', 'v4'], ['e', 'e1', true]]);
  const whole = listVersions(store, 'x', params({ delimiter: '/' }));
  assert.deepEqual([names(whole), whole.commonPrefixes, whole.truncated], [['a:a1', 'e:e1(dm)'], ['d/'], false]);
  const first = listVersions(store, 'x', params({ delimiter: '/', maxKeys: 2 }));
  assert.deepEqual([names(first), first.commonPrefixes, first.truncated, first.nextKeyMarker, first.nextVersionIdMarker],
    [['a:a1'], ['d/'], true, 'd/', null]);
  assert.deepEqual(names(listVersions(store, 'x', params({ delimiter: '/', keyMarker: 'd/' }))), ['e:e1(dm)']);
  const inside = listVersions(store, 'x', params({ prefix: 'd/', delimiter: '/' }));
  assert.deepEqual([names(inside), inside.commonPrefixes], [['d/1:v2', 'd/1:v1', 'd/2:v3'], ['d/sub/']]);
  assert.deepEqual(pages(store, { delimiter: '/', maxKeys: 1 }).map((p) => [...names(p), ...p.commonPrefixes]),
    [['a:a1'], ['d/'], ['e:e1(dm)']]);
});

test('a listing longer than a store batch carries on inside a key, newest first', () => {
  const versions: [string, string][] = [];
  for (let i = 0; i < 2500; i++) versions.push([i < 1500 ? 'k' : 'm', `v${i}`]);
  const store = storeWith(versions);
  const result = listVersions(store, 'x', params({}));
  const expected = [...versions.slice(0, 1500).reverse(), ...versions.slice(1500).reverse()].map(([k, v]) => `${k}:${v}`);
  assert.deepEqual(names(result), expected.slice(0, 1000), 'max-keys caps at 1000');
  assert.deepEqual(pages(store, {}).flatMap(names), expected);
  const small = listVersions(store, 'x', params({ maxKeys: 2000 }));
  assert.deepEqual(names(small), expected.slice(0, 2000));
});
