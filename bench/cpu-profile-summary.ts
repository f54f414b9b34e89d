// Summarizes a V8 .cpuprofile: the functions with the most self time, with compiled
// positions mapped back to the TypeScript source through the build's source maps.
// Run: node dist/bench/cpu-profile-summary.js FILE.cpuprofile [TOP]

import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  /** file:line, in src/ where a source map says so. */
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** By self time, all code. */
  readonly spots: HotSpot[];
  /** By inclusive time (each sample counted once per function on its stack), src/ only. */
  readonly inclusive: HotSpot[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const maps = new Map<string, SourceMap | null>();

function sourceMapFor(file: string): SourceMap | null {
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload) : null);
  }
  return maps.get(file) ?? null;
}

/** "src/x.ts:12" for compiled project code, "node_modules/...:n" or "node:internal/...:n" otherwise. */
function locate(url: string, line: number, column: number): string {
  if (!url) return '(native)';
  if (!url.startsWith('file://')) return `${url}:${line + 1}`;
  const file = fileURLToPath(url);
  const map = sourceMapFor(file);
  const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return `${relative(ROOT, source)}:${entry.originalLine + 1}`;
  }
  return `${relative(ROOT, file)}:${line + 1}`;
}

/** The `top` functions by self time, the `top` project functions by inclusive time, and the total. */
export function hotSpots(profileFile: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const keyOf = new Map<number, string>();
  const info = new Map<string, { name: string; where: string }>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? locate(url, lineNumber, columnNumber) : '';
    const key = `${name}@${where}`;
    keyOf.set(node.id, key);
    info.set(key, { name, where });
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    totalUs += delta;
    const key = keyOf.get(id) ?? '?';
    self.set(key, (self.get(key) ?? 0) + delta);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const k = keyOf.get(node) ?? '?';
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
    }
  });
  const rank = (times: Map<string, number>, keep: (where: string) => boolean): HotSpot[] =>
    [...times]
      .filter(([key]) => keep(info.get(key)?.where ?? ''))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ name: info.get(key)?.name ?? key, where: info.get(key)?.where ?? '', selfMs: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, spots: rank(self, () => true), inclusive: rank(inclusive, (where) => where.startsWith('src/')) };
}

export function formatHotSpots(summary: ProfileSummary): string {
  const line = (spot: HotSpot) => `  ${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(6)} ms  ${spot.name}  ${spot.where}`;
  return [
    `self time (of ${summary.totalMs.toFixed(0)} ms sampled):`,
    ...summary.spots.map(line),
    'inclusive time, project code:',
    ...summary.inclusive.map(line),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/cpu-profile-summary.js FILE.cpuprofile [TOP]\n');
    process.exitCode = 2;
  } else {
    console.log(formatHotSpots(hotSpots(file, Number(top ?? 25))));
  }
}
