// What S3 answers for input its model refuses. S3 never sends ValidationException: a header,
// query or URI value out of its model's bounds is InvalidArgument naming the argument, and a
// request document that breaks its schema is MalformedXML.
// [INFER] the InvalidArgument text (the model's constraint, as S3 gives no general one); S3's
// own texts for particular arguments are given where the handler checks them itself
// (S3_CHECKED_ENUMS below).

import { invalidArgument, invalidCopySource, malformedXml, type S3Error } from '../../engines/objects/s3-errors.js';
import { inputViolations, type MemberRef, type ServiceModel, type Violation } from '../../protocols/index.js';
import { OBJECT_ATTRIBUTES } from './object-attributes.js';

/**
 * Enum shapes S3 checks itself, with its own error: an unknown x-amz-storage-class is
 * InvalidStorageClass, an unknown x-amz-server-side-encryption InvalidArgument "The encryption
 * method specified is not supported", a LocationConstraint that is no Region it creates buckets
 * in (us-east-1 too) InvalidLocationConstraint (the model's check would have made these
 * InvalidArgument or MalformedXML with the model's text).
 */
const S3_CHECKED_ENUMS: ReadonlySet<string> = new Set(['StorageClass', 'ServerSideEncryption', 'BucketLocationConstraint']);

const BOUND_TO_REQUEST_LINE_OR_HEADERS = new Set(['header', 'headers', 'querystring', 'uri']);

/** The input member a violation's path starts at (a path begins with its name, first letter lower-cased). */
function memberAt(model: ServiceModel, operation: string, path: string): readonly [string, MemberRef] | undefined {
  const inputRef = model.operations[operation]?.input;
  const members = inputRef ? model.shapes[inputRef.shape]?.members ?? {} : {};
  const head = path.split('.', 1)[0] ?? '';
  return Object.entries(members).find(([name]) => name.charAt(0).toLowerCase() + name.slice(1) === head);
}

function s3Error(model: ServiceModel, operation: string, input: Record<string, unknown>, violation: Violation): S3Error {
  const member = memberAt(model, operation, violation.path);
  if (!member) return malformedXml();
  const [name, ref] = member;
  if (name === 'ObjectAttributes') return invalidObjectAttributes(input[name]);
  // The model's pattern for x-amz-copy-source (`\/?.+\/.+`) is S3's own copy-source check.
  if (name === 'CopySource') return invalidCopySource();
  if (!ref.location || !BOUND_TO_REQUEST_LINE_OR_HEADERS.has(ref.location)) return malformedXml();
  const argument = ref.locationName ?? name;
  const value = input[name];
  // The listings' encoding-type (only `url`): AWS's own text, for all four of them (LocalStack's
  // AWS-recorded test_list_ops_encoding_type_validation). [INFER] boto reads an empty value's
  // ArgumentValue as null: an empty element, as sent.
  if (name === 'EncodingType') return invalidArgument('Invalid Encoding Method specified in Request', argument, typeof value === 'string' ? value : '');
  return invalidArgument(`Invalid value for ${argument}: ${violation.constraint}`, argument, typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
}

/**
 * GetObjectAttributes' x-amz-object-attributes, absent, empty or naming an unknown attribute:
 * AWS's text for each case. [INFER] the ArgumentName/ArgumentValue fields (the first name refused).
 */
function invalidObjectAttributes(value: unknown): S3Error {
  const names = Array.isArray(value) ? value.map(String) : [];
  const refused = names.find((n) => !OBJECT_ATTRIBUTES.includes(n)) ?? '';
  return invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', refused);
}

/** S3's error for an input its model refuses, or null when the input satisfies the model. */
export function s3InputError(model: ServiceModel, operation: string, input: Record<string, unknown>): S3Error | null {
  const [first] = inputViolations(model, operation, input as never, S3_CHECKED_ENUMS);
  return first === undefined ? null : s3Error(model, operation, input, first);
}
