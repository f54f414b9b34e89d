// Text S3 writes back as a response header (a GetObject response-* override, a POST form's
// Content-Type or x-amz-meta-* field) must be text a header can carry: Latin-1, without control
// characters. Otherwise the answer cannot be written at all (Node refuses it: it was a 500), or,
// stored with an object, no GET or HEAD of it could be.

import { invalidArgument, type S3Error } from '../../engines/objects/s3-errors.js';

/** What in `value` a header cannot carry, if anything: a character past Latin-1, or a control other than tab (DEL too), which RFC 9110's field-value grammar leaves out. */
function unfit(value: string): 'past-latin-1' | 'control' | null {
  let found: 'control' | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return 'past-latin-1';
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) found = 'control';
  }
  return found;
}

/**
 * S3's refusal of `value` as the header `argument` names, or null when a header can carry it.
 * Past Latin-1: AWS's text, for a response-content-disposition holding ’ (recorded in
 * github.com/guardian/grid/pull/1716). A control character (CR, LF...) [INFER]: the same code.
 */
export function headerValueRefusal(argument: string, value: string): S3Error | null {
  switch (unfit(value)) {
    case 'past-latin-1': return invalidArgument('Header value cannot be represented using ISO-8859-1.', argument, value);
    case 'control': return invalidArgument('Header value contains characters that are not allowed in an HTTP header.', argument, value);
    case null: return null;
  }
}

/** RFC 9110's token: what a header's name is made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * S3's refusal of a field named `name` that a form turns into a header (x-amz-meta-*) when no
 * header can be named so (a space, a quote, a character past ASCII), or null. [INFER] the text:
 * through a header, such a name never reaches S3.
 */
export function headerNameRefusal(name: string): S3Error | null {
  return TOKEN.test(name) ? null : invalidArgument('Header name is not a valid HTTP header name.', name, name);
}
