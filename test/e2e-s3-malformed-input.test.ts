// Requests whose bytes are odd but S3's to answer: each gets an AWS-shaped answer, never a 500,
// and what was stored stays readable. Sent as raw signed HTTP, since SDKs refuse or re-encode
// most of these values before they are sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { send, signS3 } from './support/raw-http.js';
import { s3Client } from './support/s3-helpers.js';

const BUCKET = 'odd-input';
const gantry = useGantry({ accountId: '111122223333' }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
});

/** A request signed by the root user, the payload unsigned; `unsigned` headers are sent beside the signature. */
async function signed(method: string, path: string, unsigned: Record<string, string> = {}, body?: Buffer | string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString().replace(/\+/g, '%20');
  const headers = await signS3(gantry.url, gantry.root, method, path, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, new Date(), query);
  return send(gantry.url, method, search === '' ? path : `${path}?${search}`, { ...headers, ...unsigned }, body);
}

test('a Content-Disposition with non-ASCII bytes (a UTF-8 filename) is written back by HEAD and by a streamed GET, not answered 500', async () => {
  // What curl or a browser sends for filename="café.txt": its UTF-8 bytes, which Node reads as Latin-1 text.
  const disposition = Buffer.from('attachment; filename="café.txt"', 'utf8').toString('latin1');
  for (const [key, size] of [['small.txt', 100], ['large.bin', 300 * 1024]] as const) {
    // A string body: given a Buffer, Node's own client re-encodes a Content-Disposition (the quirk this test is about).
    const body = 'x'.repeat(size);
    assert.equal((await signed('PUT', `/${BUCKET}/${key}`, { 'content-disposition': disposition }, body)).status, 200);
    const head = await signed('HEAD', `/${BUCKET}/${key}`);
    assert.equal(head.status, 200, `HEAD ${key}`);
    assert.equal(head.headers['content-length'], String(size));
    assert.deepEqual(Buffer.from(head.headers['content-disposition'] as string, 'latin1'), Buffer.from('attachment; filename="café.txt"'), `HEAD ${key}'s Content-Disposition`);
    const get = await signed('GET', `/${BUCKET}/${key}`);
    assert.equal(get.status, 200, `GET ${key}`);
    assert.equal(get.body.toString(), body);
    assert.equal(get.headers['content-disposition'], disposition);
  }
  // The same through response-content-disposition on a HEAD.
  const override = await signed('HEAD', `/${BUCKET}/small.txt`, {}, undefined, { 'response-content-disposition': 'inline; filename="naïve.txt"' });
  assert.equal(override.status, 200);
  assert.equal(override.headers['content-disposition'], 'inline; filename="naïve.txt"');
});

test('a response-* override no header can carry (past Latin-1, CR/LF) is InvalidArgument naming the parameter, not a 500', async () => {
  await signed('PUT', `/${BUCKET}/plain.txt`, {}, 'plain');
  const cases: [string, string, string][] = [
    ['response-content-disposition', 'attachment; filename="D’Arcy.jpg"', 'Header value cannot be represented using ISO-8859-1.'],
    ['response-content-type', 'text/plain; charset=€', 'Header value cannot be represented using ISO-8859-1.'],
    ['response-cache-control', 'no-cache\r\nSet-Cookie: a=b', 'Header value contains characters that are not allowed in an HTTP header.'],
    ['response-content-language', 'en\u0000', 'Header value contains characters that are not allowed in an HTTP header.'],
  ];
  for (const [argument, value, message] of cases) {
    for (const method of ['GET', 'HEAD']) {
      const answer = await signed(method, `/${BUCKET}/plain.txt`, {}, undefined, { [argument]: value });
      assert.equal(answer.status, 400, `${method} ${argument}`);
      if (method === 'HEAD') continue;
      const body = answer.body.toString();
      assert.match(body, /<Code>InvalidArgument<\/Code>/);
      assert.match(body, new RegExp(`<Message>${message.replace(/\./g, '\\.')}</Message>`));
      assert.match(body, new RegExp(`<ArgumentName>${argument}</ArgumentName>`));
    }
  }
  // Latin-1 text is carried as it is.
  const latin = await signed('GET', `/${BUCKET}/plain.txt`, {}, undefined, { 'response-content-language': 'français' });
  assert.deepEqual([latin.status, latin.headers['content-language'], latin.body.toString()], [200, 'français', 'plain']);
});
