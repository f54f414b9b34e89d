// awsJson 1.1 responses and errors.
// Rules: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html (timestamps epoch seconds,
// blobs base64, errors `__type` + `message`, x-amzn-ErrorType header).
import type { HttpResponse } from './http-types.js';
import { membersOf, shapeOf } from './model-loader.js';
import type { MemberRef, ServiceModel, StructureValue } from './model-types.js';
import { messageMember, resolveError, type ErrorInput } from './error-shapes.js';
import { epochSeconds, formatFloatText, formatTimestampText, parseTimestamp, toBytes } from './scalars.js';

export function jsonContentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

function writeStructure(model: ServiceModel, shapeName: string, value: Record<string, unknown>): Record<string, unknown> {
  const shape = shapeOf(model, shapeName);
  const out: Record<string, unknown> = {};
  for (const [name, ref] of membersOf(shape)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out[ref.locationName ?? name] = writeValue(model, ref, v);
  }
  return out;
}

/** A value as JSON per its shape: Date/number timestamps → epoch seconds, blobs → base64. */
export function writeValue(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  const shape = shapeOf(model, ref.shape);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': return writeStructure(model, ref.shape, value as Record<string, unknown>);
    case 'list': {
      const itemRef = shape.member;
      return itemRef ? (value as unknown[]).map((item) => (item === null ? null : writeValue(model, itemRef, item))) : [];
    }
    case 'map': {
      const valueRef = shape.value;
      const out: Record<string, unknown> = {};
      const entries = value instanceof Map ? [...(value as Map<string, unknown>)] : Object.entries(value as object);
      for (const [k, v] of entries) if (valueRef) out[k] = v === null ? null : writeValue(model, valueRef, v);
      return out;
    }
    case 'timestamp': {
      const format = ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp';
      if (format !== 'unixTimestamp') return formatTimestampText(value, format);
      const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : parseTimestamp(String(value), 'timestamp');
      return epochSeconds(date);
    }
    case 'blob': return toBytes(value).toString('base64');
    case 'float': case 'double': {
      const n = Number(value);
      return Number.isFinite(n) ? n : formatFloatText(n);
    }
    default: return value;
  }
}

export function encodeJsonResponse(
  model: ServiceModel, operation: string, output: StructureValue | undefined, requestId: string,
): HttpResponse {
  const outRef = model.operations[operation]?.output;
  const body = outRef ? writeStructure(model, outRef.shape, output ?? {}) : {};
  return {
    status: 200,
    headers: { 'Content-Type': jsonContentType(model), 'x-amzn-RequestId': requestId },
    body: JSON.stringify(body),
  };
}

export function encodeJsonError(model: ServiceModel, error: ErrorInput, requestId: string): HttpResponse {
  const resolved = resolveError(model, error, false);
  const body: Record<string, unknown> = { __type: resolved.wireCode };
  if (resolved.shape && resolved.shapeName !== undefined && error.fields) {
    Object.assign(body, writeStructure(model, resolved.shapeName, { ...error.fields }));
  }
  const msgKey = messageMember(resolved.shape) ?? 'message';
  if (error.message !== '') body[msgKey] = error.message;
  return {
    status: resolved.status,
    headers: {
      'Content-Type': jsonContentType(model),
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': resolved.wireCode,
    },
    body: JSON.stringify(body),
  };
}
