// What one call carries through the pipeline: the request as the transport read it, the answer
// (whose body may stream), and the state the steps fill in as they go, which the failure path and
// the audit record read whatever step stopped the call.

import type { DecisionRecord } from '../authz/decision-point.js';
import type { Caller } from '../engines/identity/callers.js';
import type { RawHeader } from '../core/sigv4/index.js';
import type { HttpRequest, HttpResponse, ServiceModel } from '../protocols/index.js';

export interface IncomingCall extends HttpRequest {
  readonly rawHeaders: readonly RawHeader[];
  readonly sourceIp: string;
  /** S3 calls: the body, not yet read (see streamsBody); `body` is then empty. */
  readonly bodyStream?: AsyncIterable<Buffer>;
  /** The service routeOf found for this request, when the transport already asked (saves asking twice). */
  readonly routedService?: string | null;
  /** The body was longer than this many bytes and was left unread (`body` is empty): RequestEntityTooLarge. */
  readonly bodyOverLimit?: number;
}

/** A response whose body may be a stream (S3 GetObject). */
export interface CallResponse extends HttpResponse {
  readonly stream?: AsyncIterable<Uint8Array>;
}

export interface CallState {
  readonly requestId: string;
  readonly started: number;
  service: string;
  model: ServiceModel | null;
  operation: string | null;
  /** The decoded input, once decoded (names the bucket and key a failure is logged with). */
  input: Readonly<Record<string, unknown>> | null;
  caller: Caller | null;
  accessKeyId: string | null;
  readonly decisions: DecisionRecord[];
}
