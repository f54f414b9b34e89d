// The request pipeline, one readable list of steps for every AWS call:
//   identify the service -> authenticate (SigV4) -> decode (protocol codec) -> validate
//   (model constraints) -> invoke the handler, which authorizes at the decision point ->
//   encode -> wait until its writes are durable -> audit. An S3 preflight (OPTIONS) skips
//   authentication to the handler: the bucket's CORS rules answer it.
// Errors at any step are encoded by the service's protocol; nothing unexpected leaks.
// Authentication is authenticate-call.ts; what a call carries through the steps, call-state.ts.

import { AwsError, notImplemented } from '../core/aws-error.js';
import { AccessDeniedError } from '../authz/decision-point.js';
import {
  decodeRequest, encodeError, encodeResponse, hasOperation, headerValue, identifyOperation, loadModel, protocolFor, validateInput,
  type HttpRequest, type HttpResponse, type ServiceModel,
} from '../protocols/index.js';
import { incompleteBody, requestTimeout } from '../engines/objects/s3-errors.js';
import { actualRequestCors, answerPreflight, PREFLIGHT_OPERATION } from '../services/s3/cors-requests.js';
import { readSmallBody, s3Payload } from '../services/s3/s3-payload.js';
import { checkSigningRegion } from '../services/s3/signing-region.js';
import { POST_OBJECT, postObjectResponse } from '../services/s3/post-object.js';
import {
  errorHeaders, finishS3Response, isAnonymousS3Request, pathStyleUrl, s3DecodeError, s3DocumentLimit, s3ErrorInput, streamsUpload,
  takeStreamingBody,
} from '../services/s3/s3-transport.js';
import type { Output, RequestContext } from '../services/service-types.js';
import { authenticate, type Authenticated } from './authenticate-call.js';
import { requestContextOf } from './request-context.js';
import type { CallResponse, CallState, IncomingCall } from './call-state.js';
import type { Platform } from './platform.js';
import { requestEntityTooLarge } from './body-limit.js';
import { principalFor } from './principal-for.js';
import { isBucketPost, readPostObject } from './post-object-call.js';
import { BodyIdle, ClientAbort } from './request-body.js';
import { serviceOf } from './service-routing.js';

/** S3 calls (signed for s3, or unsigned and not a query-API call) leave their body to the pipeline, which streams uploads. */
export function streamsBody(call: HttpRequest): boolean {
  return routeOf(call) === 's3';
}

/** The service a request is for: X-Amz-Target or the credential scope, else S3 for an unsigned S3 request; null when none. */
export function routeOf(call: HttpRequest): string | null {
  return serviceOf(call) ?? (isAnonymousS3Request(call) ? 's3' : null);
}


const ACCESS_DENIED: Record<'query' | 'json' | 'rest-xml', { code: string; status: number }> = {
  query: { code: 'AccessDenied', status: 403 },
  json: { code: 'AccessDeniedException', status: 400 },
  'rest-xml': { code: 'AccessDenied', status: 403 },
};

export async function handleCall(platform: Platform, incoming: IncomingCall): Promise<CallResponse> {
  let call = incoming;
  const state: CallState = {
    requestId: platform.ids.requestId(),
    started: performance.now(),
    service: 'unknown',
    model: null,
    operation: null,
    input: null,
    caller: null,
    accessKeyId: null,
    decisions: [],
  };
  let response: CallResponse;
  let failure: AwsError | null = null;
  let extraHeaders: Record<string, string> = {};
  try {
    const model = identifyService(platform, call, state);
    if (call.bodyOverLimit !== undefined) throw refuseLargeBody(platform, call, state, call.bodyOverLimit);
    // S3: route in path style; buffer every body but object data, which streams once the signature checked out.
    const routed: IncomingCall = state.service === 's3' ? { ...call, url: pathStyleUrl(call) } : call;
    if (state.service === 's3' && call.method === 'OPTIONS') response = preflight(platform, call, state);
    else if (state.service === 's3' && isBucketPost(call, routed.url)) response = await postObject(platform, call, state, routed.url);
    else {
      // Only S3 calls arrive with their body unread (the transport routes them first).
      const s3Operation = call.bodyStream !== undefined ? identifyOperation(model, routed) : null;
      const streamed = s3Operation !== null && streamsUpload(s3Operation);
      if (call.bodyStream && s3Operation !== null && !streamed && declaresBody(call)) {
        call = { ...call, body: await readSmallBody(call.bodyStream, s3DocumentLimit(s3Operation)) };
      }
      const authenticated = authenticate(platform, call, state, model, streamed);
      const { payload, signing } = authenticated;
      const { operation, input } = decode(routed.url === call.url ? call : { ...call, url: routed.url }, state, model);
      if (state.service === 's3') checkSigningRegion(platform.objects, operation, input, signing);
      if (streamed && call.bodyStream) input['Body'] = s3Payload(call.bodyStream, call.headers, payload);
      validate(platform, model, operation, input, state.service);
      const output = await invoke(platform, call, state, authenticated, operation, input);
      const { rest, stream, bytes, status } = takeStreamingBody(output);
      response = encodeResponse(model, operation, rest, state.requestId);
      if (stream) response = { ...response, stream, status: status ?? response.status };
      else if (bytes) response = { ...response, body: bytes, status: status ?? response.status };
    }
  } catch (error) {
    failure = asAwsError(platform, call, error, state);
    response = encodeFailure(failure, state);
    extraHeaders = errorHeaders(error);
  }
  try {
    // No answer goes out before the writes it reports (or any it read) are on disk.
    await platform.durable();
  } catch (error) {
    failure = asAwsError(platform, call, error, state);
    response = encodeFailure(failure, state);
  }
  audit(platform, call, state, response, failure);
  if (state.service === 's3') {
    const finished = finishS3Response(response, call.method, state.requestId, failure !== null);
    // finishS3Response made these headers for this answer: extra ones are added in place.
    for (const name in extraHeaders) finished.headers[name] = extraHeaders[name] as string;
    // Only a request with an Origin pays for looking up the bucket's CORS rules.
    const origin = state.operation !== PREFLIGHT_OPERATION ? headerValue(call.headers, 'origin') : undefined;
    if (origin !== undefined) Object.assign(finished.headers, actualRequestCors(platform.objects, call, origin));
    return response.stream ? { ...finished, stream: response.stream } : finished;
  }
  return withRequestId(response, state.requestId);
}

/**
 * An S3 preflight (OPTIONS on a bucket or object): browsers never sign it, so it is judged by
 * the bucket's CORS rules alone, with no caller and no IAM decision; it is still audited.
 */
function preflight(platform: Platform, call: IncomingCall, state: CallState): CallResponse {
  state.operation = PREFLIGHT_OPERATION;
  return { status: 200, headers: answerPreflight(platform.objects, call), body: '' };
}

/**
 * S3 POST Object: the form authenticates itself (post-object-call.ts), and the handler's answer
 * is the form's (a redirect, 200, 201 or 204), not a model's output.
 */
async function postObject(platform: Platform, call: IncomingCall, state: CallState, routedUrl: string): Promise<CallResponse> {
  const post = await readPostObject(platform, call, state, routedUrl);
  try {
    const output = await invoke(platform, call, state, post.authenticated, POST_OBJECT, post.input);
    return postObjectResponse(output, state.requestId);
  } finally {
    post.release();
  }
}

/** Whether a request has a body to read (HTTP/1.1: a non-zero Content-Length or a Transfer-Encoding). */
function declaresBody(call: IncomingCall): boolean {
  const length = call.headers['content-length'];
  return call.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Step 1: the service, from X-Amz-Target or the credential scope. */
function identifyService(platform: Platform, call: IncomingCall, state: CallState): ServiceModel {
  // The transport routed before reading the body: a call it could not place is asked again with
  // its body, where a query API's Version is.
  const service = call.routedService ?? routeOf(call);
  if (service === null) {
    state.model = loadModel('sts');
    throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  state.service = service;
  if (!platform.knownServices.has(service)) {
    throw new AwsError('UnknownService', `Gantry does not serve the ${service} service.`, 400);
  }
  state.model = loadModel(service);
  return state.model;
}

/** Step 3: the operation and its input, by the service model. */
function decode(call: IncomingCall, state: CallState, model: ServiceModel) {
  let decoded;
  try {
    decoded = decodeRequest(model, call);
  } catch (error) {
    // S3 answers some malformed parameters with its own errors (InvalidArgument).
    throw state.service === 's3' ? s3DecodeError(error) : error;
  }
  state.operation = decoded.operation;
  state.input = decoded.input;
  return decoded;
}

/** Step 4: the model's constraints, with AWS's message format, or the service's own answer (S3's). */
function validate(platform: Platform, model: ServiceModel, operation: string, input: Record<string, unknown>, service: string): void {
  const ownAnswer = platform.services.get(service)?.inputError;
  if (ownAnswer) {
    const error = ownAnswer(model, operation, input);
    if (error) throw error;
    return;
  }
  const message = validateInput(model, operation, input as never);
  if (message !== null) throw new AwsError(protocolFor(model) === 'query' ? 'ValidationError' : 'ValidationException', message, 400);
}

/** Step 5: the handler, with a context that authorizes through the decision point. */
async function invoke(
  platform: Platform,
  call: IncomingCall,
  state: CallState,
  { caller, principal: fixedPrincipal, region, signing }: Authenticated,
  operation: string,
  input: Record<string, unknown>,
): Promise<Output> {
  const service = platform.services.get(state.service);
  const handler = service?.operations[operation];
  if (!service || !handler) {
    if (state.model && hasOperation(state.model, operation)) throw notImplemented(state.service, operation);
    throw new AwsError('InvalidAction', `Could not find operation ${operation}.`, 400);
  }
  const requestContext = requestContextOf(platform.clock.now().getTime(), call.sourceIp, region, call.headers['user-agent']);
  const principal = fixedPrincipal ?? principalFor(platform, caller);
  const ctx: RequestContext = {
    requestId: state.requestId,
    region,
    host: headerValue(call.headers, 'host'),
    caller,
    signing,
    requestContext,
    decisions: state.decisions,
    authorize: (check) => platform.decisionPoint.authorize(principal, check, requestContext, state.decisions),
    decide: (check) => platform.decisionPoint.decide(principal, check, requestContext, state.decisions),
  };
  const output = await handler(input, ctx);
  if (state.decisions.length === 0 && !service.unauthorized?.has(operation)) {
    throw new AwsError('InternalFailure', `${state.service}:${operation} completed without an authorization decision.`, 500, false);
  }
  return output;
}

function asAwsError(platform: Platform, call: IncomingCall, error: unknown, state: CallState): AwsError {
  if (error instanceof ClientAbort) return clientAborted(platform, call, error, state);
  if (error instanceof BodyIdle) {
    platform.log.info('request body went idle', { requestId: state.requestId, method: call.method, service: state.service, operation: state.operation, bytesReceived: error.bytesReceived, idleMs: error.idleMs });
    return requestTimeout();
  }
  if (error instanceof AccessDeniedError) {
    const style = ACCESS_DENIED[state.model ? protocolFor(state.model) : 'query'];
    return new AwsError(style.code, error.message, style.status);
  }
  if (error instanceof AwsError) return error;
  platform.log.error('internal error', { requestId: state.requestId, error });
  return new AwsError('InternalFailure', `We encountered an internal error. Please try again. (request ${state.requestId})`, 500, false);
}

/**
 * A client that cut its connection mid-body (an upload cut off): its doing, not a fault of
 * Gantry's, so a line at info level rather than an internal error. Nobody reads the answer; the
 * audit record names it IncompleteBody, the error S3 gives a body shorter than its
 * Content-Length ([INFER]: what S3's own logs record for a dropped connection is not documented).
 */
function clientAborted(platform: Platform, call: IncomingCall, error: ClientAbort, state: CallState): AwsError {
  const bucket = state.input?.['Bucket'];
  const key = state.input?.['Key'];
  platform.log.info('client aborted the request', {
    requestId: state.requestId,
    method: call.method,
    service: state.service,
    operation: state.operation,
    ...(typeof bucket === 'string' ? { bucket } : {}),
    ...(typeof key === 'string' ? { key } : {}),
    bytesReceived: error.bytesReceived,
  });
  return incompleteBody();
}

/** A body over the buffering limit is the client's doing: refused before authentication (there is no body to check the signature against), logged at info. */
function refuseLargeBody(platform: Platform, call: IncomingCall, state: CallState, limit: number): AwsError {
  platform.log.info('request body over the limit refused', { requestId: state.requestId, method: call.method, service: state.service, limit });
  return requestEntityTooLarge(limit);
}

function encodeFailure(error: AwsError, state: CallState): HttpResponse {
  if (state.service === 's3' && state.model) return encodeError(state.model, s3ErrorInput(error), state.requestId);
  return encodeError(state.model ?? loadModel('sts'), error, state.requestId);
}

function withRequestId(response: HttpResponse, requestId: string): HttpResponse {
  const given = response.headers;
  // The codecs already name the request id; then the answer goes out as it is.
  let exact = false;
  let other = false;
  for (const name in given) {
    if (name.length !== 16 || name.toLowerCase() !== 'x-amzn-requestid') continue;
    if (name === 'x-amzn-RequestId' && given[name] === requestId) exact = true;
    else other = true;
  }
  if (exact && !other) return response;
  const headers: Record<string, string> = {};
  for (const name in given) {
    if (name.length !== 16 || name.toLowerCase() !== 'x-amzn-requestid') headers[name] = given[name] as string;
  }
  headers['x-amzn-RequestId'] = requestId;
  return { ...response, headers };
}

/** Step 6: the audit record. */
function audit(platform: Platform, call: IncomingCall, state: CallState, response: HttpResponse, failure: AwsError | null): void {
  const userAgent = call.headers['user-agent'];
  platform.audit.record({
    time: platform.clock.now().toISOString(),
    requestId: state.requestId,
    service: state.service,
    operation: state.operation,
    account: state.caller?.account ?? null,
    principal: state.caller?.arn ?? null,
    accessKeyId: state.accessKeyId,
    sourceIp: call.sourceIp,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    decisions: state.decisions,
    status: response.status,
    errorCode: failure?.code ?? null,
    errorMessage: failure?.message ?? null,
    latencyMs: Math.round((performance.now() - state.started) * 1000) / 1000,
  });
}
