// Path, query and header canonicalization rules (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeHeaderValue } from './canonical-headers.js';
import { canonicalQueryString, canonicalUri, parseQuery, uriEncode } from './encoding.js';

const S3 = { doubleEncode: false, normalize: false };
const OTHER = { doubleEncode: true, normalize: true };

test('paths: double encoding and normalization except for S3', () => {
  assert.equal(canonicalUri('/foo/bar/baz%3Cqux%3Aquux', OTHER), '/foo/bar/baz%253Cqux%253Aquux');
  assert.equal(canonicalUri('/foo/bar/baz%3Cqux%3Aquux', S3), '/foo/bar/baz%3Cqux%3Aquux');
  assert.equal(canonicalUri('/a/./b//c/../d/', OTHER), '/a/b/d/');
  assert.equal(canonicalUri('/a/./b//c/../d/', S3), '/a/./b//c/../d/');
  assert.equal(canonicalUri('/my key/ሴ', S3), '/my%20key/%E1%88%B4');
  assert.equal(canonicalUri('/a%2Fb/c!', S3), '/a%2Fb/c%21');
  assert.equal(canonicalUri('', OTHER), '/');
  assert.equal(uriEncode('-._~ +*%'), '-._~%20%2B%2A%25');
});

test('query: decoded then RFC 3986 encoded, sorted by name then value', () => {
  const q = parseQuery('b=2&a=z&a=Y&c&%E1%88%B4=x+y&bad=%zz');
  assert.equal(canonicalQueryString(q), '%E1%88%B4=x%2By&a=Y&a=z&b=2&bad=%25zz&c=');
  assert.equal(canonicalQueryString(parseQuery('X-Amz-Signature=1&a=1'), (n) => n === 'X-Amz-Signature'), 'a=1');
});

test('header values: trimmed, folded, inner whitespace collapsed', () => {
  assert.equal(normalizeHeaderValue('  "a   b   c"  '), '"a b c"');
  assert.equal(normalizeHeaderValue('value1\n  value2\n     value3'), 'value1 value2 value3');
});
