import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { secretBox } from './secret-box.js';

test('sealed secrets open with the same key and bound data only', () => {
  const box = secretBox(randomBytes(32));
  const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIDEXAMPLE');
  assert.ok(!sealed.includes('wJalr'), 'the plaintext does not appear');
  assert.equal(box.open(sealed, 'AKIDEXAMPLE'), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  assert.notEqual(box.seal('x'), box.seal('x'), 'a fresh IV each time');
  assert.throws(() => box.open(sealed, 'OTHER'));
  assert.throws(() => secretBox(randomBytes(32)).open(sealed, 'AKIDEXAMPLE'));
  const parts = sealed.split('.');
  const tag = parts[2] as string;
  parts[2] = (tag[0] === 'A' ? 'B' : 'A') + tag.slice(1);
  assert.throws(() => box.open(parts.join('.'), 'AKIDEXAMPLE'), 'a changed tag is refused');
  assert.throws(() => secretBox(randomBytes(16)));
});
