// Test support for botocore's protocol fixtures (shared/fixtures/protocols, see shared/fixtures/SOURCES.md §1),
// run in reverse: locate and load suites, build models and requests, normalize values, compare XML/JSON.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HttpRequest } from './http-types.js';
import type { OperationModel, ServiceMetadata, ServiceModel, Shape } from './model-types.js';
import { readXml, type XmlElement } from './xml-tree.js';

export interface FixtureCase {
  readonly id?: string;
  readonly description?: string;
  readonly given: OperationModel;
  readonly params?: Record<string, unknown>;
  readonly serialized?: {
    readonly method?: string; readonly uri: string; readonly headers?: Record<string, string>;
    readonly body?: string; readonly host?: string;
  };
  readonly result?: Record<string, unknown>;
  readonly response?: { readonly status_code: number; readonly headers?: Record<string, string>; readonly body?: string };
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly error?: Record<string, unknown>;
}

export interface FixtureSuite {
  readonly description: string;
  readonly metadata: ServiceMetadata;
  readonly shapes: Record<string, Shape>;
  readonly cases: FixtureCase[];
}

/** shared/fixtures/protocols next to the repo root; the repo root is three levels above dist/src/protocols. */
export function fixturesDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../../shared/fixtures/protocols/', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

export function loadSuites(dir: string, file: string): FixtureSuite[] {
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as FixtureSuite[];
}

/** A one-operation model from a suite and a case's `given`. */
export function caseModel(suite: FixtureSuite, c: FixtureCase): ServiceModel {
  let metadata = suite.metadata;
  // botocore's conversion drops the Smithy service's @xmlNamespace; the query responses show it on the root.
  const rootNs = /^\s*<\w+Response xmlns="([^"]+)"/.exec(c.response?.body ?? '')?.[1];
  if (metadata.protocol === 'query' && metadata.xmlNamespace === undefined && rootNs !== undefined) {
    metadata = { ...metadata, xmlNamespace: rootNs };
  }
  return { metadata, shapes: suite.shapes, operations: { [c.given.name]: c.given } };
}

export function caseRequest(c: FixtureCase): HttpRequest {
  const s = c.serialized;
  if (!s) throw new Error('input case without serialized');
  return {
    method: s.method ?? c.given.http?.method ?? 'POST',
    url: s.uri,
    headers: s.headers ?? {},
    body: s.body ?? '',
  };
}

/** The case's label: the Smithy id, else the suite description with the case index. */
export function caseLabel(suite: FixtureSuite, c: FixtureCase, index: number): string {
  return c.id ?? `${suite.description} #${index + 1}`;
}

/** Decoded values in the fixtures' form: epoch seconds, blob text, spelled-out special floats. */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

interface Canonical {
  readonly name: string;
  readonly attrs: string;
  readonly text: string;
  readonly children: Canonical[];
}

function canonical(el: XmlElement): Canonical {
  const attrs = Object.entries(el.attrs).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ');
  // Text beside child elements (mixed content, CDATA in a structure) is not data a client reads.
  const text = el.children.length > 0 ? '' : el.text.trim();
  return { name: el.name, attrs, text, children: el.children.map(canonical) };
}

/** Same instant written two ways (`…-01:00` vs `…Z`, or http-date) counts as equal text. */
function sameText(a: string, b: string): boolean {
  if (a === b) return true;
  const looksLikeDate = (s: string): boolean => /\d{4}-\d\d-\d\dT|GMT$/.test(s);
  return looksLikeDate(a) && looksLikeDate(b) && Date.parse(a) === Date.parse(b);
}

/** Differences between two XML documents after canonicalization with whitespace-only text stripped. */
export function xmlDifference(actual: string, expected: string): string | undefined {
  const walk = (a: Canonical | undefined, e: Canonical | undefined, path: string): string | undefined => {
    if (!a || !e) return `${path}: ${a ? 'unexpected element' : 'missing element'} ${(a ?? e)?.name ?? ''}`;
    if (a.name !== e.name) return `${path}: element ${a.name} != ${e.name}`;
    const here = `${path}/${a.name}`;
    if (a.attrs !== e.attrs) return `${here}: attributes [${a.attrs}] != [${e.attrs}]`;
    if (!sameText(a.text, e.text)) return `${here}: text '${a.text}' != '${e.text}'`;
    if (a.children.length !== e.children.length) {
      return `${here}: ${a.children.length} children [${a.children.map((c) => c.name)}] != ${e.children.length} [${e.children.map((c) => c.name)}]`;
    }
    for (let i = 0; i < a.children.length; i += 1) {
      const d = walk(a.children[i], e.children[i], here);
      if (d) return d;
    }
    return undefined;
  };
  return walk(canonical(readXml(actual)), canonical(readXml(expected)), '');
}

export function parseXmlElement(text: string): XmlElement {
  return readXml(text);
}

/** Drops `ResponseMetadata` from a query response when the expected body has none. */
export function withoutResponseMetadata(el: XmlElement): XmlElement {
  return { ...el, children: el.children.filter((c) => c.name !== 'ResponseMetadata') };
}

export function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const hit = Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return hit?.[1];
}
