import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addFormPairs } from './query-decode.js';

function pairs(source: string): [string, string][] {
  const out: [string, string][] = [];
  addFormPairs(source, { add: (k, v) => out.push([k, v]) });
  return out;
}

test('form pairs are read exactly as URLSearchParams reads them', () => {
  const samples = [
    '', '?', 'Action=GetUser&Version=2010-05-08&UserName=bench-reader', '?a=1&b=2', 'a=1&&b=2&', '&a', 'a', 'a=', '=b', '==', 'a=b=c',
    'k=hello+world', 'k=%2B%20%26%3D', 'k=%', 'k=%zz&j=%4', 'k=%FF%FE', 'k=caf%C3%A9', 'Tags.member.1.Key=a%2Fb&Tags.member.1.Value=%E2%9C%93',
    'a+b=c+d', '%61=%62', 'k=%E2%82', 'x=1&x=2&x=3',
  ];
  let seed = 7;
  const alphabet = 'ab=&+%2F0Ce.';
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = (i % 23) + 1;
    for (let j = 0; j < n; j++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      s += alphabet[seed % alphabet.length];
    }
    samples.push(s);
  }
  for (const sample of samples) assert.deepEqual(pairs(sample), [...new URLSearchParams(sample)], JSON.stringify(sample));
});
