// Tag patterns: `*` for any run of characters, everything else literal, in bounded time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tagMatches } from './tag-wildcard.js';

test('tagMatches: literal text, `*` anywhere and matching nothing, regex characters as text', () => {
  assert.ok(tagMatches('prod', 'prod'));
  assert.ok(!tagMatches('prod', 'prod1'));
  assert.ok(tagMatches('prod*', 'prod'));
  assert.ok(tagMatches('prod*', 'prod-1.2'));
  assert.ok(tagMatches('*test*1*2*3', 'mytest-1-2-3'));
  assert.ok(!tagMatches('*test*1*2*3', 'mytest-1-2-3-4'));
  assert.ok(tagMatches('*', ''));
  assert.ok(tagMatches('a*b*c', 'abc'));
  assert.ok(tagMatches('a*b*c', 'aXbYbZc'));
  assert.ok(!tagMatches('a*b*c', 'aXbYbZ'));
  assert.ok(tagMatches('v1.0', 'v1.0'));
  assert.ok(!tagMatches('v1.0', 'v1x0'));
  assert.ok(!tagMatches('', 'a'));
});

test('tagMatches: many wildcards against a long tag they do not fit answer at once', () => {
  const started = performance.now();
  assert.ok(!tagMatches(`${'*'.repeat(127)}x`, 'a'.repeat(300)));
  assert.ok(!tagMatches('*a*a*a*a', `${'a'.repeat(299)}b`));
  assert.ok(tagMatches('*a*a*a*a', 'a'.repeat(300)));
  assert.ok(performance.now() - started < 1000);
});
