// Text S3 writes back as a response header (a GetObject response-* override) must be text a
// header can carry: Latin-1, without control characters. Otherwise the answer cannot be written
// at all (Node refuses it: it was a 500).

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
