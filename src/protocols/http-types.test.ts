import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headersWithPrefix, headerValue, markLowerCaseHeaders } from './http-types.js';

describe('headerValue', () => {
  it('finds a header by any case, joining repeated values', () => {
    const headers = { 'X-Amz-Date': '20260101T000000Z', accept: ['a', 'b'] };
    assert.equal(headerValue(headers, 'x-amz-date'), '20260101T000000Z');
    assert.equal(headerValue(headers, 'ACCEPT'), 'a, b');
    assert.equal(headerValue(headers, 'missing'), undefined);
  });

  it('takes a marked bag at its word: lower-case names only, so a miss is final, for each marked bag on its own', () => {
    // (A marked bag with an upper-case name breaks the promise; that is how the shortcut shows.)
    const first = { 'X-Odd': 'v', host: 'one' };
    const second = { 'X-Odd': 'w', host: 'two' };
    markLowerCaseHeaders(first);
    markLowerCaseHeaders(second);
    assert.equal(headerValue(first, 'x-odd'), undefined);
    assert.equal(headerValue(second, 'x-odd'), undefined, 'marking a second bag leaves the first marked');
    assert.equal(headerValue(first, 'Host'), 'one');
    assert.deepEqual(Object.keys(first), ['X-Odd', 'host'], 'the mark is not an enumerable key');
    assert.equal(headerValue({ 'X-Odd': 'v' }, 'x-odd'), 'v', 'an unmarked bag is searched');
  });
});

describe('headersWithPrefix', () => {
  it('collects prefixed headers by the rest of their name, from marked and unmarked bags alike', () => {
    const node = { 'x-amz-meta-color': 'blue', 'x-amz-meta-size': ['1', '2'], host: 'h' };
    markLowerCaseHeaders(node);
    assert.deepEqual(headersWithPrefix(node, 'x-amz-meta-'), { color: 'blue', size: '1, 2' });
    assert.deepEqual(headersWithPrefix({ 'X-Amz-Meta-Color': 'blue', 'x-amz-meta-color': 'red' }, 'x-amz-meta-'), { color: 'blue, red' });
    assert.equal(headersWithPrefix(node, 'x-amz-grant-'), null);
  });
});
