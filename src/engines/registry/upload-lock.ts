// One request at a time on an upload. Appending a part checks the bytes received so far, then
// writes and hashes; completing hashes the file and moves it to its digest's place. Two of
// these at once on one upload raced: a second PUT found the file already moved (ENOENT, a 500),
// a PATCH running into a PUT fed a finished hash (a 500) and could write into the file the PUT
// had just made a blob, and two PATCHes interleaved their bytes. Each waits for the one before.

import type { RegistryContext } from './registry-context.js';

const queues = new WeakMap<RegistryContext, Map<string, Promise<void>>>();

/** Runs `fn` once every earlier call for the same upload has settled. */
export async function exclusiveUpload<T>(ctx: RegistryContext, uploadId: string, fn: () => Promise<T>): Promise<T> {
  let byId = queues.get(ctx);
  if (!byId) queues.set(ctx, (byId = new Map()));
  const run = (byId.get(uploadId) ?? Promise.resolve()).then(() => fn());
  const settled = run.then(() => undefined, () => undefined);
  byId.set(uploadId, settled);
  try {
    return await run;
  } finally {
    if (byId.get(uploadId) === settled) byId.delete(uploadId);
  }
}
