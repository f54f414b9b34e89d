// What tests compare of an SDK command's output: its members without the SDK's $metadata, and
// the HTTP status that metadata carries.

/** The output's members, $metadata left out, for a deepEqual against what AWS answers. */
export function metadataLess(output: unknown): Record<string, unknown> {
  const { $metadata, ...rest } = output as Record<string, unknown>;
  void $metadata;
  return rest;
}

/** The HTTP status of the response the output was read from. */
export const statusOf = (output: unknown): number | undefined => (output as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode;
