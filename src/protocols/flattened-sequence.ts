// Sibling flattened lists that one XML document interleaves. A model gives each flattened list
// its own member, so a codec would write one list after the other; S3's ListObjectVersions
// instead lists <Version> and <DeleteMarker> elements in one sequence, in listing order
// (API_ListObjectVersions.html), and raw-XML readers rely on that order. The model cannot say
// it, so the handler does: it gives the items in document order, each naming the flattened-list
// member it belongs to, and the XML encoder writes them as they come.

/** Where a structure value carries its sequence (a symbol: never a member, never serialized by itself). */
const SEQUENCE = Symbol('flattened-sequence');

/** One item of a flattened-list member, in its place in the document. */
export interface SequencedItem {
  /** The structure member (a flattened list) the item belongs to, e.g. `Versions`. */
  readonly member: string;
  readonly value: unknown;
}

export interface FlattenedSequence {
  readonly items: readonly SequencedItem[];
  /** The members the sequence writes; values under these names are not written again. */
  readonly members: ReadonlySet<string>;
}

type Sequenced = { [SEQUENCE]?: FlattenedSequence };

/**
 * `structure` whose flattened-list members named in `items` are written as this one sequence,
 * where the first of them comes in the model's member order, instead of list after list.
 * `members` names every member the sequence stands for, so that an empty sequence writes none.
 */
export function withFlattenedSequence<T extends Record<string, unknown>>(
  structure: T, members: readonly string[], items: readonly SequencedItem[],
): T {
  const sequence: FlattenedSequence = { items, members: new Set(members) };
  return { ...structure, [SEQUENCE]: sequence };
}

/** The sequence a structure value carries, if any. */
export function flattenedSequenceOf(structure: object): FlattenedSequence | undefined {
  return (structure as Sequenced)[SEQUENCE];
}

/** Carries `from`'s sequence over to a copy of its members (a codec that splits headers from body). */
export function keepFlattenedSequence(from: object, to: Record<string, unknown>): void {
  const sequence = flattenedSequenceOf(from);
  if (sequence !== undefined) (to as Sequenced)[SEQUENCE] = sequence;
}
