// Tags on keys: TagResource (adds or overwrites), UntagResource, ListResourceTags, with
// aws:RequestTag/aws:TagKeys for the decision and the reserved `aws:` prefix refused.
// https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html

import type { ContextValue } from '../../iam/index.js';
import { authorizeKey, type KmsCall } from './access.js';
import { resolveOwnKey } from './key-refs.js';
import { requireNotPendingDeletion } from './key-state.js';
import type { KmsContext } from './kms-context.js';
import { tagError } from './kms-errors.js';
import type { KeyRecord, KmsTag } from './kms-records.js';

/** Most tags a key may carry. */
const MAX_TAGS = 50;
const tooManyTags = () => tagError('Too many tags');

/** The tags of one request (CreateKey, TagResource): texts [OBS] from AWS-recorded LocalStack snapshots. */
export function checkTags(tags: readonly KmsTag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw tagError('Tags beginning with aws: are reserved');
    if (keys.has(tag.TagKey)) throw tagError('Duplicate tag keys');
    keys.add(tag.TagKey);
  }
  if (keys.size > MAX_TAGS) throw tooManyTags();
}

export function tagContext(tags: readonly KmsTag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.TagKey}`] = tag.TagValue;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.TagKey);
  return context;
}

const ownKey = (kms: KmsContext, call: KmsCall, ref: string) => resolveOwnKey(kms, call.callerAccount, call.region, ref);

export function tagResource(kms: KmsContext, call: KmsCall, ref: string, tags: readonly KmsTag[]): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'TagResource', resolved, tagContext(tags));
  requireNotPendingDeletion(resolved.key);
  checkTags(tags);
  const merged = new Map(resolved.key.tags.map((t) => [t.TagKey, t]));
  for (const tag of tags) merged.set(tag.TagKey, tag);
  if (merged.size > MAX_TAGS) throw tooManyTags();
  const updated: KeyRecord = { ...resolved.key, tags: [...merged.values()] };
  kms.store.putKey(updated);
  return updated;
}

export function untagResource(kms: KmsContext, call: KmsCall, ref: string, tagKeys: readonly string[]): KeyRecord {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'UntagResource', resolved, tagKeys.length > 0 ? { 'aws:TagKeys': [...tagKeys] } : {});
  requireNotPendingDeletion(resolved.key);
  const updated: KeyRecord = { ...resolved.key, tags: resolved.key.tags.filter((t) => !tagKeys.includes(t.TagKey)) };
  kms.store.putKey(updated);
  return updated;
}

export function listResourceTags(kms: KmsContext, call: KmsCall, ref: string): readonly KmsTag[] {
  const resolved = ownKey(kms, call, ref);
  authorizeKey(kms, call, 'ListResourceTags', resolved);
  return resolved.key.tags;
}
