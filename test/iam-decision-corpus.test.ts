// The IAM decision corpus: authorization cases taken from the AWS documentation, each with the
// page it comes from. Every JSON file in test/fixtures/iam-decisions/ is checked against a strict
// schema, then every case is run through `simulate` and must reach the documented decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { simulate } from '../src/iam/index.js';

// The compiled test runs from dist/test/, the fixtures stay in the source tree.
const FIXTURE_DIR = new URL('../../test/fixtures/iam-decisions/', import.meta.url);
const MIN_CASES = 300;

const DECISIONS = ['Allow', 'ExplicitDeny', 'ImplicitDeny'] as const;
const DECIDED_BY = ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp', 'role-trust'] as const;
const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface CorpusCase {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly input: JsonObject;
  readonly expect: {
    readonly decision: (typeof DECISIONS)[number];
    readonly hasDecidedBy: boolean;
    readonly decidedBy: string | null;
    readonly hasMessage: boolean;
    readonly message: string | null;
  };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports keys that are missing or not allowed; `optional` keys may be absent. */
function checkKeys(
  where: string,
  value: JsonObject,
  required: readonly string[],
  optional: readonly string[],
  errors: string[],
): void {
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) errors.push(`${where}: missing field "${key}"`);
  }
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) errors.push(`${where}: unknown field "${key}"`);
  }
}

/** A policy is a JSON object, or a string holding one. */
function checkPolicy(where: string, value: unknown, errors: string[]): void {
  let doc: unknown = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value);
    } catch {
      errors.push(`${where}: policy string is not valid JSON`);
      return;
    }
  }
  if (!isObject(doc)) {
    errors.push(`${where}: policy must be an object or a JSON string of an object`);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(doc, 'Statement')) errors.push(`${where}: policy has no Statement`);
}

function checkNullablePolicy(where: string, value: unknown, errors: string[]): void {
  if (value !== null) checkPolicy(where, value, errors);
}

function checkOrgPolicies(where: string, value: unknown, errors: string[]): void {
  if (value === null) return;
  if (!Array.isArray(value)) {
    errors.push(`${where}: must be null or an array of { target, policies }`);
    return;
  }
  value.forEach((level, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(level)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    checkKeys(at, level, ['target', 'policies'], [], errors);
    if (typeof level.target !== 'string' || level.target === '') errors.push(`${at}.target: must be a non-empty string`);
    if (!Array.isArray(level.policies)) {
      errors.push(`${at}.policies: must be an array`);
    } else {
      level.policies.forEach((p, j) => checkPolicy(`${at}.policies[${j}]`, p, errors));
    }
  });
}

function checkRequest(where: string, value: unknown, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`${where}: must be an object`);
    return;
  }
  checkKeys(where, value, ['principal', 'action', 'resource'], ['resourceAccount', 'context', 'canonicalUser'], errors);
  for (const key of ['principal', 'action', 'resource'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') errors.push(`${where}.${key}: must be a non-empty string`);
  }
  for (const key of ['resourceAccount', 'canonicalUser'] as const) {
    if (key in value && typeof value[key] !== 'string') errors.push(`${where}.${key}: must be a string`);
  }
  if ('context' in value) {
    const context = value.context;
    if (!isObject(context)) {
      errors.push(`${where}.context: must be an object`);
    } else {
      for (const [key, v] of Object.entries(context)) {
        const ok = typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string'));
        if (!ok) errors.push(`${where}.context["${key}"]: must be a string or an array of strings`);
      }
    }
  }
}

function checkInput(where: string, value: unknown, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`${where}: must be an object`);
    return;
  }
  checkKeys(
    where,
    value,
    ['request', 'identityPolicies', 'resourcePolicy', 'permissionBoundary', 'sessionPolicy', 'scps', 'rcps'],
    [],
    errors,
  );
  checkRequest(`${where}.request`, value.request, errors);
  if (!Array.isArray(value.identityPolicies)) {
    errors.push(`${where}.identityPolicies: must be an array`);
  } else {
    value.identityPolicies.forEach((p, i) => checkPolicy(`${where}.identityPolicies[${i}]`, p, errors));
  }
  checkNullablePolicy(`${where}.resourcePolicy`, value.resourcePolicy, errors);
  checkNullablePolicy(`${where}.permissionBoundary`, value.permissionBoundary, errors);
  checkNullablePolicy(`${where}.sessionPolicy`, value.sessionPolicy, errors);
  checkOrgPolicies(`${where}.scps`, value.scps, errors);
  checkOrgPolicies(`${where}.rcps`, value.rcps, errors);
}

function checkSource(where: string, value: unknown, errors: string[]): void {
  if (typeof value !== 'string') {
    errors.push(`${where}: must be a string`);
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    errors.push(`${where}: not a URL: ${value}`);
    return;
  }
  if (url.protocol !== 'https:') errors.push(`${where}: must be an https URL: ${value}`);
  if (url.hostname !== 'docs.aws.amazon.com') errors.push(`${where}: must be an AWS documentation page: ${value}`);
}

interface Corpus {
  readonly files: readonly string[];
  readonly cases: readonly CorpusCase[];
  readonly errors: readonly string[];
}

function loadCorpus(): Corpus {
  const errors: string[] = [];
  const cases: CorpusCase[] = [];
  const seen = new Map<string, string>();
  const files = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) errors.push(`no fixture files in ${FIXTURE_DIR.pathname}`);

  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(new URL(file, FIXTURE_DIR), 'utf8'));
    } catch (e) {
      errors.push(`${file}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    if (!isObject(doc)) {
      errors.push(`${file}: must be an object { topic, cases }`);
      continue;
    }
    checkKeys(file, doc, ['topic', 'cases'], [], errors);
    if (typeof doc.topic !== 'string' || doc.topic.trim() === '') errors.push(`${file}.topic: must be a non-empty string`);
    if (!Array.isArray(doc.cases) || doc.cases.length === 0) {
      errors.push(`${file}.cases: must be a non-empty array`);
      continue;
    }

    doc.cases.forEach((raw, index) => {
      const label =
        isObject(raw) && typeof raw.name === 'string' ? `${file}: case "${raw.name}"` : `${file}: case #${index}`;
      if (!isObject(raw)) {
        errors.push(`${label}: must be an object`);
        return;
      }
      const before = errors.length;
      checkKeys(label, raw, ['name', 'description', 'source', 'input', 'expect'], [], errors);

      const name = raw.name;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
        errors.push(`${label}.name: must be a kebab-case string`);
      } else if (seen.has(name)) {
        errors.push(`${label}.name: duplicate name (also in ${seen.get(name)})`);
      } else {
        seen.set(name, file);
      }
      if (typeof raw.description !== 'string' || raw.description.trim() === '') {
        errors.push(`${label}.description: must be a non-empty string`);
      }
      checkSource(`${label}.source`, raw.source, errors);
      checkInput(`${label}.input`, raw.input, errors);

      const expect = raw.expect;
      let decision: (typeof DECISIONS)[number] = 'ImplicitDeny';
      let hasDecidedBy = false;
      let decidedBy: string | null = null;
      let hasMessage = false;
      let message: string | null = null;
      if (!isObject(expect)) {
        errors.push(`${label}.expect: must be an object`);
      } else {
        checkKeys(`${label}.expect`, expect, ['decision'], ['decidedBy', 'message'], errors);
        if (typeof expect.decision !== 'string' || !(DECISIONS as readonly string[]).includes(expect.decision)) {
          errors.push(`${label}.expect.decision: must be one of ${DECISIONS.join(', ')}`);
        } else {
          decision = expect.decision as (typeof DECISIONS)[number];
        }
        if ('decidedBy' in expect) {
          hasDecidedBy = true;
          const v = expect.decidedBy;
          if (v !== null && (typeof v !== 'string' || !(DECIDED_BY as readonly string[]).includes(v))) {
            errors.push(`${label}.expect.decidedBy: must be null or one of ${DECIDED_BY.join(', ')}`);
          } else {
            decidedBy = v;
          }
        }
        if ('message' in expect) {
          hasMessage = true;
          if (typeof expect.message !== 'string' || expect.message === '') {
            errors.push(`${label}.expect.message: must be a non-empty string`);
          } else {
            message = expect.message;
          }
          if (decision === 'Allow') errors.push(`${label}.expect.message: an Allow has no access-denied message`);
        }
      }

      if (errors.length === before) {
        cases.push({
          file,
          name: name as string,
          description: raw.description as string,
          source: raw.source as string,
          input: raw.input as JsonObject,
          expect: { decision, hasDecidedBy, decidedBy, hasMessage, message },
        });
      }
    });
  }
  return { files, cases, errors };
}

const corpus = loadCorpus();

test('IAM decision corpus: every fixture file and case follows the schema', () => {
  assert.deepEqual(corpus.errors, [], `schema errors:\n${corpus.errors.join('\n')}`);
});

test(`IAM decision corpus: holds at least ${MIN_CASES} cases`, () => {
  assert.ok(corpus.cases.length >= MIN_CASES, `only ${corpus.cases.length} valid cases`);
});

for (const file of corpus.files) {
  const fileCases = corpus.cases.filter((c) => c.file === file);
  if (fileCases.length === 0) continue;
  test(`IAM decision corpus: ${file}`, async (t) => {
    for (const c of fileCases) {
      await t.test(c.name, () => {
        const about = `${c.name}: ${c.description}\n  source: ${c.source}`;
        const result = simulate(c.input);
        if (!result.ok) {
          assert.fail(`${about}\n  simulate rejected the input: ${result.error.field}: ${result.error.message}`);
        }
        const d = result.decision;
        assert.equal(d.decision, c.expect.decision, `${about}\n  decision`);
        if (c.expect.hasDecidedBy) assert.equal(d.decidedBy, c.expect.decidedBy, `${about}\n  decidedBy`);
        if (c.expect.hasMessage) assert.equal(d.message, c.expect.message, `${about}\n  message`);
      });
    }
  });
}
