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

/** A method's routes, best first: all of them, and those a request without a query string can match. */
interface MethodRoutes {
  readonly all: Route[];
  readonly withoutQuery: Route[];
}

/** Each model's routes by method. */
const tables = new WeakMap<ServiceModel, Map<string, MethodRoutes>>();
const NO_ROUTES: MethodRoutes = { all: [], withoutQuery: [] };

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

function routesFor(model: ServiceModel, method: string): MethodRoutes {
  let table = tables.get(model);
  if (!table) {
    table = new Map();
    // Of two operations with the same binding (S3: PutBucketLifecycle and PutBucketLifecycleConfiguration
    // both PUT /{Bucket}?lifecycle), the current one is what a client sends: a deprecated one comes last.
    const current = (name: string) => (model.operations[name]?.deprecated === true ? 0 : 1);
    const routes = Object.entries(model.operations)
      .map(([name, op]) => parseTemplate(model, name, op.http?.method ?? 'POST', op.http?.requestUri ?? '/'))
      .sort((a, b) => b.score - a.score || current(b.operation) - current(a.operation));
    for (const route of routes) {
      let entry = table.get(route.method);
      if (!entry) table.set(route.method, (entry = { all: [], withoutQuery: [] }));
      entry.all.push(route);
      // S3's many `?acl`, `?tagging`... routes cannot match a plain GET or PUT of an object (x-id aside).
      if (route.query.size === 0 && route.requiredQuery.length === 0) entry.withoutQuery.push(route);
    }
    tables.set(model, table);
  }
  return table.get(method) ?? table.get(method.toUpperCase()) ?? NO_ROUTES;
}

/** A path segment percent-decoded; one that is not valid percent-encoding is kept as sent (S3 then finds no such bucket or key). */
export function decodeSegment(raw: string): string {
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

/** Whether a path of `count` parts can match: as many as the segments, or at least that many before a greedy one. */
function fitsLength(route: Route, count: number): boolean {
  const greedy = route.segments.length > 0 && route.segments[route.segments.length - 1]?.greedy === true;
  return greedy ? count >= route.segments.length : count === route.segments.length;
}

function hasQuery(route: Route, params: URLSearchParams): boolean {
  for (const [k, v] of route.query) {
    if (!params.has(k) || (v !== undefined && params.get(k) !== v)) return false;
  }
  for (const q of route.requiredQuery) if (!params.has(q)) return false;
  return true;
}

function hasHeaders(route: Route, headers: HeaderBag): boolean {
  for (const h of route.requiredHeaders) if (headerValue(headers, h) === undefined) return false;
  return true;
}

/**
 * The last match: the pipeline asks for a request's operation (to know whether its body
 * streams) and then decodes it, both for the same method, URL and header bag. Matches are
 * read, never changed, by their users.
 */
let last: { model: ServiceModel; method: string; url: string; headers: HeaderBag; match: RouteMatch } | null = null;

/** The best route for a request, or the S3-style error when none matches. */
export function matchRoute(model: ServiceModel, method: string, url: string, headers: HeaderBag): RouteMatch {
  if (last && last.model === model && last.method === method && last.url === url && last.headers === headers) return last.match;
  const match = findRoute(model, method, url, headers);
  last = { model, method, url, headers, match };
  return match;
}

function findRoute(model: ServiceModel, method: string, url: string, headers: HeaderBag): RouteMatch {
  const { path, query } = splitUrl(url);
  const params = new URLSearchParams(query);
  const xId = query === '' ? null : params.get('x-id');
  // Keep an empty trailing part only for greedy keys such as `/bucket/dir/`.
  const raw = path.split('/').slice(1);
  const parts = raw.length > 0 && raw[raw.length - 1] === '' ? raw.slice(0, -1) : raw;
  const trailingSlash = raw.length > 1 && raw[raw.length - 1] === '';
  const routes = routesFor(model, method);
  // The SDKs add the advisory `x-id=<Operation>` to many requests; alone, it is no query either.
  const bare = query === '' || (query.startsWith('x-id=') && !query.includes('&'));
  for (const route of bare ? routes.withoutQuery : routes.all) {
    if (!fitsLength(route, parts.length)) continue;
    if (!hasQuery(route, params)) continue;
    if (xId !== null && route.xId !== undefined && route.xId !== xId) continue;
    if (!hasHeaders(route, headers)) continue;
    const labels = matchPath(route, parts);
    if (!labels) continue;
    const greedy = route.segments.find((s) => s.greedy);
    if (trailingSlash && greedy?.label !== undefined && labels[greedy.label] !== undefined) labels[greedy.label] += '/';
    return { operation: route.operation, labels, query: params };
  }
  throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, true);
}
