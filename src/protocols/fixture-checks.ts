// Checks for one fixture case run in reverse: decode an input case and compare with `params`;
// encode an output case and compare with `response` the way a client would read it (SOURCES.md §1).
import assert from 'node:assert/strict';
import { decodeRequest, encodeError, encodeResponse } from './codec.js';
import { bodyText, type HttpResponse } from './http-types.js';
import { readValue as readJsonValue } from './json-decode.js';
import type { ServiceModel, Shape, StructureValue } from './model-types.js';
import {
  caseRequest, headerOf, normalize, parseXmlElement, withoutResponseMetadata, xmlDifference,
  type FixtureCase,
} from './fixture-support.js';
import { readStructure } from './xml-shape-decode.js';
import { childrenNamed, writeXml, type XmlElement } from './xml-tree.js';
import { httpBinding, parseHeaderValue } from './http-bindings.js';

export function checkInput(model: ServiceModel, c: FixtureCase): void {
  const decoded = decodeRequest(model, caseRequest(c));
  assert.equal(decoded.operation, c.given.name);
  assert.deepEqual(normalize(decoded.input), c.params ?? {});
}

function expectedRequestId(body: string | undefined): string {
  return /<RequestId>([^<]*)<\/RequestId>/.exec(body ?? '')?.[1] ?? 'request-id';
}

export function checkOutput(model: ServiceModel, c: FixtureCase): void {
  const requestId = expectedRequestId(c.response?.body);
  const protocol = model.metadata.protocol;
  if (c.errorCode !== undefined) {
    const res = encodeError(model, { code: c.errorCode, message: c.errorMessage ?? '', fields: c.error }, requestId);
    if (c.response) assert.equal(res.status, c.response.status_code, 'status');
    const parsed = protocol === 'json' ? readJsonError(model, res) : readXmlError(model, res);
    assert.equal(parsed.code, c.errorCode, 'error code');
    assert.equal(parsed.message, c.errorMessage ?? '', 'error message');
    assert.deepEqual(normalize(parsed.members), normalize(c.error ?? {}), 'error members');
    return;
  }
  const res = encodeResponse(model, c.given.name, c.result, requestId);
  const expected = c.response;
  if (!expected) return;
  assert.equal(res.status, expected.status_code, 'status');
  const expectedType = headerOf(expected.headers, 'content-type');
  if (expectedType !== undefined && bodyText(res.body) !== '') assert.equal(res.headers['Content-Type'], expectedType, 'content-type');
  if (protocol === 'json') checkJsonBody(model, c, res);
  else if (protocol === 'query') checkQueryBody(model, c, res, expected.body ?? '');
  else checkRestXml(model, c, res);
}

/** The members a client reads from a query response's `<Result>` element. */
function readQueryResult(model: ServiceModel, c: FixtureCase, doc: XmlElement): StructureValue {
  const outRef = c.given.output;
  if (!outRef) return {};
  const result = childrenNamed(doc, outRef.resultWrapper ?? `${c.given.name}Result`)[0];
  return result ? readStructure(model, model.shapes[outRef.shape] as Shape, result) : {};
}

function checkQueryBody(model: ServiceModel, c: FixtureCase, res: HttpResponse, expectedBody: string): void {
  const ours = parseXmlElement(bodyText(res.body));
  assert.deepEqual(normalize(readQueryResult(model, c, ours)), normalize(c.result ?? {}), 'result as a client reads it');
  if (c.id === undefined && expectedBody.trim() !== '') {
    // Legacy cases are hand-written client tests (any member order, stray elements): compare what a client reads.
    const theirs = readQueryResult(model, c, parseXmlElement(expectedBody));
    assert.deepEqual(normalize(readQueryResult(model, c, ours)), normalize(theirs), 'same result as the fixture body');
    return;
  }
  if (expectedBody.trim() === '') {
    for (const child of ours.children) if (child.name !== 'ResponseMetadata') assert.equal(child.children.length, 0, 'empty result');
    return;
  }
  const expected = parseXmlElement(expectedBody);
  const comparable = childrenNamed(expected, 'ResponseMetadata').length > 0 ? ours : withoutResponseMetadata(ours);
  const diff = xmlDifference(writeXml(comparable), expectedBody);
  assert.equal(diff, undefined, `${diff ?? ''}\nours: ${bodyText(res.body)}`);
}

/** Everything in `actual` is in `expected` (objects may have more keys there); date strings match by instant. */
function jsonDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (typeof actual === 'string' && typeof expected === 'string' && actual !== expected) {
    return Date.parse(actual) === Date.parse(expected) && !Number.isNaN(Date.parse(actual)) ? undefined : `${path}: '${actual}' != '${expected}'`;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path}: length ${actual.length} != ${expected.length}`;
    for (let i = 0; i < actual.length; i += 1) {
      const d = jsonDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const k of Object.keys(a)) {
      const d = jsonDifference(a[k], e[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(actual, expected) || actual === expected ? undefined : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
}

function checkJsonBody(model: ServiceModel, c: FixtureCase, res: HttpResponse): void {
  const ours = JSON.parse(bodyText(res.body) || '{}') as unknown;
  const outRef = c.given.output;
  // What a client reads back must be the case's result...
  const read = outRef ? readJsonValue(model, { shape: outRef.shape }, ours) : {};
  assert.deepEqual(normalize(read ?? {}), c.result ?? {});
  // ...and what we wrote must be what the fixture's server wrote, member for member (extra fixture keys are ignorable data).
  const expectedText = c.response?.body ?? '';
  const expected = (expectedText.trim() === '' ? {} : JSON.parse(expectedText)) as Record<string, unknown>;
  const diff = jsonDifference(ours, expected, '$');
  assert.equal(diff, undefined, diff);
}

function checkRestXml(model: ServiceModel, c: FixtureCase, res: HttpResponse): void {
  const outRef = c.given.output;
  const expected = c.response;
  if (!outRef || !expected) return;
  const shape = model.shapes[outRef.shape] as Shape;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const { location, wire } = httpBinding(model, ref, name);
    if (location !== 'header') continue;
    const want = headerOf(expected.headers, wire);
    if (want === undefined) continue;
    const got = headerOf(res.headers, wire);
    assert.ok(got !== undefined, `header ${wire} missing`);
    assert.deepEqual(normalize(parseHeaderValue(model, ref, got, wire)), normalize(parseHeaderValue(model, ref, want, wire)), `header ${wire}`);
  }
  const expectedBody = expected.body ?? '';
  const payload = shape.payload === undefined ? undefined : shape.members?.[shape.payload];
  const payloadType = payload ? model.shapes[payload.shape]?.type : undefined;
  if (payloadType === 'blob' || payloadType === 'string') {
    assert.equal(bodyText(res.body), expectedBody);
    return;
  }
  if (expectedBody.trim() === '') {
    const ours = bodyText(res.body);
    if (ours !== '') assert.equal(parseXmlElement(ours).children.length, 0, 'empty body');
    return;
  }
  if (c.id === undefined) {
    // Legacy cases are hand-written client tests: compare what a client reads from either body.
    const read = (text: string): unknown => normalize(readStructure(model, shape, parseXmlElement(text)));
    assert.deepEqual(read(bodyText(res.body)), read(expectedBody), 'same members as the fixture body');
    return;
  }
  const diff = xmlDifference(bodyText(res.body), expectedBody);
  assert.equal(diff, undefined, `${diff ?? ''}\nours: ${bodyText(res.body)}`);
}

interface ParsedError {
  readonly code: string;
  readonly message: string;
  readonly members: StructureValue;
}

/** How botocore reads a json error: code from x-amzn-ErrorType, `__type` or `code`, minus namespace and URI. */
function readJsonError(model: ServiceModel, res: HttpResponse): ParsedError {
  const body = JSON.parse(bodyText(res.body) || '{}') as Record<string, unknown>;
  const raw = String(res.headers['x-amzn-ErrorType'] ?? body['__type'] ?? body['code'] ?? '');
  const code = raw.split(':')[0]?.split('#').pop() ?? '';
  const message = String(body['message'] ?? body['Message'] ?? '');
  const shape = model.shapes[code];
  const members = shape ? (readJsonValue(model, { shape: code }, body) as StructureValue) : {};
  return { code, message, members };
}

/** How botocore reads an XML error: `<ErrorResponse><Error>` or S3's bare `<Error>`. */
function readXmlError(model: ServiceModel, res: HttpResponse): ParsedError {
  const root = parseXmlElement(bodyText(res.body));
  const err: XmlElement = root.name === 'Error' ? root : (childrenNamed(root, 'Error')[0] ?? root);
  const code = childrenNamed(err, 'Code')[0]?.text ?? '';
  const message = childrenNamed(err, 'Message')[0]?.text ?? '';
  const shapeName = Object.keys(model.shapes).find((n) => n === code || model.shapes[n]?.error?.code === code);
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  const members = shape ? readStructure(model, shape, err) : {};
  if (shape) {
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const { location, wire } = httpBinding(model, ref, name);
      if (location === 'statusCode') members[name] = res.status;
      if (location !== 'header') continue;
      const text = headerOf(res.headers, wire);
      if (text !== undefined) members[name] = parseHeaderValue(model, ref, text, name);
    }
  }
  return { code, message, members };
}
