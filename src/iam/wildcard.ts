// Glob patterns as IAM uses them: `*` matches any run of characters, `?` exactly one.
// Patterns are compiled once into the cheapest matcher that fits (exact, prefix, any, regex).

export type Matcher = (value: string) => boolean;

const matchAll: Matcher = () => true;

/** `text` as a regular expression that matches exactly it. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|+()[\]{}*?]/g, '\\$&');
}

/** Turns a glob into regex source text (without anchors). */
export function globToRegexSource(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += escapeRegex(ch);
  }
  return out;
}

/**
 * Compiles a glob. With `ignoreCase` the comparison folds ASCII and Unicode case
 * (actions are case-insensitive in IAM; ARNs and most strings are not).
 */
export function compileGlob(glob: string, ignoreCase = false): Matcher {
  if (glob === '*') return matchAll;
  const star = glob.indexOf('*');
  const hasQuestion = glob.includes('?');
  if (star < 0 && !hasQuestion) {
    if (!ignoreCase) return (value) => value === glob;
    const lower = glob.toLowerCase();
    return (value) => value.length === glob.length && value.toLowerCase() === lower;
  }
  if (!hasQuestion && star === glob.length - 1) {
    const prefix = ignoreCase ? glob.slice(0, -1).toLowerCase() : glob.slice(0, -1);
    return ignoreCase
      ? (value) => value.toLowerCase().startsWith(prefix)
      : (value) => value.startsWith(prefix);
  }
  const re = new RegExp(`^${globToRegexSource(glob)}$`, ignoreCase ? 'iu' : 'u');
  return (value) => re.test(value);
}

/** True when the text holds a wildcard character. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
