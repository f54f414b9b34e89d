// S3's rules for a set of tags, on objects (PutObject's x-amz-tagging, PutObjectTagging) and
// buckets (PutBucketTagging): unique keys, keys of 1-128 and values of 0-256 characters among
// letters, digits, spaces and `_ . : / = + - @`, no `aws:` prefix, at most 10 (object) or 50
// (bucket). https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html
// Texts [OBS] from AWS-recorded snapshots (LocalStack test_s3_api: test_tagging_validation);
// the length texts and the bucket count text [INFER] (other S3 implementations' wording).

import type { Tag } from '../../engines/objects/object-records.js';
import { S3Error } from '../../engines/objects/s3-errors.js';

export type TagTarget = 'object' | 'bucket';

const MAX_TAGS: Readonly<Record<TagTarget, number>> = { object: 10, bucket: 50 };
const MAX_KEY = 128;
const MAX_VALUE = 256;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const invalidTag = (message: string, fields: Record<string, string>) => new S3Error('InvalidTag', message, 400, fields);

/**
 * PutObject's x-amz-tagging must decode to tags with unique keys of S3's characters: else AWS
 * refuses the header itself, InvalidArgument naming it (LocalStack's AWS-recorded
 * test_object_tagging_exc: `key1=val1&key1=val2`, and `key1=val1,key2=val2` whose value has a
 * comma). Lengths, count and the aws: prefix are left to checkTags' InvalidTag ([INFER]).
 */
export function checkTaggingHeader(header: string, tags: readonly Tag[]): void {
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size === tags.length && tags.every((t) => TAG_TEXT.test(t.Key) && TAG_TEXT.test(t.Value))) return;
  throw new S3Error('InvalidArgument', "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", 400,
    { ArgumentName: 'x-amz-tagging', ArgumentValue: header });
}

function tooMany(target: TagTarget): S3Error {
  const max = MAX_TAGS[target];
  return new S3Error('InvalidRequest', target === 'object' ? `Object tags cannot be greater than ${max}` : `Bucket tag count cannot be greater than ${max}`, 400);
}

/** The tags as given (the same list), once they satisfy S3's rules for `target`; throws InvalidTag (or InvalidRequest for too many). */
export function checkTags<T extends readonly Tag[]>(tags: T, target: TagTarget): T {
  if (tags.length === 0) return tags;
  if (tags.length > MAX_TAGS[target]) throw tooMany(target);
  const seen = new Set<string>();
  for (const { Key, Value } of tags) {
    if (Key.toLowerCase().startsWith('aws:')) {
      throw invalidTag(target === 'object' ? 'Your TagKey cannot be prefixed with aws:' : 'System tags cannot be added/updated by requester', { TagKey: Key });
    }
    if (Key.length === 0 || !TAG_TEXT.test(Key)) throw invalidTag('The TagKey you have provided is invalid', { TagKey: Key });
    if (Key.length > MAX_KEY) throw invalidTag(`The TagKey you have provided is too long, max ${MAX_KEY}`, { TagKey: Key });
    if (!TAG_TEXT.test(Value)) throw invalidTag('The TagValue you have provided is invalid', { TagKey: Key, TagValue: Value });
    if (Value.length > MAX_VALUE) throw invalidTag(`The TagValue you have provided is too long, max ${MAX_VALUE}`, { TagKey: Key, TagValue: Value });
    if (seen.has(Key)) throw invalidTag('Cannot provide multiple Tags with the same key', { TagKey: Key });
    seen.add(Key);
  }
  return tags;
}
