// Reading a body of chunks into one Buffer, with a size limit: a small object's body, an XML
// document, an answer gathered before it is written.

/**
 * Every byte of `source` in one Buffer: the chunk itself when there is only one (no copy).
 * Past `limit` bytes, what `tooLarge` makes is thrown and the rest is not read.
 */
export async function gatherChunks(
  source: AsyncIterable<Uint8Array>, limit = Number.POSITIVE_INFINITY, tooLarge: () => Error = () => new RangeError(`a body of more than ${limit} bytes`),
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const only = chunks.length === 1 ? (chunks[0] as Uint8Array) : null;
  if (only) return Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  return Buffer.concat(chunks, size);
}
