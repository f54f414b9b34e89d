// Tests that match an error message by pattern (for a generated ARN or id in it) still want the
// rest of the message exact: an ARN's dots or a `*` resource must match only themselves.

/** `text` as regex source that matches exactly that text. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
