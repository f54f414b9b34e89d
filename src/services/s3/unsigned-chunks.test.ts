// aws-chunked bodies with unsigned trailers, cut into socket chunks at every possible place:
// the data and the trailer come out the same; malformed framing is IncompleteBody.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeUnsignedChunks } from './unsigned-chunks.js';

function encode(data: Buffer, chunkSize: number, trailer = 'x-amz-checksum-crc32:AAAAAA=='): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) {
    const chunk = data.subarray(i, i + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n\r\n`));
  return Buffer.concat(parts);
}

async function* cut(bytes: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function decode(body: AsyncIterable<Buffer>): Promise<{ data: Buffer; trailers: Map<string, string> }> {
  const trailers = new Map<string, string>();
  const parts: Buffer[] = [];
  for await (const part of decodeUnsignedChunks(body, trailers)) parts.push(part);
  return { data: Buffer.concat(parts), trailers };
}

test('unsigned aws-chunked: any cut of the wire bytes decodes to the same data and trailer', async () => {
  const data = randomBytes(1000);
  const wire = encode(data, 300);
  for (let size = 1; size <= wire.length; size++) {
    const got = await decode(cut(wire, [size]));
    assert.deepEqual(got.data, data, `cut every ${size} bytes`);
    assert.equal(got.trailers.get('x-amz-checksum-crc32'), 'AAAAAA==');
  }
  const big = randomBytes(300_000);
  const decoded = await decode(cut(encode(big, 65_536), [65_536, 7, 100_000, 3]));
  assert.deepEqual(decoded.data, big);
  const empty = await decode(cut(encode(Buffer.alloc(0), 1), [5]));
  assert.equal(empty.data.length, 0);
});

test('unsigned aws-chunked: data yielded as slices of the socket chunks, not copies', async () => {
  const wire = encode(randomBytes(50_000), 50_000);
  const chunk = Buffer.from(wire);
  const parts: Buffer[] = [];
  for await (const part of decodeUnsignedChunks(cut(chunk, [chunk.length]), new Map())) parts.push(part);
  assert.equal(parts.length, 1);
  assert.equal(parts[0]?.buffer, chunk.buffer);
});

test('unsigned aws-chunked: missing CRLF, short data, a bad size or an endless line is IncompleteBody', async () => {
  const data = Buffer.from('hello world');
  const good = encode(data, 5);
  const bad: [string, Buffer][] = [
    ['data cut short', good.subarray(0, 10)],
    ['no CRLF after the data', Buffer.from('5\r\nhelloXX0\r\n\r\n')],
    ['LF without CR', Buffer.from('5\nhello\r\n0\r\n\r\n')],
    ['size not hex', Buffer.from('zz\r\nhello\r\n0\r\n\r\n')],
    ['no end', Buffer.from('5\r\nhello\r\n')],
    ['a line without end', Buffer.concat([Buffer.from('5'), Buffer.alloc(10_000, 0x20)])],
  ];
  for (const [what, wire] of bad) {
    await assert.rejects(decode(cut(wire, [3])), { code: 'IncompleteBody' }, what);
  }
});
