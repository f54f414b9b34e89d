// awsQuery responses and errors as XML.
// Response: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#response-serialization
// Errors: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (ErrorResponse/Error/Type/Code/Message)
import type { HttpResponse } from './http-types.js';
import { shapeOf } from './model-loader.js';
import type { ServiceModel, StructureValue } from './model-types.js';
import { messageMember, resolveError, type ErrorInput } from './error-shapes.js';
import { fillStructure } from './xml-shape-encode.js';
import { element, writeXml } from './xml-tree.js';

const CONTENT_TYPE = 'text/xml';

function namespaced(name: string, model: ServiceModel): ReturnType<typeof element> {
  const ns = model.metadata.xmlNamespace;
  return element(name, ns ? { xmlns: ns } : {});
}

export function encodeQueryResponse(
  model: ServiceModel, operation: string, output: StructureValue | undefined, requestId: string,
): HttpResponse {
  const op = model.operations[operation];
  const root = namespaced(`${operation}Response`, model);
  const outRef = op?.output;
  if (outRef) {
    const result = element(outRef.resultWrapper ?? `${operation}Result`);
    fillStructure(model, shapeOf(model, outRef.shape), output ?? {}, result);
    root.children.push(result);
  }
  const meta = element('ResponseMetadata');
  const id = element('RequestId');
  id.text = requestId;
  meta.children.push(id);
  root.children.push(meta);
  return {
    status: 200,
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body: writeXml(root, true),
  };
}

export function encodeQueryError(model: ServiceModel, error: ErrorInput, requestId: string): HttpResponse {
  const resolved = resolveError(model, error, true);
  const root = namespaced('ErrorResponse', model);
  const err = element('Error');
  const add = (name: string, text: string): void => {
    const el = element(name);
    el.text = text;
    err.children.push(el);
  };
  add('Type', resolved.senderFault ? 'Sender' : 'Receiver');
  add('Code', resolved.wireCode);
  add('Message', error.message);
  if (resolved.shape && error.fields) {
    const msg = messageMember(resolved.shape);
    const fields = Object.fromEntries(Object.entries(error.fields).filter(([k]) => k !== msg));
    fillStructure(model, resolved.shape, fields, err);
  }
  root.children.push(err);
  const id = element('RequestId');
  id.text = requestId;
  root.children.push(id);
  return {
    status: resolved.status,
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body: writeXml(root, true),
  };
}
