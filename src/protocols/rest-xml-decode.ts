// restXml request parsing: route, then bind URI labels, query string, headers and the XML or raw payload.
// Smithy restXml: https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
import { bodyBytes, bodyText, headersWithPrefix, headerValue, type HeaderBag, type HttpRequest } from './http-types.js';
import { httpBinding, parseBoundText, parseHeaderValue, parseQueryValue } from './http-bindings.js';
import { membersOf, shapeOf } from './model-loader.js';
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { matchRoute } from './rest-xml-route.js';
import { readStructure, readValue } from './xml-shape-decode.js';
import { readXml } from './xml-tree.js';

export function restXmlOperation(model: ServiceModel, request: HttpRequest): string {
  return matchRoute(model, request.method, request.url, request.headers).operation;
}

/** One bound member of an input shape, as the decoder needs it (worked out once per shape). */
interface Binding {
  readonly name: string;
  readonly ref: MemberRef;
  readonly location: string | undefined;
  readonly wire: string;
  /** The wire name in lower case (headers, prefixes). */
  readonly lower: string;
  readonly target: Shape;
}

const bindingsByShape = new WeakMap<Shape, readonly Binding[]>();

function bindingsOf(model: ServiceModel, shape: Shape): readonly Binding[] {
  let bindings = bindingsByShape.get(shape);
  if (!bindings) {
    bindings = membersOf(shape).map(([name, ref]) => {
      const { location, wire } = httpBinding(model, ref, name);
      return { name, ref, location, wire, lower: wire.toLowerCase(), target: shapeOf(model, ref.shape) };
    });
    bindingsByShape.set(shape, bindings);
  }
  return bindings;
}

export function decodeRestXmlRequest(model: ServiceModel, request: HttpRequest): { operation: string; input: StructureValue } {
  const route = matchRoute(model, request.method, request.url, request.headers);
  const inputRef = model.operations[route.operation]?.input;
  if (!inputRef) return { operation: route.operation, input: {} };
  const shape = shapeOf(model, inputRef.shape);
  const input: StructureValue = {};
  const boundQuery = new Set<string>();
  let mapQueryMember: string | undefined;
  for (const binding of bindingsOf(model, shape)) {
    const { name, ref, location, wire, target } = binding;
    switch (location) {
      case 'uri': {
        const text = route.labels[wire];
        if (text !== undefined) input[name] = parseBoundText(target, text, wire);
        break;
      }
      case 'querystring': {
        if (target.type === 'map') {
          mapQueryMember = name;
          break;
        }
        boundQuery.add(wire);
        if (!route.query.has(wire)) break;
        const values = route.query.getAll(wire);
        if (values.length > 0) input[name] = parseQueryValue(model, ref, values, wire);
        break;
      }
      case 'header':
      case 'headers':
        readHeaderMember(model, binding, request.headers, input);
        break;
      default: break;
    }
  }
  if (mapQueryMember !== undefined) readQueryMap(model, shape, mapQueryMember, route.query, boundQuery, input);
  readBody(model, shape, request, input);
  return { operation: route.operation, input };
}

function readHeaderMember(model: ServiceModel, binding: Binding, headers: HeaderBag, input: StructureValue): void {
  const { name, ref, location, wire, lower } = binding;
  if (location === 'header') {
    const text = headerValue(headers, lower);
    if (text !== undefined) input[name] = parseHeaderValue(model, ref, text, wire);
  } else if (location === 'headers') {
    const map = headersWithPrefix(headers, lower);
    if (map) input[name] = map;
  }
}

/**
 * The header-bound members of an operation's input, read from `headers` by the model: S3's POST
 * Object carries in form fields what PutObject carries in headers (Content-Type, x-amz-meta-*,
 * x-amz-server-side-encryption...), so its fields are read as PutObject's headers would be.
 */
export function decodeHeaderMembers(model: ServiceModel, operation: string, headers: HeaderBag): StructureValue {
  const inputRef = model.operations[operation]?.input;
  const input: StructureValue = {};
  if (!inputRef) return input;
  for (const binding of bindingsOf(model, shapeOf(model, inputRef.shape))) readHeaderMember(model, binding, headers, input);
  return input;
}

/** An XML document of the named shape (S3 POST's `tagging` field holds a Tagging document); throws MalformedXML. */
export function decodeXmlDocument(model: ServiceModel, shapeName: string, text: string): unknown {
  return readValue(model, { shape: shapeName }, readXml(text));
}

/** @httpQueryParams: every query parameter not bound to another member (https://smithy.io/2.0/spec/http-bindings.html#httpqueryparams-trait). */
function readQueryMap(
  model: ServiceModel, shape: Shape, member: string, query: URLSearchParams, bound: Set<string>, input: StructureValue,
): void {
  const ref = shape.members?.[member];
  const valueShape = ref ? shapeOf(model, ref.shape).value : undefined;
  if (!valueShape) return;
  const isList = shapeOf(model, valueShape.shape).type === 'list';
  const map: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    if (bound.has(key)) continue;
    const values = query.getAll(key);
    map[key] = isList ? values : values[0];
  }
  if (Object.keys(map).length > 0) input[member] = map;
}

function readBody(model: ServiceModel, shape: Shape, request: HttpRequest, input: StructureValue): void {
  const bytes = bodyBytes(request.body);
  const payloadName = shape.payload;
  if (payloadName !== undefined) {
    const ref = shape.members?.[payloadName];
    if (!ref) return;
    const target = shapeOf(model, ref.shape);
    if (target.type === 'blob') {
      if (bytes.length > 0) input[payloadName] = bytes;
      return;
    }
    if (target.type === 'string') {
      if (bytes.length > 0) input[payloadName] = bodyText(request.body);
      return;
    }
    if (bytes.length === 0) return;
    input[payloadName] = readValue(model, ref, readXml(bytes.toString('utf8')));
    return;
  }
  const inBody = bindingsOf(model, shape).filter((b) => b.location === undefined);
  if (inBody.length === 0 || bytes.length === 0) return;
  const parsed = readStructure(model, shape, readXml(bytes.toString('utf8')));
  for (const { name } of inBody) if (parsed[name] !== undefined) input[name] = parsed[name];
}
