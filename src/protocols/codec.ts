// The protocol-neutral entry points: pick the codec from the model's metadata.protocol and
// decode requests / encode responses and errors with it.
import { AwsError } from '../core/aws-error.js';
import type { ErrorInput } from './error-shapes.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import type { Protocol, ServiceModel, StructureValue } from './model-types.js';
import { decodeJsonRequest, jsonOperation } from './json-decode.js';
import { encodeJsonError, encodeJsonResponse } from './json-encode.js';
import { decodeQueryRequest, queryOperation, readFormParams } from './query-decode.js';
import { encodeQueryError, encodeQueryResponse } from './query-encode.js';
import { decodeRestXmlRequest, restXmlOperation } from './rest-xml-decode.js';
import { encodeRestXmlError, encodeRestXmlResponse } from './rest-xml-encode.js';

export interface DecodedRequest {
  readonly operation: string;
  /** Member name → value; timestamps are Date, blobs Buffer (or a Uint8Array payload), numbers number. */
  readonly input: StructureValue;
}

type SupportedProtocol = 'query' | 'json' | 'rest-xml';

export function protocolFor(model: ServiceModel): SupportedProtocol {
  const p: Protocol = model.metadata.protocol;
  if (p === 'query' || p === 'json' || p === 'rest-xml') return p;
  throw new Error(`Protocol ${p} is not supported by Gantry`);
}

/** The operation a request names, without parsing its input (throws the protocol's unknown-operation error). */
export function identifyOperation(model: ServiceModel, request: HttpRequest): string {
  switch (protocolFor(model)) {
    case 'query': return queryOperation(model, readFormParams(request));
    case 'json': return jsonOperation(model, request);
    case 'rest-xml': return restXmlOperation(model, request);
  }
}

/** Parses a request into its operation and input; throws AwsError for unknown operations and malformed input. */
export function decodeRequest(model: ServiceModel, request: HttpRequest): DecodedRequest {
  switch (protocolFor(model)) {
    case 'query': return decodeQueryRequest(model, request);
    case 'json': return decodeJsonRequest(model, request);
    case 'rest-xml': return decodeRestXmlRequest(model, request);
  }
}

/** Serializes an operation's output (member name → value; Date/number/ISO string timestamps; Buffer/string blobs). */
export function encodeResponse(
  model: ServiceModel, operation: string, output: StructureValue | undefined, requestId: string,
): HttpResponse {
  switch (protocolFor(model)) {
    case 'query': return encodeQueryResponse(model, operation, output, requestId);
    case 'json': return encodeJsonResponse(model, operation, output, requestId);
    case 'rest-xml': return encodeRestXmlResponse(model, operation, output, requestId);
  }
}

/**
 * Serializes an error. `code` may be a shape name or a query `error.code`; status comes from the
 * error, else the shape's `httpStatusCode`, else 400 (sender) / 500 (receiver).
 */
export function encodeError(model: ServiceModel, error: ErrorInput | AwsError, requestId: string): HttpResponse {
  const input: ErrorInput = error instanceof AwsError
    ? { code: error.code, message: error.message, status: error.status, senderFault: error.senderFault, ...(Object.keys(error.fields).length > 0 ? { fields: error.fields } : {}) }
    : error;
  switch (protocolFor(model)) {
    case 'query': return encodeQueryError(model, input, requestId);
    case 'json': return encodeJsonError(model, input, requestId);
    case 'rest-xml': return encodeRestXmlError(model, input, requestId);
  }
}
