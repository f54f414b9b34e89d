// Unit tests of the ciphertext blob: round trips, the encryption context bound as AAD
// (order-free, exact), tampering, and bytes that are not Gantry ciphertexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { canonicalContext, OpenedCiphertexts, openCiphertext, parseCiphertext, sealCiphertext } from './ciphertext.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

test('round trip; the header names the key and the material version', () => {
  const material = randomBytes(32);
  const blob = sealCiphertext(material, ARN, 3, Buffer.from('secret'), { b: '2', a: '1' });
  const parsed = parseCiphertext(blob);
  assert.ok(parsed);
  assert.equal(parsed.keyArn, ARN);
  assert.equal(parsed.version, 3);
  assert.equal(openCiphertext(material, parsed, { a: '1', b: '2' })?.toString(), 'secret');
  assert.ok(!blob.includes(Buffer.from('secret')));
});

test('a different, missing or extra context does not decrypt', () => {
  const material = randomBytes(32);
  const parsed = parseCiphertext(sealCiphertext(material, ARN, 1, Buffer.from('x'), { purpose: 'test' }));
  assert.ok(parsed);
  assert.equal(openCiphertext(material, parsed, {}), null);
  assert.equal(openCiphertext(material, parsed, { purpose: 'Test' }), null);
  assert.equal(openCiphertext(material, parsed, { purpose: 'test', more: '1' }), null);
  assert.equal(openCiphertext(randomBytes(32), parsed, { purpose: 'test' }), null);
});

test('tampering with the header or the data fails; garbage is not a ciphertext', () => {
  const material = randomBytes(32);
  const blob = sealCiphertext(material, ARN, 1, Buffer.from('hello'), {});
  const flipped = Buffer.from(blob);
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
  const parsedFlipped = parseCiphertext(flipped);
  assert.ok(parsedFlipped);
  assert.equal(openCiphertext(material, parsedFlipped, {}), null);
  const otherVersion = Buffer.from(blob);
  otherVersion[4 + ARN.length + 3] = 2;
  const parsedVersion = parseCiphertext(otherVersion);
  assert.ok(parsedVersion);
  assert.equal(openCiphertext(material, parsedVersion, {}), null);
  assert.equal(parseCiphertext(Buffer.from('not a ciphertext at all, really')), null);
  assert.equal(parseCiphertext(Buffer.alloc(0)), null);
});

test('the canonical context sorts keys and cannot be confused by separators', () => {
  assert.deepEqual(canonicalContext({ b: '1', a: '2' }), canonicalContext({ a: '2', b: '1' }));
  assert.notDeepEqual(canonicalContext({ 'a=b': 'c' }), canonicalContext({ a: 'b=c' }));
});

test('OpenedCiphertexts: remembers by bytes, context and material; hands out copies; stays bounded', () => {
  const material = randomBytes(32);
  const opened = new OpenedCiphertexts(2);
  const parsed = parseCiphertext(sealCiphertext(material, ARN, 1, Buffer.from('key'), { a: '1' }));
  assert.ok(parsed);
  const first = opened.open(material, 'm1', parsed, { a: '1' });
  assert.equal(first?.toString(), 'key');
  first?.fill(0);
  assert.equal(opened.open(material, 'm1', parsed, { a: '1' })?.toString(), 'key', 'a copy: zeroing it changes nothing kept');
  assert.equal(opened.open(material, 'm1', parsed, { a: '2' }), null, 'another context is opened, and fails');
  assert.equal(opened.open(randomBytes(32), 'm2', parsed, { a: '1' }), null, 'another material is opened, and fails');
  for (let i = 0; i < 5; i++) {
    const other = parseCiphertext(sealCiphertext(material, ARN, 1, Buffer.from(`k${i}`), {}));
    assert.ok(other);
    assert.equal(opened.open(material, 'm1', other, {})?.toString(), `k${i}`);
  }
  assert.equal((opened as unknown as { entries: Map<string, Buffer> }).entries.size, 2);
});
