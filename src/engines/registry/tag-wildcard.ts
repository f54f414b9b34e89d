// Tag patterns as ECR writes them (lifecycle rules' tagPatternList, tag mutability exclusion
// filters): `*` stands for any run of characters, including none; every other character is
// itself. Matched without a regular expression: a pattern of many `*` compiled to `.*.*…` made
// V8 backtrack exponentially on a tag it does not match, and the server stopped answering.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html

/** Whether `tag` fits `pattern`, in time proportional to their lengths' product at worst. */
export function tagMatches(pattern: string, tag: string): boolean {
  let p = 0;
  let t = 0;
  // Where the last `*` was, and the tag position it has been stretched to so far.
  let star = -1;
  let resume = 0;
  while (t < tag.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === tag[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      // Let the last `*` take one more character and try the rest again from there.
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
