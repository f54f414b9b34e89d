// Tags of IAM users, roles and policies. IAM compares tag keys without regard to case (it
// keeps the case it was given): two keys of one request that differ only in case are refused,
// with the text Terraform users quote from CreateRole ("InvalidInput: Duplicate tag keys found.
// Please note that Tag keys are case insensitive.", status 400).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html

import { invalidInput } from './identity-errors.js';
import type { Tag } from './records.js';

const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The tags of one request, refused when two keys differ only in case (`refuse`: the error for the
 * text, IAM's InvalidInput by default; STS answers InvalidParameterValue); returns the keys as
 * sent by their lower-case form.
 */
export function checkTagKeys(tags: readonly Tag[], refuse: (message: string) => Error = invalidInput): Map<string, string> {
  const seen = new Map<string, string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw refuse('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.set(key, tag.Key);
  }
  return seen;
}

/** TagUser / TagRole: an added tag replaces the one with the same key in any case [INFER: that it replaces rather than refuses]. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkTagKeys(added);
  return [...existing.filter((t) => !added.some((a) => sameKey(a.Key, t.Key))), ...added];
}

/** UntagUser / UntagRole: a key removes its tag in any case [INFER]. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  return existing.filter((t) => !keys.some((k) => sameKey(k, t.Key)));
}
