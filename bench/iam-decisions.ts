// IAM decision benchmark: Gantry's engine cold (simulate, parse every call) and warm (evaluate
// on compiled policies) against Cedar (cedar-wasm) on an equivalent policy set, one core.
// Run pinned: npm run build && taskset -c 0 node dist/bench/iam-decisions.js [--seconds 1] [--runs 5] [--quick]
//   (--only gantry-warm,cedar-wasm-warm measures a subset, e.g. under node --cpu-prof;
//    node --expose-gc makes the heap figures settle by collecting before each reading)

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { evaluate, parsePolicy, simulate, type EvaluationInput, type Policy, type PolicyKind } from '../src/iam/index.js';
import { cedarCall, cedarPolicySet, classify, type CedarCall, type ThreeWay } from './iam-cedar-peer.js';
import { BOUNDARY, IDENTITIES, SCPS, allPolicies, identityPolicy, policyIdsOf, type PolicyDef } from './iam-policies.js';
import { generateRequests, iamContext, type BenchRequest } from './iam-workload.js';
import { formatInt, formatMiB, formatMicros, median, percentileSorted, table } from './stats.js';

const TARGET_WARM_DPS = 250_000;
const TARGET_WARM_P99_US = 20;
const MIN_AGREEMENT = 0.98;
const MIN_SHARE = 0.05;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
  },
});
const quick = args.quick === true;
const seconds = Number(args.seconds ?? (quick ? '0.2' : '1'));
const runs = Number(args.runs ?? (quick ? '2' : '5'));
const requestCount = Number(args.requests ?? '4096');
const seed = Number(args.seed ?? '20260923');
if (!(seconds > 0) || !(runs >= 1) || !(requestCount >= 100)) throw new Error('usage: --seconds N (>0) --runs N (>=1) --requests N (>=100)');

/** Heap in use, after a full collection when node runs with --expose-gc. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
const heapAtStart = heapUsed();

// ---- Gantry: parse every policy once (warm), and keep the JSON text (cold) ----

const compiled = new Map<string, Policy>();
for (const def of allPolicies()) {
  const parsed = parsePolicy(JSON.stringify(def.doc), def.kind satisfies PolicyKind, def.id);
  if (!parsed.ok) throw new Error(`policy ${def.id} does not parse: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  compiled.set(def.id, parsed.policy);
}
const policyOf = (id: string): Policy => {
  const p = compiled.get(id);
  if (!p) throw new Error(`no compiled policy ${id}`);
  return p;
};
const jsonOf = (def: PolicyDef): string => JSON.stringify(def.doc);

const identityPolicyIds = new Map(IDENTITIES.map((i) => [i.name, policyIdsOf(i)] as const));
const compiledIdentity = new Map(IDENTITIES.map((i) => [i.name, (identityPolicyIds.get(i.name) ?? []).map(policyOf)] as const));
const compiledScps = SCPS.map((level) => ({ target: level.target, policies: level.policies.map((p) => policyOf(p.id)) }));
const jsonScps = SCPS.map((level) => ({ target: level.target, policies: level.policies.map(jsonOf) }));

function iamRequest(req: BenchRequest): EvaluationInput['request'] {
  return { principal: req.caller.arn, action: req.action, resource: req.resource, resourceAccount: req.resourceAccount, context: iamContext(req) };
}

function warmInput(req: BenchRequest): EvaluationInput {
  const i = req.caller.identity;
  return {
    request: iamRequest(req),
    identityPolicies: compiledIdentity.get(i.name) ?? [],
    resourcePolicy: req.resourcePolicy ? policyOf(req.resourcePolicy.id) : null,
    permissionBoundary: i.boundary ? policyOf(BOUNDARY.id) : null,
    scps: compiledScps,
  };
}

/** The `gantry iam simulate` request, every policy as a JSON string. */
function coldInput(req: BenchRequest): unknown {
  const i = req.caller.identity;
  return {
    request: iamRequest(req),
    identityPolicies: (identityPolicyIds.get(i.name) ?? []).map((id) => jsonOf(identityPolicy(id))),
    resourcePolicy: req.resourcePolicy ? jsonOf(req.resourcePolicy) : null,
    permissionBoundary: i.boundary ? jsonOf(BOUNDARY) : null,
    scps: jsonScps,
  };
}

// ---- the workload ----

const requests = generateRequests(requestCount, seed);
const warmInputs = requests.map(warmInput);
const coldInputs = requests.map(coldInput);
const cedarPolicies = cedarPolicySet();
const cedarCalls: CedarCall[] = requests.map(cedarCall);
const CEDAR_SET_ID = 'gantry-bench';
const preparsed = cedar.preparsePolicySet(CEDAR_SET_ID, { staticPolicies: cedarPolicies });
if (preparsed.type !== 'success') throw new Error(`Cedar rejects the translated policy set: ${preparsed.errors.map((e) => e.message).join('; ')}`);
const cedarWarmCalls = cedarCalls.map((c) => ({ ...c, preparsedPolicySetId: CEDAR_SET_ID }));
const cedarColdCalls = cedarCalls.map((c) => ({ ...c, policies: { staticPolicies: cedarPolicies } }));

const statementCount = allPolicies().reduce((n, p) => n + p.doc.Statement.length, 0);
const heapAfterSetup = heapUsed();

// ---- engines: each decides request i ----

interface Engine {
  readonly engine: string;
  readonly mode: string;
  readonly decide: (i: number) => string;
}

const simulateCold = (i: number): string => {
  const out = simulate(coldInputs[i], { cache: false });
  if (!out.ok) throw new Error(`simulate rejected request ${i}: ${out.error.field}: ${out.error.message}`);
  return out.decision.decision;
};
const cedarAnswer = (answer: cedar.AuthorizationAnswer): string => (answer.type === 'success' ? answer.response.decision : 'failure');

const engines: Engine[] = [
  { engine: 'gantry', mode: 'warm', decide: (i) => evaluate(warmInputs[i] as EvaluationInput).decision },
  { engine: 'gantry', mode: 'cold', decide: simulateCold },
  { engine: 'cedar-wasm', mode: 'warm', decide: (i) => cedarAnswer(cedar.statefulIsAuthorized(cedarWarmCalls[i] as cedar.StatefulAuthorizationCall)) },
  { engine: 'cedar-wasm', mode: 'cold', decide: (i) => cedarAnswer(cedar.isAuthorized(cedarColdCalls[i] as cedar.AuthorizationCall)) },
];

// ---- self-check: engines agree, the mix is not degenerate ----

interface Check {
  readonly mix: Record<ThreeWay, number>;
  readonly cedarMix: Record<ThreeWay, number>;
  readonly binaryAgree: number;
  readonly threeWayAgree: number;
  readonly disagreements: string[];
}

function describe(req: BenchRequest): string {
  const ctx = Object.entries(req.context).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`).join(' ');
  const tags = Object.entries(req.resourceTags).map(([k, v]) => `${k}=${v}`).join(',');
  return `${req.caller.arn} ${req.action} ${req.resource}${tags ? ` tags{${tags}}` : ''} ${ctx}`;
}

function selfCheck(): Check {
  const zero = (): Record<ThreeWay, number> => ({ Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 });
  const mix = zero();
  const cedarMix = zero();
  let binary = 0;
  let threeWay = 0;
  const disagreements: string[] = [];
  const cedarErrors: string[] = [];
  for (let i = 0; i < requests.length; i++) {
    const req = requests[i] as BenchRequest;
    const warm = evaluate(warmInputs[i] as EvaluationInput);
    const cold = simulate(coldInputs[i], { cache: false });
    if (!cold.ok) throw new Error(`self-check: simulate rejected request ${i}: ${cold.error.field}: ${cold.error.message}`);
    if (cold.decision.decision !== warm.decision) {
      throw new Error(`self-check: gantry cold (${cold.decision.decision}) and warm (${warm.decision}) differ on ${describe(req)}`);
    }
    const c = classify(cedar.statefulIsAuthorized(cedarWarmCalls[i] as cedar.StatefulAuthorizationCall));
    if (c.errors.length > 0) cedarErrors.push(`${describe(req)}: ${c.errors.join('; ')}`);
    if (i % 16 === 0) {
      const coldCedar = classify(cedar.isAuthorized(cedarColdCalls[i] as cedar.AuthorizationCall));
      if (coldCedar.decision !== c.decision) throw new Error(`self-check: Cedar cold and warm differ on ${describe(req)}`);
    }
    mix[warm.decision]++;
    cedarMix[c.decision]++;
    if ((warm.decision === 'Allow') === (c.decision === 'Allow')) binary++;
    if (warm.decision === c.decision) threeWay++;
    else {
      const matched = warm.matchedStatements.map((s) => `${s.policyType}:${s.policyId}/${s.sid ?? s.index}:${s.effect}`).join(' ');
      disagreements.push(`gantry=${warm.decision} cedar=${c.decision} | ${describe(req)} | gantry matched: ${matched || '-'} | cedar reasons: ${c.reasons.join(' ') || '-'}`);
    }
  }
  if (cedarErrors.length > 0) {
    throw new Error(`self-check: Cedar policy evaluation errors (a translation bug):\n  ${cedarErrors.slice(0, 10).join('\n  ')}`);
  }
  return { mix, cedarMix, binaryAgree: binary / requests.length, threeWayAgree: threeWay / requests.length, disagreements };
}

// ---- measurement ----

let sink = 0;

/** Decisions per second over `secs`, cycling through the requests; timer read every batch. */
function throughputRun(e: Engine, secs: number): number {
  const n = requests.length;
  const budget = BigInt(Math.round(secs * 1e9));
  const start = process.hrtime.bigint();
  let done = 0;
  let i = 0;
  let elapsed: bigint;
  const batch = 64;
  do {
    for (let k = 0; k < batch; k++) {
      sink += e.decide(i).length;
      if (++i === n) i = 0;
    }
    done += batch;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return done / (Number(elapsed) / 1e9);
}

/** Per-decision latency in microseconds, in its own pass (timer read around each call). */
function latencyRun(e: Engine, secs: number, expectedRate: number): Float64Array {
  const n = requests.length;
  const cap = Math.max(2_000, Math.min(3_000_000, Math.ceil(expectedRate * secs * 1.5)));
  const samples = new Float64Array(cap);
  const budget = BigInt(Math.round(secs * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let i = 0;
  while (count < cap) {
    const t0 = process.hrtime.bigint();
    sink += e.decide(i).length;
    const t1 = process.hrtime.bigint();
    samples[count++] = Number(t1 - t0) / 1000;
    if (++i === n) i = 0;
    if ((count & 63) === 0 && t1 - start >= budget) break;
  }
  return samples.subarray(0, count).sort();
}

interface Result {
  readonly engine: string;
  readonly mode: string;
  readonly dps: number;
  readonly runs: number[];
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly samples: number;
}

function measure(e: Engine): Result {
  throughputRun(e, Math.max(0.2, seconds / 2)); // warm-up: JIT, caches
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) rates.push(throughputRun(e, seconds));
  const dps = median(rates);
  const lat = latencyRun(e, seconds, dps);
  return {
    engine: e.engine, mode: e.mode, dps, runs: rates,
    p50: percentileSorted(lat, 50), p90: percentileSorted(lat, 90), p99: percentileSorted(lat, 99), p999: percentileSorted(lat, 99.9),
    samples: lat.length,
  };
}

function cpuAffinity(): string {
  try {
    const m = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function main(): void {
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  console.log('IAM decision benchmark');
  console.log(`node ${process.version} (${process.arch}), V8 ${process.versions.v8}; CPU: ${os.cpus()[0]?.model ?? 'unknown'}; ${os.cpus().length} CPUs, this process may run on: ${cpuAffinity()}`);
  console.log(`cedar-wasm ${cedar.getCedarVersion()}; load average (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`workload: ${allPolicies().length} IAM policies, ${statementCount} statements; ${Object.keys(cedarPolicies).length} Cedar policies; ${requests.length} distinct requests (seed ${seed})`);
  console.log(`measure: ${runs} runs x ${seconds}s per engine (median), after a warm-up; latency in a separate pass of ${seconds}s${quick ? ' [--quick]' : ''}`);

  const check = selfCheck();
  const share = (m: Record<ThreeWay, number>): string =>
    (['Allow', 'ExplicitDeny', 'ImplicitDeny'] as const).map((k) => `${k} ${m[k]} (${pct(m[k] / requests.length)})`).join(', ');
  console.log(`\nmix (gantry): ${share(check.mix)}`);
  console.log(`mix (cedar):  ${share(check.cedarMix)}`);
  console.log(`agreement gantry vs cedar: allow/deny ${pct(check.binaryAgree)}, three-way (allow / explicit / implicit deny) ${pct(check.threeWayAgree)}`);
  if (check.disagreements.length > 0) {
    console.log(`disagreements (${check.disagreements.length}; first 15):`);
    for (const d of check.disagreements.slice(0, 15)) console.log(`  ${d}`);
  }
  for (const k of ['Allow', 'ExplicitDeny', 'ImplicitDeny'] as const) {
    if (check.mix[k] / requests.length < MIN_SHARE) throw new Error(`self-check: degenerate mix, ${k} is under ${pct(MIN_SHARE)}`);
  }
  if (check.binaryAgree < MIN_AGREEMENT) throw new Error(`self-check: engines agree on only ${pct(check.binaryAgree)} of requests (need ${pct(MIN_AGREEMENT)})`);

  const only = args.only?.split(',').map((s) => s.trim());
  const selected = engines.filter((e) => !only || only.includes(`${e.engine}-${e.mode}`));
  if (selected.length === 0) throw new Error(`--only matches no engine (have ${engines.map((e) => `${e.engine}-${e.mode}`).join(', ')})`);
  const results = selected.map(measure);
  const heapAtEnd = heapUsed();
  const find = (engine: string, mode: string): Result | undefined => results.find((r) => r.engine === engine && r.mode === mode);

  const rows: string[][] = [['engine', 'mode', 'decisions/s', 'p50 µs', 'p90 µs', 'p99 µs', 'p99.9 µs']];
  // A percentile needs enough samples to mean anything: p99 wants 100, p99.9 wants 1,000.
  const enough = (r: Result, p: number, need: number): number => (r.samples >= need ? p : NaN);
  for (const r of results) {
    rows.push([r.engine, r.mode, formatInt(r.dps), formatMicros(r.p50), formatMicros(r.p90), formatMicros(enough(r, r.p99, 100)), formatMicros(enough(r, r.p999, 1000))]);
  }
  const ratio = (label: string, a: Result | undefined, b: Result | undefined): void => {
    if (!a || !b) return;
    const x = (n: number): string => `${n.toFixed(2)}x`;
    const lat = (pa: number, pb: number, need: number): string => (a.samples >= need && b.samples >= need ? x(pa / pb) : 'n/a');
    rows.push([label, 'ratio', x(a.dps / b.dps), x(a.p50 / b.p50), x(a.p90 / b.p90), lat(a.p99, b.p99, 100), lat(a.p999, b.p999, 1000)]);
  };
  ratio('gantry warm / cedar warm', find('gantry', 'warm'), find('cedar-wasm', 'warm'));
  ratio('gantry cold / cedar cold', find('gantry', 'cold'), find('cedar-wasm', 'cold'));
  ratio('gantry warm / gantry cold', find('gantry', 'warm'), find('gantry', 'cold'));
  ratio('cedar warm / cedar cold', find('cedar-wasm', 'warm'), find('cedar-wasm', 'cold'));
  console.log(`\n${table(rows)}`);
  console.log('(ratio rows: decisions/s ratio, and latency ratios; for decisions/s higher is better for the first engine, for latency lower is;');
  console.log(' n/a: too few latency samples in the pass for that percentile)');

  for (const r of results) {
    const spread = (Math.max(...r.runs) - Math.min(...r.runs)) / r.dps;
    const noisy = spread > 0.2 ? ` NOISY: runs spread ${(spread * 100).toFixed(0)}% of the median (other load on this machine?)` : '';
    console.log(`  ${r.engine} ${r.mode}: runs ${r.runs.map(formatInt).join(', ')} decisions/s; ${r.samples} latency samples${noisy}`);
  }
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const warm = find('gantry', 'warm');
  if (warm) {
    const dpsOk = warm.dps >= TARGET_WARM_DPS;
    const p99Ok = warm.p99 <= TARGET_WARM_P99_US;
    console.log(`\ntargets (gantry warm): >= ${formatInt(TARGET_WARM_DPS)} decisions/s: ${dpsOk ? 'MET' : 'MISSED'} (${formatInt(warm.dps)}); p99 <= ${TARGET_WARM_P99_US} µs: ${p99Ok ? 'MET' : 'MISSED'} (${formatMicros(warm.p99)} µs)`);
  }
  const gcNote = typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'after gc' : 'without forced gc';
  console.log(`heap used (${gcNote}): ${formatMiB(heapAtStart)} at start, ${formatMiB(heapAfterSetup)} after setup, ${formatMiB(heapAtEnd)} at end`);
  if (sink === -1) console.log(sink); // keeps the decisions observable
}

main();
