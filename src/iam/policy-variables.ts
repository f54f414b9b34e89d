// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, defaults such as
// `${aws:username, 'nobody'}`), honoured only in policies whose Version is 2012-10-17.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import { escapeRegex, globToRegexSource } from './wildcard.js';

/** A template split into literal text (from the policy) and variables (from the request). */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | null }
  | { readonly kind: 'char'; readonly text: string };

export type Template = readonly TemplatePart[];

/** Reads one context value for a (lower-case) key; undefined when absent. */
export type ContextLookup = (lowerKey: string) => readonly string[] | undefined;

const VARIABLE = /\$\{([^}]*)\}/g;
const DEFAULTED = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/;

/** Parses a policy value into a template, or returns null when it holds no variable. */
export function parseTemplate(value: string): Template | null {
  if (!value.includes('${')) return null;
  const parts: TemplatePart[] = [];
  let last = 0;
  let found = false;
  for (const match of value.matchAll(VARIABLE)) {
    const body = match[1] ?? '';
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: value.slice(last, start) });
    last = start + match[0].length;
    found = true;
    if (body === '*' || body === '?' || body === '$') {
      parts.push({ kind: 'char', text: body });
      continue;
    }
    const defaulted = DEFAULTED.exec(body);
    if (defaulted) {
      parts.push({ kind: 'var', key: (defaulted[1] ?? '').toLowerCase(), fallback: defaulted[2] ?? '' });
    } else {
      parts.push({ kind: 'var', key: body.trim().toLowerCase(), fallback: null });
    }
  }
  if (!found) return null;
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return parts;
}

/**
 * Resolves each part to text; `literal[i]` says whether part i came from the request or a
 * special character (to be matched literally, never as a wildcard). Returns null when a
 * variable has no single value and no default: such a policy value matches nothing.
 */
export function resolveTemplate(template: Template, lookup: ContextLookup): { text: string[]; literal: boolean[] } | null {
  const text: string[] = [];
  const literal: boolean[] = [];
  for (const part of template) {
    if (part.kind === 'text') {
      text.push(part.text);
      literal.push(false);
    } else if (part.kind === 'char') {
      text.push(part.text);
      literal.push(true);
    } else {
      const values = lookup(part.key);
      let value: string | undefined;
      if (values && values.length === 1) value = values[0];
      else if (part.fallback !== null) value = part.fallback;
      if (value === undefined) return null;
      text.push(value);
      literal.push(true);
    }
  }
  return { text, literal };
}

/** Resolves a template to plain text (for equality comparisons). */
export function resolveToText(template: Template, lookup: ContextLookup): string | null {
  const resolved = resolveTemplate(template, lookup);
  return resolved ? resolved.text.join('') : null;
}

/** Resolves a template to an anchored regex source: policy text is a glob, request text literal. */
export function resolveToGlobSource(template: Template, lookup: ContextLookup): string | null {
  const resolved = resolveTemplate(template, lookup);
  if (!resolved) return null;
  let source = '';
  for (let i = 0; i < resolved.text.length; i++) {
    const text = resolved.text[i] as string;
    source += resolved.literal[i] ? escapeRegex(text) : globToRegexSource(text);
  }
  return `^${source}$`;
}

/**
 * A key naming what the request substitutes into a template (the variables' values), so
 * that a compiled matcher can be reused for every request that substitutes the same text.
 * Null when a variable has no single value and no default.
 */
export function variableKey(template: Template, lookup: ContextLookup): string | null {
  let key = '';
  for (const part of template) {
    if (part.kind !== 'var') continue;
    const values = lookup(part.key);
    let value: string | undefined;
    if (values && values.length === 1) value = values[0];
    else if (part.fallback !== null) value = part.fallback;
    if (value === undefined) return null;
    key += `${value}\u0001`;
  }
  return key;
}
