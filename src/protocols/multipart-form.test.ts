import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFormHead, type FormOptions, type FormRefusal } from './multipart-form.js';

const CONTENT_TYPE = 'multipart/form-data; boundary=XX';

function part(disposition: string, value: string): string {
  return `--XX\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${value}\r\n`;
}

/** The form's parts and its closing delimiter, as one body. */
function body(...parts: string[]): AsyncIterable<Buffer> {
  const bytes = Buffer.from(`${parts.join('')}--XX--\r\n`);
  return (async function* () { yield bytes; })();
}

const OPTIONS: FormOptions = {
  fileField: 'file', fieldBytes: 1024, refuse: (reason: FormRefusal) => new Error(reason),
};

async function fileText(form: ReturnType<typeof body>): Promise<string> {
  const head = await readFormHead(form, CONTENT_TYPE, OPTIONS);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of head.file?.stream ?? []) chunks.push(chunk);
    return Buffer.concat(chunks).toString();
  } finally {
    head.release();
  }
}

test('file parts before the upload are counted against the fields\' cap, though their bytes are not kept', async () => {
  const upload = part('name="file"; filename="u.txt"', 'upload');
  assert.equal(await fileText(body(part('name="other"; filename="o.bin"', 'x'.repeat(100)), upload)), 'upload');
  await assert.rejects(fileText(body(part('name="other"; filename="o.bin"', 'x'.repeat(2000)), upload)), { message: 'fields-too-large' });
});

test('parts after the file are not read as fields, even while an earlier file part is still being counted', async () => {
  const head = await readFormHead(body(
    part('name="other"; filename="o.bin"', 'x'.repeat(100)),
    part('name="file"; filename="u.txt"', 'upload'),
    part('name="late"', 'ignored'),
    part('name="file"; filename="second.txt"', 'second'),
  ), CONTENT_TYPE, OPTIONS);
  try {
    assert.deepEqual(head.fields, []);
    assert.equal(head.file?.filename, 'u.txt');
  } finally {
    head.release();
  }
});

test('no field is held past the cap: a longer one, or a longer file sent as a plain field, is refused', async () => {
  const upload = part('name="file"; filename="u.txt"', 'upload');
  await assert.rejects(fileText(body(part('name="big"', 'x'.repeat(2000)), upload)), { message: 'fields-too-large' });
  assert.equal(await fileText(body(part('name="file"', 'p'.repeat(1000)))), 'p'.repeat(1000));
  await assert.rejects(fileText(body(part('name="file"', 'p'.repeat(2000)))), { message: 'file-field-too-large' });
});
