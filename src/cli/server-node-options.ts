// The Node options Gantry's server process runs with, in one place. The `gantry` command's #!
// line and `npm start` carry them (server-node-options.test.ts checks both against this list);
// the benchmarks that start Gantry pass them too, so they measure it as it is started.
//
// --initial-old-space-size=64: V8 counts external memory (the Buffers of socket reads and of
// cipher output) allocated since the last full collection against the old generation's limit,
// which for Gantry's ~10 MB heap is ~19 MB. A streamed upload allocates ~2 MiB of short-lived
// Buffers per MiB it receives, so a full mark-compact ran every ~13 MiB of body, about a fifth
// of the server's CPU on a 256 MiB PUT. With the limit kept at 64 MB or more, scavenges free
// those Buffers first and no mark-compact runs at all (Node 20); the price is a heap that may
// hold up to ~64 MB of garbage before it is collected. Decision 0007 has the measurements.
export const SERVER_NODE_OPTIONS: readonly string[] = ['--initial-old-space-size=64'];
