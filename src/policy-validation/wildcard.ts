// IAM's wildcard matching (`*` any run of characters, `?` one character), used for actions,
// resources and redundancy checks. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
const cache = new Map<string, RegExp>();

function escape(ch: string): string {
  return /[.+^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

function compile(pattern: string, ignoreCase: boolean, questionMatchesStar: boolean): RegExp {
  const id = `${ignoreCase ? 'i' : 's'}${questionMatchesStar ? 'q' : 'n'}:${pattern}`;
  let re = cache.get(id);
  if (re === undefined) {
    let body = '';
    for (const ch of pattern) {
      if (ch === '*') body += '.*';
      else if (ch === '?') body += questionMatchesStar ? '.' : '[^*]';
      else body += escape(ch);
    }
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(id, re);
  }
  return re;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** Does the IAM pattern match this concrete name? */
export function wildcardMatch(pattern: string, name: string, ignoreCase = true): boolean {
  return compile(pattern, ignoreCase, true).test(name);
}

/** Does pattern `a` match everything pattern `b` matches (b's wildcards taken as text)? */
export function covers(a: string, b: string, ignoreCase = true): boolean {
  return compile(a, ignoreCase, false).test(b);
}
