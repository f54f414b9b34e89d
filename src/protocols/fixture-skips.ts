// Fixture cases we skip on purpose, each with the reason: client-side behaviour a server does not
// have, or information the client's serialization drops. Keyed by file, then case id or suite description.

export interface SkipList {
  /** Suite description → reason (every case of the suite). */
  readonly suites: Readonly<Record<string, string>>;
  /** Case id (or "<suite description> #<n>" for legacy cases) → reason. */
  readonly cases: Readonly<Record<string, string>>;
}

const IDEMPOTENCY = 'idempotency-token autofill is client-side: the client invents the token, the server only reads it';
const EVENT_STREAM = 'event streams (application/vnd.amazon.eventstream) are not served by Gantry';
const COMPRESSION = 'request compression (Content-Encoding: gzip) is applied by the client; Gantry does not inflate request bodies';

/** The client sends nothing for the value, so the server cannot recover it from the request. */
const NO_WIRE_FORM = (what: string): string => `the client sends nothing for ${what}, so a server cannot tell it from absent`;

export const SKIPS: Readonly<Record<string, SkipList>> = {
  'input/query.json': {
    suites: {
      'Test cases for QueryIdempotencyTokenAutoFill operation': IDEMPOTENCY,
      'Test cases for PutWithContentEncoding operation': COMPRESSION,
    },
    cases: {
      QueryEmptyQueryMaps: 'the client sends nothing for an empty map, so a server cannot tell {} from absent',
    },
  },
  'input/json.json': {
    suites: {
      'Test cases for PutWithContentEncoding operation': COMPRESSION,
    },
    cases: {
      AwsJson11StructuresDontSerializeNullValues: 'the client drops a null member, so the server never sees it (botocore ignores this case too)',
    },
  },
  'legacy/output/rest-xml.json': {
    suites: { 'REST XML Event Stream': EVENT_STREAM },
    cases: {},
  },
  'legacy/output/json.json': {
    suites: { 'RPC JSON Event Stream': EVENT_STREAM },
    cases: {
      'Lists #2': 'the suite\'s model is malformed (a "string" shape holding maps); only a pass-through client can read it',
    },
  },
  'input/rest-xml.json': {
    suites: {
      'Test cases for PutWithContentEncoding operation': COMPRESSION,
      'Test cases for QueryIdempotencyTokenAutoFill operation': IDEMPOTENCY,
    },
    cases: {
      HttpPrefixHeadersAreNotPresent: NO_WIRE_FORM('an empty prefix-header map'),
      NullAndEmptyHeaders: NO_WIRE_FORM('a null header and an empty header list'),
      RestXmlOmitsNullQuery: NO_WIRE_FORM('a null query parameter'),
      RestXmlQueryPrecedence: 'the client drops a map entry that collides with a named query parameter; the server cannot see it (botocore ignores this case too)',
    },
  },
  'legacy/output/query.json': {
    suites: {},
    cases: {
      'Flattened list with location name #1': 'botocore-only rule (flattened list items named by the list member) contradicts Smithy\'s QueryXmlLists, which Gantry follows for output',
    },
  },
  'legacy/input/query.json': {
    suites: { 'Idempotency token auto fill': IDEMPOTENCY },
    cases: {},
  },
  'legacy/input/json.json': {
    suites: { 'Idempotency token auto fill': IDEMPOTENCY },
    cases: {},
  },
  'legacy/input/rest-xml.json': {
    suites: { 'Idempotency token auto fill': IDEMPOTENCY },
    cases: {
      'Nested structures #2': NO_WIRE_FORM('a null nested member'),
      'Structure payload #4': NO_WIRE_FORM('a null payload'),
      'Omits null query params, but serializes empty strings #1': NO_WIRE_FORM('a null query parameter'),
      'List in header #2': NO_WIRE_FORM('an empty header list'),
    },
  },
};

export function skipReason(file: string, suite: string, caseKey: string): string | undefined {
  const list = SKIPS[file];
  return list?.cases[caseKey] ?? list?.suites[suite];
}
