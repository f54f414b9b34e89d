// A multipart/form-data body read as a stream (busboy): the fields before the file part, kept in
// memory under a bound, then the file part's bytes handed on unbuffered. What follows the file
// is not read for the caller (browser POST uploads: "the file ... must be the last field in the
// form", fields after it are ignored). https://www.rfc-editor.org/rfc/rfc7578
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html

import type { Readable } from 'node:stream';
import busboy from 'busboy';

export interface FormField {
  /** As sent (field names are matched case-insensitively by their users). */
  readonly name: string;
  readonly value: string;
}

export interface FormFile {
  /** The part's filename; undefined when the file was sent as a plain field (no filename). */
  readonly filename: string | undefined;
  /** The bytes, as they arrive; throws what failed the body (a malformed tail, a dropped connection). */
  readonly stream: AsyncIterable<Buffer>;
}

export interface FormHead {
  /** The fields before the file, in order. */
  readonly fields: readonly FormField[];
  /** The part named `fileField`; null when the form ended without one. */
  readonly file: FormFile | null;
  /**
   * Stops reading the body (the file's consumer is done, or gave up before reading it). Must be
   * called once the file is no longer wanted, so that the reader does not wait on it forever.
   */
  release(): void;
}

export type FormRefusal = 'malformed' | 'fields-too-large' | 'file-field-too-large';

export interface FormOptions {
  /** The field that holds the upload (compared case-insensitively). */
  readonly fileField: string;
  /**
   * Most bytes of field names and values before the file, and of any one field: a file sent as a
   * plain field (without a filename) too, as it is held in memory. busboy caps every field alike and
   * names a field only once its value is read, so the file's field cannot be let grow further
   * without letting every field before it do so.
   */
  readonly fieldBytes: number;
  /** The error for a body that cannot be read as the form (the caller's protocol answer). */
  readonly refuse: (reason: FormRefusal) => Error;
}

/**
 * Reads `body` up to its file part: resolves with the fields and the file stream, or rejects
 * with `refuse(...)` (or what failed the body). Memory stays bounded: the fields by
 * `fieldBytes`, the file by the stream's backpressure.
 */
export function readFormHead(body: AsyncIterable<Buffer>, contentType: string, options: FormOptions): Promise<FormHead> {
  let parser: busboy.Busboy;
  try {
    // (busboy's fieldNameSize is for urlencoded bodies only: a part's name is bounded by its header's size.)
    parser = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: options.fieldBytes } });
  } catch {
    // busboy refuses a Content-Type without a boundary at once.
    return Promise.reject(options.refuse('malformed'));
  }
  const wanted = options.fileField.toLowerCase();
  const fields: FormField[] = [];
  let fieldBytes = 0;
  let stopped = false;
  let settled = false;
  let fileStream: Readable | null = null;
  const release = () => {
    if (stopped) return;
    stopped = true;
    parser.removeAllListeners('file');
    parser.removeAllListeners('field');
    // An error after this point is nobody's concern; the listener keeps it from being thrown.
    parser.on('error', ignore);
    // The file first, without an error: destroying the parser under an unfinished file would fail
    // it with "Unexpected end of file" (its own listener, added when it was handed out, keeps that quiet too).
    fileStream?.destroy();
    parser.destroy();
  };
  return new Promise<FormHead>((resolve, reject) => {
    const settle = (file: FormFile | null) => {
      if (settled) return;
      settled = true;
      resolve({ fields, file, release });
    };
    // The head's end: the file (null: the form ended without one), once known; later parts are ignored.
    let found: FormFile | null | undefined;
    // Other file parts still being read past: their bytes flow after busboy handed them out, so
    // the form settles only once they are all counted (or refused).
    let draining = 0;
    const finish = (file: FormFile | null) => {
      if (found !== undefined) return;
      found = file;
      if (draining === 0) settle(file);
    };
    /** Adds bytes read before the file; false (the form refused) once they pass the cap. */
    const count = (bytes: number): boolean => {
      fieldBytes += bytes;
      if (fieldBytes <= options.fieldBytes) return true;
      fail(options.refuse('fields-too-large'));
      return false;
    };
    const fail = (error: Error) => {
      if (!settled) {
        settled = true;
        reject(error);
        release();
      } else if (fileStream && !fileStream.destroyed) {
        fileStream.destroy(error);
      }
    };
    parser.on('field', (sentName, value, info) => {
      if (found !== undefined || settled) return; // after the file: ignored
      const name = partName(sentName);
      if (name === '') return fail(options.refuse('malformed'));
      if (name.toLowerCase() === wanted) {
        if (info.valueTruncated) return fail(options.refuse('file-field-too-large'));
        const bytes = Buffer.from(value, 'utf8');
        return finish({ filename: undefined, stream: (async function* () { yield bytes; })() });
      }
      if (info.valueTruncated) return fail(options.refuse('fields-too-large'));
      if (count(Buffer.byteLength(name) + Buffer.byteLength(value))) fields.push({ name, value });
    });
    parser.on('file', (sentName, stream, info) => {
      // Every stream busboy hands out may be failed by it later (a malformed tail, the parser
      // destroyed by release): with no listener that error would be thrown, and take the process
      // down. A reader of the stream still sees the error through its iterator.
      stream.on('error', ignore);
      if (found !== undefined || settled) {
        stream.resume(); // after the file: ignored
        return;
      }
      const name = partName(sentName);
      if (name === '') return fail(options.refuse('malformed'));
      if (name.toLowerCase() !== wanted) {
        // Another file part before the upload: read past, unused, but its bytes count as a field's,
        // or a form could make Gantry read any amount before its file.
        if (!count(Buffer.byteLength(name))) return;
        draining += 1;
        stream.on('data', (chunk: Buffer) => {
          if (!settled) count(chunk.length);
        });
        stream.once('end', () => {
          draining -= 1;
          if (draining === 0 && found !== undefined) settle(found);
        });
        return;
      }
      fileStream = stream;
      finish({ filename: info.filename, stream });
    });
    parser.on('error', () => fail(options.refuse('malformed')));
    parser.on('close', () => finish(null));
    feed(body, parser, () => stopped).catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  });
}

/** Writes the body into the parser as it drains, until the body ends or the reader is released. */
async function feed(body: AsyncIterable<Buffer>, parser: busboy.Busboy, stopped: () => boolean): Promise<void> {
  for await (const chunk of body) {
    if (stopped()) return;
    if (!parser.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off('drain', done);
          parser.off('close', done);
          resolve();
        };
        parser.once('drain', done);
        parser.once('close', done);
      });
      if (stopped()) return;
    }
  }
  if (!stopped()) parser.end();
}

/** The error listener of a stream whose errors matter to nobody (or reach its reader another way). */
function ignore(): void {}

/**
 * A part's name: busboy passes undefined for a part whose Content-Disposition has no name (or an
 * empty one), which is ''. [INFER] AWS refuses such a part before the file as a malformed form.
 */
function partName(sent: string | undefined): string {
  return sent ?? '';
}
