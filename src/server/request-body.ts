// Request bodies as the pipeline takes them: buffered whole (API calls), or as an async
// iterable of chunks (S3 object data, streamed to disk). Both listen to the request's events
// directly: Readable.iterator() costs a few microseconds of set-up and promise plumbing per
// request, which shows at tens of thousands of small PUTs a second.

import type { IncomingMessage } from 'node:http';

/**
 * The client's connection failed before its request body ended (it closed, or reset, the
 * socket): the client's doing, not a fault of the service. The readers below throw it for any
 * failure of the request stream, since every such failure comes from the connection.
 */
export class ClientAbort extends Error {
  constructor(
    /** Body bytes that had arrived when the connection failed. */
    readonly bytesReceived: number,
    cause: unknown,
  ) {
    super(`the client closed the connection after ${bytesReceived} bytes of the request body`, { cause });
    this.name = 'ClientAbort';
  }
}

/**
 * The client sent nothing for `idleMs` while its request body was still owed (a Content-Length
 * longer than what it sends, a stalled uploader). S3 answers RequestTimeout after about 20
 * seconds of such silence, where Node would wait for its 300-second request timeout.
 */
export class BodyIdle extends Error {
  constructor(
    /** Body bytes that had arrived. */
    readonly bytesReceived: number,
    readonly idleMs: number,
  ) {
    super(`the client sent no body bytes for ${idleMs} ms after ${bytesReceived}`);
    this.name = 'BodyIdle';
  }
}

/** Requests whose body went idle: their connection is closed after the answer, the rest never read. */
const idled = new WeakSet<IncomingMessage>();

/** Whether `req`'s streamed body went idle (BodyIdle): the connection cannot carry another request. */
export function bodyWentIdle(req: IncomingMessage): boolean {
  return idled.has(req);
}

/** How long a streamed body may wait for the client's next bytes (S3's ~20 s; AWS does not document it). */
export const BODY_IDLE_MS = 20_000;

/**
 * A request body longer than the reader's limit: the client's doing. The body was left unread
 * (the connection is still there for the answer), so the connection cannot carry another request.
 */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is longer than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Buffers a (small) request body. One larger than `limit` bytes is a BodyTooLarge: at once
 * when its Content-Length says so, else as soon as the bytes read pass the limit; the rest is
 * left unread.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', (error) => reject(new ClientAbort(size, error)));
  });
}

/**
 * The body as chunks, read as the consumer asks (paused mode: the socket's backpressure works as
 * with any stream). Ending the iteration early leaves the request as it is, neither destroyed
 * nor drained: the caller decides (an error answer must still go out on the connection). A
 * connection that closes before the body ended is a ClientAbort.
 */
export function bodyChunks(req: IncomingMessage, idleMs: number = BODY_IDLE_MS): AsyncIterable<Buffer> {
  return { [Symbol.asyncIterator]: () => new BodyChunks(req, idleMs) };
}

class BodyChunks implements AsyncIterator<Buffer, undefined> {
  /** What failed the request stream (the connection); thrown as a ClientAbort. */
  private failure: Error | null = null;
  /** Body bytes handed to the consumer so far. */
  private received = 0;
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly onReadable = () => {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.onReadable();
  };
  private readonly onError = (error: Error) => {
    this.failure ??= error;
    this.onReadable();
  };
  private readonly onClose = () => {
    if (!this.req.complete) this.failure ??= Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    this.onReadable();
  };

  constructor(
    private readonly req: IncomingMessage,
    private readonly idleMs: number,
  ) {
    req.on('readable', this.onReadable);
    req.once('end', this.onEnd);
    req.on('error', this.onError);
    req.once('close', this.onClose);
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    for (;;) {
      if (this.failure) {
        this.detach();
        // Bytes still buffered arrived too, though nobody will read them now.
        throw new ClientAbort(this.received + this.req.readableLength, this.failure);
      }
      const chunk = this.req.read() as Buffer | null;
      if (chunk !== null) {
        this.received += chunk.length;
        return { value: chunk, done: false };
      }
      if (this.ended || this.req.readableEnded) {
        this.detach();
        return { value: undefined, done: true };
      }
      // Waiting on the client (not on the consumer): only this wait is timed.
      let idle = false;
      const timer = setTimeout(() => {
        idle = true;
        this.onReadable();
      }, this.idleMs);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      clearTimeout(timer);
      if (idle && this.req.readableLength === 0 && !this.ended && !this.req.readableEnded && !this.failure) {
        this.detach();
        idled.add(this.req);
        throw new BodyIdle(this.received, this.idleMs);
      }
    }
  }

  async return(): Promise<IteratorResult<Buffer, undefined>> {
    this.detach();
    return { value: undefined, done: true };
  }

  /** The error listener stays: an error after the iteration must not become an uncaught 'error' event. */
  private detach(): void {
    this.req.off('readable', this.onReadable);
    this.req.off('end', this.onEnd);
    this.req.off('close', this.onClose);
  }
}
