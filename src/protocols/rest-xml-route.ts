// restXml routing: match method + path + query literals against each operation's `requestUri`
// template (`/{Bucket}/{Key+}?uploads`). Smithy @http: https://smithy.io/2.0/spec/http-bindings.html#http-trait
import { AwsError } from '../core/aws-error.js';
import { headerValue, splitUrl, type HeaderBag } from './http-types.js';
import type { ServiceModel } from './model-types.js';

interface Segment {
  readonly literal?: string;
  readonly label?: string;
  readonly greedy?: boolean;
}

interface Route {
  readonly operation: string;
  readonly method: string;
  readonly segments: readonly Segment[];
  /** Query literals the request must carry; value undefined = key present with any value. */
  readonly query: ReadonlyMap<string, string | undefined>;
  /** Lower-case names of header-bound members the input requires (`x-amz-copy-source` tells CopyObject from PutObject). */
  readonly requiredHeaders: readonly string[];
  /** Query-bound members the input requires (`uploadId` tells AbortMultipartUpload from DeleteObject). */
  readonly requiredQuery: readonly string[];
  /** The `x-id` literal SDKs send, when the template has one. */
  readonly xId?: string;
  readonly score: number;
}

export interface RouteMatch {
  readonly operation: string;
  /** Label name → percent-decoded value (greedy labels keep their `/`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** Query literals that SDKs add but other clients omit, so they never decide a route (`x-id=GetObject`). */
const ADVISORY_QUERY = new Set(['x-id']);

/** Each model's routes by method, best score first. */
const tables = new WeakMap<ServiceModel, Map<string, Route[]>>();

function requiredNames(model: ServiceModel, operation: string, location: 'header' | 'querystring'): string[] {
  const inputName = model.operations[operation]?.input?.shape;
  const shape = inputName === undefined ? undefined : model.shapes[inputName];
  const required = new Set(shape?.required ?? []);
  return Object.entries(shape?.members ?? {})
    .filter(([name, ref]) => required.has(name) && ref.location === location)
    .map(([name, ref]) => (location === 'header' ? (ref.locationName ?? name).toLowerCase() : (ref.locationName ?? name)));
}

function parseTemplate(model: ServiceModel, operation: string, method: string, requestUri: string): Route {
  const { path, query } = splitUrl(requestUri);
  const segments: Segment[] = path.split('/').filter((s) => s !== '').map((s) => {
    const m = /^\{([^}]+?)(\+)?\}$/.exec(s);
    return m && m[1] !== undefined ? { label: m[1], greedy: m[2] === '+' } : { literal: s };
  });
  const literals = new Map<string, string | undefined>();
  let xId: string | undefined;
  for (const part of query.split('&').filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? undefined : decodeURIComponent(part.slice(eq + 1));
    if (ADVISORY_QUERY.has(key)) xId = value;
    else literals.set(key, value);
  }
  const requiredHeaders = requiredNames(model, operation, 'header');
  const requiredQuery = requiredNames(model, operation, 'querystring').filter((name) => !literals.has(name));
  const literalCount = segments.filter((s) => s.literal !== undefined).length;
  const score = (literals.size + requiredQuery.length) * 1000 + requiredHeaders.length * 100 + literalCount * 10 + segments.length
    - (segments.some((s) => s.greedy) ? 1 : 0);
  return { operation, method: method.toUpperCase(), segments, query: literals, requiredHeaders, requiredQuery, xId, score };
}

function routesFor(model: ServiceModel, method: string): readonly Route[] {
  let table = tables.get(model);
  if (!table) {
    table = new Map();
    const routes = Object.entries(model.operations)
      .map(([name, op]) => parseTemplate(model, name, op.http?.method ?? 'POST', op.http?.requestUri ?? '/'))
      .sort((a, b) => b.score - a.score);
    for (const route of routes) table.set(route.method, [...(table.get(route.method) ?? []), route]);
    tables.set(model, table);
  }
  return table.get(method.toUpperCase()) ?? [];
}

function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function matchPath(route: Route, parts: readonly string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    if (seg.greedy && seg.label !== undefined) {
      if (i >= parts.length) return undefined;
      labels[seg.label] = parts.slice(i).map(decodeSegment).join('/');
      i = parts.length;
      continue;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.literal !== undefined && decodeSegment(part) !== seg.literal) return undefined;
    if (seg.label !== undefined) {
      if (part === '') return undefined;
      labels[seg.label] = decodeSegment(part);
    }
    i += 1;
  }
  return i === parts.length ? labels : undefined;
}

/** The best route for a request, or the S3-style error when none matches. */
export function matchRoute(model: ServiceModel, method: string, url: string, headers: HeaderBag): RouteMatch {
  const { path, query } = splitUrl(url);
  const params = new URLSearchParams(query);
  const xId = params.get('x-id');
  // Keep an empty trailing part only for greedy keys such as `/bucket/dir/`.
  const raw = path.split('/').slice(1);
  const parts = raw.length > 0 && raw[raw.length - 1] === '' ? raw.slice(0, -1) : raw;
  const trailingSlash = raw.length > 1 && raw[raw.length - 1] === '';
  for (const route of routesFor(model, method)) {
    let ok = true;
    for (const [k, v] of route.query) {
      if (!params.has(k) || (v !== undefined && params.get(k) !== v)) ok = false;
    }
    if (!ok) continue;
    if (xId !== null && route.xId !== undefined && route.xId !== xId) continue;
    if (route.requiredHeaders.some((h) => headerValue(headers, h) === undefined)) continue;
    if (route.requiredQuery.some((q) => !params.has(q))) continue;
    const labels = matchPath(route, parts);
    if (!labels) continue;
    const greedy = route.segments.find((s) => s.greedy);
    if (trailingSlash && greedy?.label !== undefined && labels[greedy.label] !== undefined) labels[greedy.label] += '/';
    return { operation: route.operation, labels, query: params };
  }
  throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, true);
}
