// awsQuery request parsing: form-encoded body (or GET query string) into operation input.
// Rules: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#query-key-resolution
import { AwsError } from '../core/aws-error.js';
import { bodyText, headerValue, splitUrl, type HttpRequest } from './http-types.js';
import { hasOperation, membersOf, shapeOf } from './model-loader.js';
import type { MemberRef, ServiceModel, Shape, StructureValue } from './model-types.js';
import { parseScalarText } from './scalars.js';
import { memberName } from './xml-shape-encode.js';

/** Form parameters with an index of every dotted prefix, so absent subtrees are found in O(1). */
class FormParams {
  readonly values = new Map<string, string>();
  private readonly prefixes = new Set<string>();

  add(key: string, value: string): void {
    if (!this.values.has(key)) this.values.set(key, value);
    let dot = key.indexOf('.');
    while (dot >= 0) {
      this.prefixes.add(key.slice(0, dot));
      dot = key.indexOf('.', dot + 1);
    }
    this.prefixes.add(key);
  }

  has(prefix: string): boolean {
    return this.prefixes.has(prefix);
  }
}

export function readFormParams(request: HttpRequest): FormParams {
  const params = new FormParams();
  const { query } = splitUrl(request.url);
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  const sources = [query];
  if (contentType === '' || contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    sources.unshift(bodyText(request.body));
  }
  for (const source of sources) addFormPairs(source, params);
  return params;
}

/**
 * application/x-www-form-urlencoded pairs, as URLSearchParams reads them (a test compares the
 * two), without its object per call: split on `&`, then on the first `=`, `+` is a space.
 */
export function addFormPairs(source: string, params: { add(key: string, value: string): void }): void {
  const text = source.startsWith('?') ? source.slice(1) : source;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      if (eq < 0 || eq >= end) params.add(decodeFormPart(text.slice(start, end)), '');
      else params.add(decodeFormPart(text.slice(start, eq)), decodeFormPart(text.slice(eq + 1, end)));
    }
    start = end + 1;
  }
}

function decodeFormPart(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // Malformed escapes or bytes that are not UTF-8: URLSearchParams' lenient reading.
    return new URLSearchParams(`v=${raw}`).get('v') ?? '';
  }
}

/** The operation named by `Action`, or the protocol's InvalidAction error. */
export function queryOperation(model: ServiceModel, params: FormParams): string {
  const action = params.values.get('Action');
  const version = params.values.get('Version') ?? model.metadata.apiVersion ?? '';
  if (action === undefined || action === '') {
    throw new AwsError('MissingAction', 'Missing Action', 400, true);
  }
  if (!hasOperation(model, action)) {
    throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400, true);
  }
  return action;
}

export function decodeQueryRequest(model: ServiceModel, request: HttpRequest): { operation: string; input: StructureValue } {
  const params = readFormParams(request);
  const operation = queryOperation(model, params);
  const inputRef = model.operations[operation]?.input;
  const input = inputRef ? readStructure(model, shapeOf(model, inputRef.shape), params, '') : {};
  return { operation, input };
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function readStructure(model: ServiceModel, shape: Shape, params: FormParams, prefix: string): StructureValue {
  const out: StructureValue = {};
  for (const [name, ref] of membersOf(shape)) {
    const key = join(prefix, memberName(model, ref, name, true));
    if (!params.has(key)) continue;
    const value = readValue(model, ref, params, key);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readValue(model: ServiceModel, ref: MemberRef, params: FormParams, key: string): unknown {
  const shape = shapeOf(model, ref.shape);
  const flattened = ref.flattened ?? shape.flattened ?? false;
  switch (shape.type) {
    case 'structure': return readStructure(model, shape, params, key);
    case 'list': {
      // An empty list is sent as `Name=` (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html).
      if (params.values.get(key) === '' && !params.has(`${key}.1`)) return [];
      const itemRef = shape.member;
      if (!itemRef) return [];
      const base = flattened ? key : `${key}.${itemRef.locationName ?? 'member'}`;
      return readIndexed(params, base, (k) => readValue(model, itemRef, params, k));
    }
    case 'map': {
      const keyRef = shape.key;
      const valueRef = shape.value;
      if (!keyRef || !valueRef) return {};
      const base = flattened ? key : `${key}.entry`;
      const out: Record<string, unknown> = {};
      readIndexed(params, base, (k) => {
        const mapKey = params.values.get(`${k}.${keyRef.locationName ?? 'key'}`);
        const valueKey = `${k}.${valueRef.locationName ?? 'value'}`;
        if (mapKey !== undefined) out[mapKey] = params.has(valueKey) ? readValue(model, valueRef, params, valueKey) : undefined;
        return undefined;
      });
      return out;
    }
    default: {
      const text = params.values.get(key);
      return text === undefined ? undefined : parseScalarText(shape, text, key);
    }
  }
}

/** Items `base.1`, `base.2`, … until the first missing index. */
function readIndexed(params: FormParams, base: string, read: (key: string) => unknown): unknown[] {
  const items: unknown[] = [];
  for (let i = 1; params.has(`${base}.${i}`); i += 1) items.push(read(`${base}.${i}`));
  return items;
}
