// S3's tag rules: what checkTags accepts and the first rule a set breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTags } from './s3-tags.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
};

test('checkTags: counts per target, keys, values, prefix', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: '' }));
  assert.equal(codeOf(() => checkTags(many(10), 'object')), 'accepted');
  assert.equal(codeOf(() => checkTags(many(11), 'object')), 'InvalidRequest: Object tags cannot be greater than 10');
  assert.equal(codeOf(() => checkTags(many(50), 'bucket')), 'accepted');
  assert.equal(codeOf(() => checkTags(many(51), 'bucket')), 'InvalidRequest: Bucket tag count cannot be greater than 50');
  assert.equal(codeOf(() => checkTags([{ Key: '', Value: 'v' }], 'object')), 'InvalidTag: The TagKey you have provided is invalid');
  assert.equal(codeOf(() => checkTags([{ Key: 'a!', Value: 'v' }], 'object')), 'InvalidTag: The TagKey you have provided is invalid');
  assert.equal(codeOf(() => checkTags([{ Key: 'a', Value: 'x#' }], 'object')), 'InvalidTag: The TagValue you have provided is invalid');
  assert.equal(codeOf(() => checkTags([{ Key: 'AWS:x', Value: '' }], 'object')), 'InvalidTag: Your TagKey cannot be prefixed with aws:');
  assert.equal(codeOf(() => checkTags([{ Key: 'aws:x', Value: '' }], 'bucket')), 'InvalidTag: System tags cannot be added/updated by requester');
  assert.equal(codeOf(() => checkTags([{ Key: 'プロジェクト 1', Value: 'a+b=c.d_e:f/g@h-i' }], 'object')), 'accepted');
  const error = (() => { try { checkTags([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], 'object'); } catch (e) { return e as { fields: Record<string, string> }; } return null; })();
  assert.deepEqual(error?.fields, { TagKey: 'a' });
});
