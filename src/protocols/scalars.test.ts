import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTimestampText } from './scalars.js';

test('ISO 8601 text of a stored timestamp string is what the Date round trip gives', () => {
  const viaDate = (value: string) => new Date(value).toISOString().replace('.000Z', 'Z');
  let t = Date.UTC(1999, 11, 31, 23, 59, 59, 999);
  for (let i = 0; i < 2000; i++) {
    t += 86_399_937 + i * 7919; // walks days, month ends and milliseconds
    const iso = new Date(t).toISOString();
    const whole = `${iso.slice(0, 19)}Z`;
    for (const value of [iso, whole, `${iso.slice(0, 19)}.000Z`]) assert.equal(formatTimestampText(value, 'iso8601'), viaDate(value), value);
  }
  assert.equal(formatTimestampText('2026-02-30T00:00:00Z', 'iso8601'), '2026-03-02T00:00:00Z', 'an impossible day takes the Date path');
});
