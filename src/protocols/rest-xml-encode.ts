// restXml responses and errors: status code, header-bound members, XML or raw payload.
// Smithy restXml: https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html; S3's unwrapped
// <Error> body: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses
import type { HttpResponse } from './http-types.js';
import { keepFlattenedSequence } from './flattened-sequence.js';
import { formatHeaderValue, httpBinding } from './http-bindings.js';
import { membersOf, shapeOf } from './model-loader.js';
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { messageMember, resolveError, type ErrorInput } from './error-shapes.js';
import { toBytes } from './scalars.js';
import { S3_RESPONSE_ROOTS, S3_TEXT_ROOTS } from './s3-document-names.js';
import { S3_NO_CONTENT_OPERATIONS } from './s3-response-status.js';
import { addNamespace, fillStructure, valueElement } from './xml-shape-encode.js';
import { element, writeXml, type XmlElement } from './xml-tree.js';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** S3 sends its documents in its namespace and its errors unwrapped (Smithy `@restXml(noErrorWrapping: true)`). */
function isS3(model: ServiceModel): boolean {
  return model.metadata.serviceId === 'S3';
}

/** Binds header / status-code members; returns the members left for the body. */
function bindHttp(
  model: ServiceModel, shape: Shape, value: StructureValue, headers: Record<string, string>,
): { status?: number; body: StructureValue } {
  let status: number | undefined;
  const body: StructureValue = {};
  for (const [name, ref] of membersOf(shape)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const { location, wire } = httpBinding(model, ref, name);
    if (location === 'header') headers[wire] = formatHeaderValue(model, ref, v);
    else if (location === 'headers') {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) headers[`${wire}${k}`] = String(item);
    } else if (location === 'statusCode') status = Number(v);
    else body[name] = v; // uri/querystring bindings mean nothing in a response: the member goes in the body
  }
  keepFlattenedSequence(value, body);
  return { status, body };
}

function rootFor(model: ServiceModel, name: string, shape: Shape): XmlElement {
  const el = element(name);
  if (shape.xmlNamespace) addNamespace(shape.xmlNamespace, el);
  else if (isS3(model)) el.attrs['xmlns'] = S3_NAMESPACE;
  return el;
}

/**
 * A structure payload's root: the member's xmlName, else the target's, else the target shape name.
 * botocore's models repeat the member name as locationName when there is no xmlName, so that counts as none.
 */
function payloadElementName(ref: MemberRef, member: string, target: Shape): string {
  if (ref.locationName !== undefined && ref.locationName !== member) return ref.locationName;
  return target.locationName ?? ref.shape;
}

export function encodeRestXmlResponse(
  model: ServiceModel, operation: string, output: StructureValue | undefined, requestId: string,
): HttpResponse {
  const op = model.operations[operation];
  const headers: Record<string, string> = { 'x-amz-request-id': requestId };
  const outRef = op?.output;
  const defaultStatus = op?.http?.responseCode ?? (isS3(model) && S3_NO_CONTENT_OPERATIONS.has(operation) ? 204 : 200);
  if (!outRef) return { status: defaultStatus, headers, body: '' };
  const shape = shapeOf(model, outRef.shape);
  const bound = bindHttp(model, shape, output ?? {}, headers);
  const status = bound.status ?? defaultStatus;
  const payloadName = shape.payload;
  if (payloadName !== undefined) {
    const ref = shape.members?.[payloadName];
    const v = bound.body[payloadName];
    if (!ref || v === undefined) return { status, headers, body: '' };
    const target = shapeOf(model, ref.shape);
    if (target.type === 'blob') return { status, headers: { 'Content-Type': 'application/octet-stream', ...headers }, body: toBytes(v) };
    if (target.type === 'string') return { status, headers: { 'Content-Type': 'text/plain', ...headers }, body: String(v) };
    const el = valueElement(model, ref, payloadElementName(ref, payloadName, target), v);
    if (!el.attrs['xmlns'] && isS3(model) && !target.xmlNamespace && !ref.xmlNamespace) el.attrs['xmlns'] = S3_NAMESPACE;
    return { status, headers: { 'Content-Type': 'application/xml', ...headers }, body: writeXml(el, true) };
  }
  const s3Root = isS3(model) ? S3_RESPONSE_ROOTS[operation] : undefined;
  // An S3 document with nothing in it is still sent, as its empty root element: AWS answers
  // `<BucketLoggingStatus xmlns="…"/>` for logging that is off (API_GetBucketLogging.html), an
  // empty NotificationConfiguration without notifications, an empty VersioningConfiguration
  // for a bucket never versioned. Other outputs with nothing in the body have no body.
  if (Object.keys(bound.body).length === 0 && s3Root === undefined) return { status, headers, body: '' };
  const root = rootFor(model, s3Root ?? outRef.locationName ?? shape.locationName ?? outRef.shape, shape);
  const textMember = isS3(model) ? S3_TEXT_ROOTS[operation] : undefined;
  if (textMember !== undefined) root.text = String(bound.body[textMember] ?? '');
  else fillStructure(model, shape, bound.body, root);
  return { status, headers: { 'Content-Type': 'application/xml', ...headers }, body: writeXml(root, true) };
}

export function encodeRestXmlError(model: ServiceModel, error: ErrorInput, requestId: string): HttpResponse {
  const resolved = resolveError(model, error, true);
  const headers: Record<string, string> = { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId };
  const err = element('Error');
  const add = (parent: XmlElement, name: string, text: string): void => {
    const el = element(name);
    el.text = text;
    parent.children.push(el);
  };
  if (!isS3(model)) add(err, 'Type', resolved.senderFault ? 'Sender' : 'Receiver');
  add(err, 'Code', resolved.wireCode);
  add(err, 'Message', error.message);
  let status = resolved.status;
  if (error.fields) {
    const fields = { ...error.fields };
    if (resolved.shape) {
      const msg = messageMember(resolved.shape);
      if (msg !== undefined) delete fields[msg];
      const bound = bindHttp(model, resolved.shape, fields, headers);
      if (error.status === undefined && bound.status !== undefined) status = bound.status;
      fillStructure(model, resolved.shape, bound.body, err);
    }
    // Unmodeled details (S3's BucketName, Key, Resource…; S3 error shapes have no members) ride along as plain elements.
    const modeled = resolved.shape?.members ?? {};
    for (const [k, v] of Object.entries(fields)) {
      if (!(k in modeled) && v !== undefined && v !== null) add(err, k, String(v));
    }
  }
  if (isS3(model)) {
    add(err, 'RequestId', requestId);
    return { status, headers, body: writeXml(err, true) };
  }
  const root = element('ErrorResponse');
  root.children.push(err);
  add(root, 'RequestId', requestId);
  return { status, headers, body: writeXml(root, true) };
}
