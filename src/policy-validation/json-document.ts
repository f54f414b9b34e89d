// The policy text as a located JSON tree (jsonc-parser, strict JSON), and the reporter that turns
// issue codes plus tree nodes into findings with Access Analyzer's path and span conventions.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Location.html
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { findingText, ISSUES, learnMoreLink, type IssueCode } from './issues.js';
import type { Finding, FindingLocation, PathElement, Position } from './types.js';

export type { JsonNode };

/** A node and the Access Analyzer path that leads to it. */
export interface Located {
  readonly node: JsonNode;
  readonly path: readonly PathElement[];
}

export interface Property {
  readonly key: string;
  readonly keyNode: JsonNode;
  readonly value: JsonNode;
}

export class PolicySource {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** Line from 1, column and offset from 0, as API_Position defines them. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0), offset };
  }

  location(path: readonly PathElement[], start: number, end: number): FindingLocation {
    return { path: [...path], span: { start: this.position(start), end: this.position(end) } };
  }
}

export type ParseOutcome =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly error: { readonly offset: number; readonly length: number } };

/** Strict JSON: no comments, no trailing commas, nothing after the document. */
export function parseJson(text: string): ParseOutcome {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first !== undefined) return { ok: false, error: { offset: first.offset, length: first.length } };
  if (root === undefined) return { ok: false, error: { offset: 0, length: 0 } };
  return { ok: true, root };
}

export function propertiesOf(node: JsonNode): Property[] {
  if (node.type !== 'object') return [];
  const out: Property[] = [];
  for (const prop of node.children ?? []) {
    const keyNode = prop.children?.[0];
    const value = prop.children?.[1];
    if (keyNode !== undefined && value !== undefined && typeof keyNode.value === 'string') {
      out.push({ key: keyNode.value, keyNode, value });
    }
  }
  return out;
}

export function child(parent: Located, key: string | number, node: JsonNode): Located {
  const step: PathElement = typeof key === 'number' ? { index: key } : { value: key };
  return { node, path: [...parent.path, step] };
}

/**
 * A string or an array of strings (Action, Resource, principal values, condition values) as
 * located strings; elements that are not strings are returned apart so callers can report them.
 */
export function stringList(at: Located): { strings: LocatedString[]; others: Located[]; isArray: boolean } {
  const strings: LocatedString[] = [];
  const others: Located[] = [];
  if (at.node.type === 'array') {
    (at.node.children ?? []).forEach((el, i) => {
      const loc = child(at, i, el);
      if (el.type === 'string') strings.push({ ...loc, value: String(el.value) });
      else others.push(loc);
    });
    return { strings, others, isArray: true };
  }
  if (at.node.type === 'string') strings.push({ ...at, value: String(at.node.value) });
  else others.push(at);
  return { strings, others, isArray: false };
}

export interface LocatedString extends Located {
  readonly value: string;
}

/** Collects findings in the order the checks produce them. */
export class Reporter {
  readonly findings: Finding[] = [];

  constructor(readonly source: PolicySource) {}

  report(code: IssueCode, params: Readonly<Record<string, string | number>>, at: readonly Located[]): void {
    this.findings.push({
      findingType: ISSUES[code].type,
      issueCode: code,
      findingDetails: findingText(code, params),
      learnMoreLink: learnMoreLink(code),
      locations: at.map((l) => this.source.location(l.path, l.node.offset, l.node.offset + l.node.length)),
    });
  }

  /** A finding located at a raw text range (JSON syntax errors have no node). */
  reportAt(code: IssueCode, params: Readonly<Record<string, string | number>>, start: number, end: number): void {
    this.findings.push({
      findingType: ISSUES[code].type,
      issueCode: code,
      findingDetails: findingText(code, params),
      learnMoreLink: learnMoreLink(code),
      locations: [this.source.location([], start, end)],
    });
  }
}
