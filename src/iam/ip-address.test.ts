import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, parseIp } from './ip-address.js';

function inside(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  const address = parseIp(ip);
  assert.ok(block, `cidr ${cidr} parses`);
  assert.ok(address !== null, `ip ${ip} parses`);
  return block.contains(address);
}

test('IPv4 CIDR membership', () => {
  assert.equal(inside('203.0.113.0/24', '203.0.113.255'), true);
  assert.equal(inside('203.0.113.0/24', '203.0.114.0'), false);
  assert.equal(inside('0.0.0.0/0', '8.8.8.8'), true);
  assert.equal(inside('10.1.2.3', '10.1.2.3'), true);
  assert.equal(inside('10.1.2.3/32', '10.1.2.4'), false);
});

test('IPv6 CIDR membership, compressed forms and embedded IPv4', () => {
  assert.equal(inside('2001:db8::/32', '2001:db8:1234::1'), true);
  assert.equal(inside('2001:db8::/32', '2001:db9::1'), false);
  assert.equal(inside('2001:DB8:1234:5678::/64', '2001:db8:1234:5678:ffff::1'), true);
  assert.equal(inside('::ffff:0:0/96', '192.0.2.1'), true, 'IPv4 lives in the mapped range');
  assert.equal(inside('2001:db8::/32', '192.0.2.1'), false);
  assert.equal(inside('203.0.113.0/24', '::1'), false);
});

test('malformed addresses and blocks are refused', () => {
  for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '2001:db8:::1', '1::2::3', '']) {
    assert.equal(parseIp(bad), null, bad);
  }
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x', '10.0.0.0/8/8']) {
    assert.equal(parseCidr(bad), null, bad);
  }
});
