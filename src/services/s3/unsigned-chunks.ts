// Decoder for `aws-chunked` bodies sent with STREAMING-UNSIGNED-PAYLOAD-TRAILER: chunks
// `<hex-size>\r\n<data>\r\n`, a zero-size chunk, then trailing headers (the checksum) and
// an empty line. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
// Data is yielded as slices of the socket's chunks; only a line cut across two of them is copied.

import { incompleteBody } from '../../engines/objects/s3-errors.js';

const MAX_LINE = 4096;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** Yields chunk data; fills `trailers` (lower-case names) once the body ended. */
export async function* decodeUnsignedChunks(raw: AsyncIterable<Buffer>, trailers: Map<string, string>): AsyncGenerator<Buffer> {
  const source = raw[Symbol.asyncIterator]();
  let buffer: Buffer = EMPTY;
  /** Replaces the (consumed) buffer with the next chunk; false at the end of the body. */
  const pull = async (): Promise<boolean> => {
    const next = await source.next();
    if (next.done) return false;
    buffer = next.value;
    return true;
  };
  /** The next CRLF-terminated line, without its CRLF. */
  const line = async (): Promise<string> => {
    let head: Buffer | null = null;
    for (;;) {
      const at = buffer.indexOf(LF);
      if (at >= 0) {
        const tail = buffer.subarray(0, at);
        buffer = buffer.subarray(at + 1);
        const bytes = head ? Buffer.concat([head, tail]) : tail;
        if (bytes.length === 0 || bytes[bytes.length - 1] !== CR || bytes.length > MAX_LINE) throw incompleteBody();
        return bytes.toString('latin1', 0, bytes.length - 1);
      }
      head = head ? Buffer.concat([head, buffer]) : buffer;
      if (head.length > MAX_LINE || !(await pull())) throw incompleteBody();
    }
  };
  for (;;) {
    const header = await line();
    const size = parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isSafeInteger(size) || size < 0) throw incompleteBody();
    if (size === 0) break;
    let left = size;
    while (left > 0) {
      if (buffer.length === 0 && !(await pull())) throw incompleteBody();
      const take = Math.min(left, buffer.length);
      const data = buffer.subarray(0, take);
      buffer = buffer.subarray(take);
      left -= take;
      yield data;
    }
    if ((await line()) !== '') throw incompleteBody();
  }
  for (;;) {
    if (buffer.length === 0 && !(await pull())) break;
    const text = await line();
    if (text === '') break;
    const colon = text.indexOf(':');
    if (colon > 0) trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
  }
}
