// Trims botocore service-2.json models into specs/models/<service>.json (no prose, same shapes,
// constraints, metadata, operations and errors). Run by scripts/generate-models.ts; see specs/models/README.md.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MODEL_SERVICES } from './model-loader.js';

export const GENERATE_COMMAND = 'npx tsc -p tsconfig.json && node dist/scripts/generate-models.js';

/** Keys that carry prose only; everything else (shapes, constraints, traits) is kept. */
const PROSE_KEYS = new Set(['documentation', 'documentationUrl', 'deprecatedMessage']);

export interface Botocore {
  readonly version: string;
  readonly dataDir: string;
}

/** The installed botocore (via python3), or undefined with the reason it is absent. */
export function findBotocore(): Botocore | string {
  try {
    const out = execFileSync('python3', ['-c',
      'import botocore, os; print(botocore.__version__); print(os.path.join(os.path.dirname(botocore.__file__), "data"))',
    ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [version, dataDir] = out.trim().split('\n');
    if (!version || !dataDir) return 'python3 printed no botocore version';
    return { version, dataDir };
  } catch {
    return 'python3 with the botocore package is not installed';
  }
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!PROSE_KEYS.has(k)) out[k] = strip(v);
    return out;
  }
  return value;
}

/** The newest api-version folder of a service in botocore's data directory. */
export function latestApiVersion(dataDir: string, service: string): string {
  const versions = readdirSync(`${dataDir}/${service}`).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const last = versions[versions.length - 1];
  if (!last) throw new Error(`botocore has no model for ${service}`);
  return last;
}

function readRaw(dataDir: string, service: string, apiVersion: string): unknown {
  const base = `${dataDir}/${service}/${apiVersion}/service-2.json`;
  try {
    return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8'));
  } catch {
    return JSON.parse(readFileSync(base, 'utf8'));
  }
}

/** The exact text of specs/models/<service>.json for the given botocore. */
export function trimmedModelText(botocore: Botocore, service: string): string {
  const apiVersion = latestApiVersion(botocore.dataDir, service);
  const raw = strip(readRaw(botocore.dataDir, service, apiVersion)) as Record<string, unknown>;
  delete raw['version'];
  const header = {
    generatedFrom: `botocore ${botocore.version} botocore/data/${service}/${apiVersion}/service-2.json`,
    license: 'Apache-2.0 (botocore, Copyright Amazon.com, Inc. or its affiliates)',
    command: GENERATE_COMMAND,
    note: 'Generated: do not edit by hand. Documentation strings removed.',
  };
  return `${JSON.stringify({ _generated: header, ...raw }, null, 1)}\n`;
}

/** Writes every model; returns the files written. */
export function generateModels(botocore: Botocore, outDir: string): string[] {
  const written: string[] = [];
  for (const service of MODEL_SERVICES) {
    const file = `${outDir}/${service}.json`;
    writeFileSync(file, trimmedModelText(botocore, service));
    written.push(file);
  }
  return written;
}
