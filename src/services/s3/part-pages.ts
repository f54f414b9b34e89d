// One page of parts after a part-number marker, as ListParts (an upload's parts) and
// GetObjectAttributes' ObjectParts (a completed object's) answer it: the same arguments, the
// same paging members.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html

import type { Input } from '../service-types.js';
import { listArgument } from './s3-input.js';

export interface PartPageRequest {
  /** Parts numbered above it are listed (part-number-marker; 0 when not sent). */
  readonly marker: number;
  /** At most this many (max-parts; 1000 when not sent, and never more). */
  readonly maxParts: number;
}

/**
 * MaxParts and PartNumberMarker as sent, refused when negative under their wire names (which
 * differ: `max-parts` on ListParts, `x-amz-max-parts` on GetObjectAttributes). [INFER] that
 * GetObjectAttributes caps max-parts at 1000 as ListParts does (AWS documents no cap for it).
 */
export function partPageRequest(input: Input, wire: { readonly maxParts: string; readonly marker: string }): PartPageRequest {
  return {
    maxParts: Math.min(listArgument(input, 'MaxParts', wire.maxParts) ?? 1000, 1000),
    marker: listArgument(input, 'PartNumberMarker', wire.marker) ?? 0,
  };
}

export interface PartPage<T> {
  /** The parts of the page, in part-number order. */
  readonly parts: readonly T[];
  /** The members that page: PartNumberMarker, MaxParts, IsTruncated, NextPartNumberMarker (0 for an empty page). */
  readonly members: Record<string, number | boolean>;
}

/** The page of `all` (in part-number order) that `request` asks for. */
export function partPage<T extends { readonly partNumber: number }>(all: readonly T[], request: PartPageRequest): PartPage<T> {
  const after = all.filter((p) => p.partNumber > request.marker);
  const parts = after.slice(0, request.maxParts);
  const last = parts[parts.length - 1];
  const members: Record<string, number | boolean> = {
    PartNumberMarker: request.marker,
    MaxParts: request.maxParts,
    // max-parts 0: an empty page that is not truncated, as ListObjects with max-keys 0 ([INFER]).
    IsTruncated: request.maxParts > 0 && after.length > parts.length,
  };
  // The paginators (aws-cli --page-size, SDK paginateListParts) resume from it. An empty page
  // answers 0 (AWS, LocalStack's test_list_parts_pagination list-parts-empty and -wrong-part,
  // test_list_parts_via_object_attrs_pagination get-object-attrs-wrong-part).
  members['NextPartNumberMarker'] = last?.partNumber ?? 0;
  return { parts, members };
}
