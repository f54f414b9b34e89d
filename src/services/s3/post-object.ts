// POST Object: a browser form upload to a bucket. The form's fields carry what PutObject carries
// in headers (read by PutObject's model), the policy they must meet (when the form is signed),
// the key (with ${filename}), a `tagging` XML document and how to answer: a redirect, or
// success_action_status 200, 201 (a PostResponse document) or 204 (the default).
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/HTTPPOSTForms.html

import { getBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import { invalidArgument, type S3Error } from '../../engines/objects/s3-errors.js';
import {
  decodeHeaderMembers, decodeXmlDocument, encodeResponse, escapeXml, loadModel, type FormField, type FormFile, type HttpResponse,
} from '../../protocols/index.js';
import type { Input, OperationHandler, Output } from '../service-types.js';
import type { InputGuard } from './input-guards.js';
import { streamPayload } from './object-request.js';
import { objectUrl } from './object-url.js';
import { writeObject } from './object-write.js';
import { checkPostPolicy, lengthRange, parsePostPolicy, withinRange } from './post-policy.js';
import { headerNameRefusal, headerValueRefusal } from './header-values.js';
import { s3DecodeError } from './s3-transport.js';
import { tagList } from './s3-input.js';

/** The operation's name: POST Object is in no botocore model, so Gantry names it as AWS's documentation does. */
export const POST_OBJECT = 'PostObject';

/** What the transport hands the handler: the bucket of the URL, the fields before the file, the file. */
export interface PostObjectInput {
  readonly Bucket: string;
  /** The fields before the file, by lower-case name (fieldMap). */
  readonly Fields: ReadonlyMap<string, string>;
  readonly File: FormFile;
  /** A signed form's policy (base64), whose signature the pipeline checked, to be enforced; null for an anonymous form. */
  readonly Policy: string | null;
}

/** "Bucket POST must contain a field named '...'" (InvalidArgument; AWS's text, two spaces included). */
export function missingPostField(name: string): S3Error {
  return invalidArgument(`Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, name, '');
}

/** The form's fields by lower-case name; the first of a repeated name counts ([INFER]). */
export function fieldMap(fields: readonly FormField[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of fields) {
    const lower = name.toLowerCase();
    if (!map.has(lower)) map.set(lower, value);
  }
  return map;
}

/** The answer chosen by the form, kept beside PutObject's output until it is encoded. */
const ANSWER = Symbol('post-object-answer');

interface PostAnswer {
  readonly redirect: string | null;
  readonly status: 200 | 201 | 204;
  readonly bucket: string;
  readonly key: string;
  readonly location: string;
}

/** `guards`: the input guards of every S3 operation, run on the PutObject input the form describes. */
export function postObjectOperations(objects: ObjectContext, guards: readonly InputGuard[]): Record<string, OperationHandler> {
  return {
    [POST_OBJECT]: async (raw, ctx) => {
      const input = raw as unknown as PostObjectInput;
      const bucket = getBucket(objects, input.Bucket);
      const fields = input.Fields;
      const sentKey = fields.get('key');
      if (sentKey === undefined) throw missingPostField('key');
      let payload = input.File.stream;
      if (input.Policy !== null) {
        const policy = parsePostPolicy(input.Policy);
        checkPostPolicy(policy, new Map([...fields, ['bucket', bucket.name]]), objects.clock.now());
        const range = lengthRange(policy);
        if (range !== null) payload = withinRange(payload, range);
      }
      // "${filename}" takes the name of the file the user chose; a file sent without one keeps it as typed (AWS-recorded).
      const filename = input.File.filename;
      const key = filename !== undefined ? sentKey.split('${filename}').join(filename) : sentKey;
      if (key === '') throw missingPostField('key');
      const put: Input = {
        ...headerMembers(fields), ...formTagging(fields.get('tagging')),
        Bucket: bucket.name, Key: key, Body: streamPayload(payload, undefined),
      };
      for (const guard of guards) guard(put);
      const output = await writeObject(objects, ctx, bucket, put);
      const answer: PostAnswer = {
        redirect: redirectOf(fields.get('success_action_redirect') ?? fields.get('redirect')),
        status: statusOf(fields.get('success_action_status')),
        bucket: bucket.name,
        key,
        location: objectUrl(ctx.host, bucket.name, key),
      };
      return { ...output, [ANSWER]: answer };
    },
  };
}

/** The fields (besides x-amz-meta-*) GetObject and HeadObject answer with as they were stored. */
const WRITTEN_BACK = new Set(['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'content-type', 'expires']);

/**
 * The fields PutObject would read as headers, by its model (x-amz-meta-*, Content-Type,
 * x-amz-server-side-encryption...). Not Tagging: a form's tags are its `tagging` field's alone,
 * so an x-amz-tagging field is no header here (it would be judged where other tags are stored).
 */
function headerMembers(fields: ReadonlyMap<string, string>): Input {
  const headers: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name === 'x-amz-tagging') continue;
    // A field's UTF-8 bytes, as the Latin-1 text a header of those bytes is read as: GET sends
    // back the bytes the form sent, as for PutObject's headers (a character past Latin-1 had
    // been stored as it was, and every GET and HEAD of the object was a 500 after).
    const text = Buffer.from(value, 'utf8').toString('latin1');
    if (WRITTEN_BACK.has(name) || name.startsWith('x-amz-meta-')) {
      const refusal = (name.startsWith('x-amz-meta-') ? headerNameRefusal(name) : null) ?? headerValueRefusal(name, text);
      if (refusal) throw refusal;
    }
    // The form's canned ACL is `acl`, where PutObject's header is x-amz-acl.
    headers[name === 'acl' ? 'x-amz-acl' : name] = text;
  }
  try {
    return decodeHeaderMembers(loadModel('s3'), 'PutObject', headers);
  } catch (error) {
    throw s3DecodeError(error);
  }
}

/**
 * The `tagging` field, a Tagging document (MalformedXML when it is not XML; no tags when it names
 * none, as AWS-recorded), as PutObject's Tagging: the x-amz-tagging header's k=v form, from which
 * writeObject both authorizes (s3:RequestObjectTag/*) and stores the tags.
 */
function formTagging(xml: string | undefined): Input {
  if (xml === undefined) return {};
  const document = decodeXmlDocument(loadModel('s3'), 'Tagging', xml) as { TagSet?: unknown } | undefined;
  return { Tagging: new URLSearchParams(tagList(document?.TagSet).map((tag): [string, string] => [tag.Key, tag.Value])).toString() };
}

/** A redirect S3 can follow: an absolute http(s) URL; any other value is ignored, as if absent (AWS-recorded for a relative path). */
function redirectOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // As parsed (ASCII: percent-encoded, CR/LF dropped) when the Location header could not carry it as sent ([INFER]).
    return headerValueRefusal('success_action_redirect', value) === null ? value : url.href;
  } catch {
    return null;
  }
}

/** success_action_status: 200 or 201 as asked; anything else (or nothing) is 204, the documented default. */
function statusOf(value: string | undefined): 200 | 201 | 204 {
  return value === '200' ? 200 : value === '201' ? 201 : 204;
}

/**
 * The HTTP answer: PutObject's headers (ETag, version, encryption, checksum) with Location, and
 * the status and body the form asked for. The 303's Location carries bucket, key and etag.
 */
export function postObjectResponse(output: Output, requestId: string): HttpResponse {
  const answer = (output as Record<symbol, unknown>)[ANSWER] as PostAnswer;
  const encoded = encodeResponse(loadModel('s3'), 'PutObject', output, requestId);
  const headers: Record<string, string> = { ...encoded.headers };
  delete headers['Content-Type'];
  delete headers['content-type'];
  const etag = String(output['ETag']);
  if (answer.redirect !== null) {
    const query = new URLSearchParams({ bucket: answer.bucket, key: answer.key, etag }).toString();
    headers['Location'] = `${answer.redirect}${answer.redirect.includes('?') ? '&' : '?'}${query}`;
    return { status: 303, headers, body: '' };
  }
  headers['Location'] = answer.location;
  if (answer.status !== 201) return { status: answer.status, headers, body: '' };
  headers['Content-Type'] = 'application/xml';
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>'
    + `<Location>${escapeXml(answer.location)}</Location><Bucket>${escapeXml(answer.bucket)}</Bucket>`
    + `<Key>${escapeXml(answer.key)}</Key><ETag>${escapeXml(etag)}</ETag></PostResponse>`;
  return { status: 201, headers, body };
}
