// Marker-based paging as IAM and most query-protocol services do it: an opaque marker
// that is the position of the next item.

import { AwsError } from '../core/aws-error.js';

export function page<T>(items: readonly T[], marker: unknown, maxItems: unknown, limit = 100): { items: T[]; isTruncated: boolean; marker?: string } {
  const size = typeof maxItems === 'number' ? maxItems : limit;
  let start = 0;
  if (typeof marker === 'string' && marker !== '') {
    const decoded = Number(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsError('InvalidInput', 'Invalid Marker.', 400);
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const next = start + slice.length;
  if (next < items.length) return { items: slice, isTruncated: true, marker: Buffer.from(String(next)).toString('base64url') };
  return { items: slice, isTruncated: false };
}
