import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from '../../engines/objects/s3-errors.js';
import { checkPostPolicy, lengthRange, parsePostPolicy, withinRange } from './post-policy.js';

const encode = (document: unknown) => Buffer.from(JSON.stringify(document)).toString('base64');
const NOW = new Date('2030-01-01T00:00:00Z');
const LATER = '2030-01-01T01:00:00Z';

function refusal(run: () => unknown, code: string, message: string): void {
  assert.throws(run, (error: S3Error) => {
    assert.deepEqual([error.code, error.message], [code, message]);
    return true;
  });
}

test('a policy that is not one is InvalidPolicyDocument; a simple condition names exactly one field (AWS text)', () => {
  refusal(() => parsePostPolicy('not base64 json'), 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  refusal(() => parsePostPolicy(encode({ conditions: [] })), 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  refusal(() => parsePostPolicy(encode({ expiration: LATER, conditions: [{ bucket: 'b', key: 'k' }] })), 'InvalidPolicyDocument',
    'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
});

test('conditions: names compare case-insensitively, values exactly; a reference without $ never holds; the first failure is quoted', () => {
  const policy = parsePostPolicy(encode({
    expiration: LATER,
    conditions: [{ bucket: 'b' }, ['eq', '$success_Action_REDIRECT', 'http://a/'], ['starts-with', '$key', 'user/'], ['starts-with', '$Content-Type', '']],
  }));
  const fields = (entries: [string, string][]) => new Map<string, string>([['bucket', 'b'], ...entries]);
  checkPostPolicy(policy, fields([['success_action_redirect', 'http://a/'], ['key', 'user/x']]), NOW);
  refusal(() => checkPostPolicy(policy, fields([['success_action_redirect', 'HTTP://a/'], ['key', 'user/x']]), NOW), 'AccessDenied',
    'Invalid according to Policy: Policy Condition failed: ["eq", "$success_Action_REDIRECT", "http://a/"]');
  refusal(() => checkPostPolicy(policy, fields([['success_action_redirect', 'http://a/'], ['key', 'other/x']]), NOW), 'AccessDenied',
    'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]');
  const noDollar = parsePostPolicy(encode({ expiration: LATER, conditions: [['eq', 'key', 'k']] }));
  refusal(() => checkPostPolicy(noDollar, fields([['key', 'k']]), NOW), 'AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "key", "k"]');
});

test('expiry is checked first; fields no condition names are refused, but x-ignore-, policy, file and x-amz-signature need none', () => {
  const policy = parsePostPolicy(encode({ expiration: LATER, conditions: [{ key: 'k' }] }));
  refusal(() => checkPostPolicy(policy, new Map([['key', 'nope']]), new Date(LATER)), 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  checkPostPolicy(policy, new Map([['key', 'k'], ['x-ignore-a', '1'], ['policy', 'p'], ['x-amz-signature', 's']]), NOW);
  refusal(() => checkPostPolicy(policy, new Map([['key', 'k'], ['acl', 'private'], ['x-amz-meta-a', '1']]), NOW), 'AccessDenied',
    'Invalid according to Policy: Extra input fields: acl, x-amz-meta-a');
});

test('content-length-range takes numbers or their text; anything else fails as a condition (AWS-recorded)', async () => {
  const policy = parsePostPolicy(encode({ expiration: LATER, conditions: [['content-length-range', '5', 10], ['content-length-range', 0, 8]] }));
  assert.deepEqual(lengthRange(policy), { min: 5, max: 8 });
  const bad = parsePostPolicy(encode({ expiration: LATER, conditions: [['content-length-range', 'test', '10']] }));
  refusal(() => checkPostPolicy(bad, new Map(), NOW), 'AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["content-length-range", "test", "10"]');
  const read = async (chunks: string[]) => {
    let size = 0;
    for await (const chunk of withinRange((async function* () { for (const c of chunks) yield Buffer.from(c); })(), { min: 5, max: 8 })) size += chunk.length;
    return size;
  };
  assert.equal(await read(['abc', 'de']), 5);
  // Refused at the chunk that passes the limit, naming the bytes seen: the rest is never read.
  await assert.rejects(read(['abcdef', 'ghi', 'jkl']), (error: S3Error) => error.code === 'EntityTooLarge' && error.fields['ProposedSize'] === '9');
  const unending = (async function* () {
    yield Buffer.from('abcdef');
    yield Buffer.from('ghi');
    throw new Error('read past the limit');
  })();
  await assert.rejects((async () => {
    for await (const _chunk of withinRange(unending, { min: 0, max: 8 }));
  })(), (error: S3Error) => error.code === 'EntityTooLarge');
  await assert.rejects(read(['abc']), (error: S3Error) => error.code === 'EntityTooSmall' && error.fields['MinSizeAllowed'] === '5');
});
