// awsJson 1.1 request parsing: operation from X-Amz-Target, body JSON read by the model.
// Rules: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
import { AwsError } from '../core/aws-error.js';
import { bodyText, headerValue, type HttpRequest } from './http-types.js';
import { hasOperation, membersOf, shapeOf } from './model-loader.js';
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { parseTimestamp } from './scalars.js';

function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, 400, true);
}

/** `X-Amz-Target: <targetPrefix>.<Operation>` → the operation, or UnknownOperationException. */
export function jsonOperation(model: ServiceModel, request: HttpRequest): string {
  const target = headerValue(request.headers, 'x-amz-target') ?? '';
  const dot = target.lastIndexOf('.');
  const prefix = dot < 0 ? '' : target.slice(0, dot);
  const name = target.slice(dot + 1);
  // Smithy-generated SDKs (JS v3) send the service shape's name without its namespace
  // (`CloudTrail_20131101` for `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`).
  const expected = model.metadata.targetPrefix ?? '';
  const matches = prefix === expected || (prefix !== '' && expected.endsWith(`.${prefix}`));
  if (!matches || !hasOperation(model, name)) {
    throw new AwsError('UnknownOperationException', '', 400, true);
  }
  return name;
}

export function decodeJsonRequest(model: ServiceModel, request: HttpRequest): { operation: string; input: StructureValue } {
  const operation = jsonOperation(model, request);
  const text = bodyText(request.body).trim();
  let parsed: unknown = {};
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw serializationError('Unexpected character in the request body: it is not JSON');
    }
  }
  const inputRef = model.operations[operation]?.input;
  if (!inputRef) return { operation, input: {} };
  const input = readValue(model, { shape: inputRef.shape }, parsed ?? {}) as StructureValue | undefined;
  return { operation, input: input ?? {} };
}

/** Coral's wording for a JSON token of the wrong kind, e.g. `STRING_VALUE can not be converted to an Integer`. */
function typeMismatch(value: unknown, target: string): AwsError {
  const token = Array.isArray(value) ? 'Start of list' : typeof value === 'object' ? 'Start of structure or map'
    : typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'boolean' ? 'TRUE_VALUE' : 'NUMBER_VALUE';
  if (token.startsWith('Start')) return serializationError(`${token} found where not expected`);
  return serializationError(`${token} can not be converted to ${target}`);
}

function readStructure(model: ServiceModel, shape: Shape, value: unknown): StructureValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw typeMismatch(value, 'a structure');
  const obj = value as Record<string, unknown>;
  const out: StructureValue = {};
  for (const [name, ref] of membersOf(shape)) {
    const key = ref.locationName ?? name;
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = readValue(model, ref, obj[key]);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** A JSON value read by its shape; null reads as absent. Timestamps become Date, blobs Buffer. */
export function readValue(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref.shape);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': return readStructure(model, shape, value);
    case 'list': {
      const itemRef = shape.member;
      if (!Array.isArray(value)) throw typeMismatch(value, 'a list');
      return itemRef ? value.map((item) => readValue(model, itemRef, item) ?? null) : [];
    }
    case 'map': {
      const valueRef = shape.value;
      if (typeof value !== 'object' || Array.isArray(value)) throw typeMismatch(value, 'a map');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) {
        const decoded = valueRef ? readValue(model, valueRef, v) : undefined;
        if (decoded !== undefined) out[k] = decoded;
      }
      return out;
    }
    case 'string': case 'character':
      if (typeof value !== 'string') throw typeMismatch(value, 'a String');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(value, 'a Boolean');
      return value;
    case 'integer': case 'long': case 'short': case 'byte': case 'biginteger':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(value, 'an Integer');
      return value;
    case 'float': case 'double': case 'bigdecimal':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      throw typeMismatch(value, 'a Double');
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string') throw typeMismatch(value, 'a Timestamp');
      return parseTimestamp(value, ref.locationName ?? 'timestamp');
    case 'blob':
      if (typeof value !== 'string') throw typeMismatch(value, 'a Blob');
      return Buffer.from(value, 'base64');
    default:
      return value;
  }
}
