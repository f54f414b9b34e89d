// ARN parsing and ARN pattern matching (ArnLike semantics): the first five colons split
// the ARN into partition, service, region, account and resource, and a wildcard never
// crosses a segment boundary except inside the resource part.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

import { compileGlob, globToRegexSource, hasWildcard, type Matcher } from './wildcard.js';

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its segments, or returns null when the text is not an ARN. */
export function parseArn(text: string): Arn | null {
  if (!text.startsWith('arn:')) return null;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return null;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  return {
    partition: parts[0] ?? '',
    service: parts[1] ?? '',
    region: parts[2] ?? '',
    account: parts[3] ?? '',
    resource: text.slice(start),
  };
}

/** Splits a text into at most six colon-separated segments, the last keeping its colons. */
function splitSixSegments(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) break;
    out.push(text.slice(start, colon));
    start = colon + 1;
  }
  out.push(text.slice(start));
  return out;
}

/**
 * Compiles an ARN pattern such as `arn:aws:s3:::bucket/*` into a matcher. A pattern that
 * is not ARN-shaped (for example `*`) matches as a plain case-sensitive glob. Wildcards in
 * the first five segments stay inside their segment; in the resource part they may span
 * `/` and `:`.
 */
export function compileArnPattern(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const parts = splitSixSegments(pattern);
  if (parts.length < 6) return compileGlob(pattern);
  const head = parts.slice(0, 5);
  if (!head.some(hasWildcard)) return compileGlob(pattern);
  const segment = (glob: string) =>
    glob.replace(/[\\^$.|+()[\]{}]/g, '\\$&').replace(/\*/g, '[^:]*').replace(/\?/g, '[^:]');
  const source = `^${head.map(segment).join(':')}:${globToRegexSource(parts[5] as string)}$`;
  const re = new RegExp(source, 'u');
  return (value) => re.test(value);
}
