// Manifests as the registry reads them, and lifecycle rules as ECR evaluates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLifecycle, parseLifecyclePolicy } from './lifecycle.js';
import { DOCKER_MANIFEST, OCI_INDEX, parseManifest } from './manifests.js';
import type { ImageRecord } from './registry-records.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

test('manifests: blobs of an image, children of an index, refusals', () => {
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { digest: d('a'), size: 10 }, layers: [{ digest: d('b'), size: 5 }] });
  const parsed = parseManifest(manifest, null);
  assert.ok(typeof parsed !== 'string');
  assert.deepEqual([parsed.mediaType, parsed.blobs, parsed.size], [DOCKER_MANIFEST, [d('a'), d('b')], 15]);
  const index = parseManifest(JSON.stringify({ schemaVersion: 2, manifests: [{ digest: d('c'), size: 3 }] }), null);
  assert.ok(typeof index !== 'string');
  assert.deepEqual([index.mediaType, index.children], [OCI_INDEX, [d('c')]]);
  assert.equal(parseManifest('{', null), 'Invalid JSON syntax');
  assert.match(parseManifest(manifest, OCI_INDEX) as string, /does not match/);
  assert.match(parseManifest(JSON.stringify({ schemaVersion: 1 }), null) as string, /schemaVersion 2/);
});

test('manifests: a descriptor size that is no exact integer, or sizes adding up past one, are refused', () => {
  const withLayers = (layers: string) => `{"schemaVersion":2,"mediaType":"${DOCKER_MANIFEST}","config":{"digest":"${d('a')}","size":10},"layers":[${layers}]}`;
  for (const size of ['1.5', '1e400', '-1', '"5"', '9007199254740992']) {
    assert.match(parseManifest(withLayers(`{"digest":"${d('b')}","size":${size}}`), null) as string, /by digest and size/, size);
  }
  const big = `{"digest":"${d('b')}","size":9007199254740991}`;
  assert.match(parseManifest(withLayers(`${big},${big}`), null) as string, /add up to more than/);
  assert.ok(typeof parseManifest(withLayers(`{"digest":"${d('b')}","size":1e3}`), null) !== 'string');
});

const image = (digest: string, day: number): ImageRecord => ({
  account: '1', region: 'r', repository: 'x', digest, mediaType: DOCKER_MANIFEST, manifest: '', size: 0,
  pushedAt: new Date(Date.UTC(2026, 0, day)).toISOString(), artifactMediaType: null, subject: null, children: [], blobs: [], lastPulledAt: null,
});

test('lifecycle: rules by priority, an image expired by one rule at most, counts and ages', () => {
  const rules = parseLifecyclePolicy(JSON.stringify({ rules: [
    { rulePriority: 2, selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 10 }, action: { type: 'expire' } },
    { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['prod-*'], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } },
  ] }));
  assert.deepEqual(rules.map((r) => r.rulePriority), [1, 2]);
  const images = [
    { image: image(d('1'), 1), tags: ['prod-1'] },
    { image: image(d('2'), 2), tags: ['prod-2'] },
    { image: image(d('3'), 3), tags: ['dev'] },
    { image: image(d('4'), 25), tags: [] },
  ];
  const verdicts = evaluateLifecycle(rules, images, new Date(Date.UTC(2026, 0, 30)));
  assert.deepEqual(verdicts.map((v) => [v.tags, v.rulePriority]), [[['prod-1'], 1], [['dev'], 2]]);
  assert.throws(() => parseLifecyclePolicy(JSON.stringify({ rules: [
    { rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 } },
    { rulePriority: 2, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 } },
  ] })), /highest rulePriority/);
});

test('lifecycle: a tagPatternList string has at most four wildcards', () => {
  const policy = (pattern: string) => JSON.stringify({ rules: [
    { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: [pattern], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } },
  ] });
  // AWS's examples: "test*1*2*3*4*5*6" is refused, "*test*1*2*3" and "test*1*2*3*" are not.
  assert.throws(() => parseLifecyclePolicy(policy('test*1*2*3*4*5*6')), (e: Error) => e.name === 'InvalidParameterException' && /more than 4 wildcards/.test(e.message));
  assert.equal(parseLifecyclePolicy(policy('*test*1*2*3')).length, 1);
  assert.equal(parseLifecyclePolicy(policy('test*1*2*3*')).length, 1);
});
