// Lifecycle policies: parsed with ECR's rule grammar, evaluated against a repository's
// images (each image expired by at most one rule, rules taken by rulePriority, lowest first;
// an image selected by a rule is not considered by lower-priority rules).
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lifecycle_policy_parameters

import { invalidLifecyclePolicy } from './ecr-errors.js';
import type { ImageRecord } from './registry-records.js';
import { tagMatches } from './tag-wildcard.js';

export interface LifecycleRule {
  readonly rulePriority: number;
  readonly tagStatus: 'tagged' | 'untagged' | 'any';
  readonly tagPrefixList: readonly string[];
  readonly tagPatternList: readonly string[];
  readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
  readonly countNumber: number;
}

export interface LifecycleVerdict {
  readonly image: ImageRecord;
  readonly tags: readonly string[];
  readonly rulePriority: number;
}

const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function parseLifecyclePolicy(text: string): LifecycleRule[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalidLifecyclePolicy('Lifecycle policy validation failure: Could not map policyString into LifecyclePolicy.');
  }
  const rules = obj(doc)?.['rules'];
  if (!Array.isArray(rules) || rules.length === 0) throw invalidLifecyclePolicy('Lifecycle policy validation failure: rules must be a non-empty list.');
  const parsed = rules.map((raw): LifecycleRule => {
    const rule = obj(raw);
    const selection = obj(rule?.['selection']);
    const action = obj(rule?.['action']);
    const priority = rule?.['rulePriority'];
    if (!rule || !selection || typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1) {
      throw invalidLifecyclePolicy('Lifecycle policy validation failure: each rule needs an integer rulePriority of at least 1 and a selection.');
    }
    const tagStatus = selection['tagStatus'];
    const countType = selection['countType'];
    const countNumber = selection['countNumber'];
    if (tagStatus !== 'tagged' && tagStatus !== 'untagged' && tagStatus !== 'any') {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: tagStatus must be tagged, untagged or any (rule ${priority}).`);
    }
    if (countType !== 'imageCountMoreThan' && countType !== 'sinceImagePushed') {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: countType must be imageCountMoreThan or sinceImagePushed (rule ${priority}).`);
    }
    if (countType === 'sinceImagePushed' && selection['countUnit'] !== 'days') {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: countUnit must be days with sinceImagePushed (rule ${priority}).`);
    }
    if (typeof countNumber !== 'number' || !Number.isInteger(countNumber) || countNumber < 1) {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: countNumber must be a positive integer (rule ${priority}).`);
    }
    const tagPrefixList = strings(selection['tagPrefixList']);
    const tagPatternList = strings(selection['tagPatternList']);
    // "You are limited to a maximum of four wildcards (*) per string" (lifecycle_policy_parameters.html). [INFER] text
    const wild = tagPatternList.find((p) => p.split('*').length - 1 > 4);
    if (wild !== undefined) throw invalidLifecyclePolicy(`Lifecycle policy validation failure: tagPatternList '${wild}' has more than 4 wildcards (rule ${priority}).`);
    if (tagStatus === 'tagged' && tagPrefixList.length === 0 && tagPatternList.length === 0) {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: tagPrefixList or tagPatternList is required with tagStatus tagged (rule ${priority}).`);
    }
    if (action && action['type'] !== undefined && action['type'] !== 'expire') {
      throw invalidLifecyclePolicy(`Lifecycle policy validation failure: only the expire action is supported (rule ${priority}).`);
    }
    return { rulePriority: priority, tagStatus, tagPrefixList, tagPatternList, countType, countNumber };
  });
  const priorities = new Set(parsed.map((r) => r.rulePriority));
  if (priorities.size !== parsed.length) throw invalidLifecyclePolicy('Lifecycle policy validation failure: rulePriority must be unique.');
  const sorted = [...parsed].sort((a, b) => a.rulePriority - b.rulePriority);
  if (sorted.slice(0, -1).some((r) => r.tagStatus === 'any')) {
    throw invalidLifecyclePolicy("Lifecycle policy validation failure: a rule with tagStatus 'any' must have the highest rulePriority.");
  }
  return sorted;
}

function selects(rule: LifecycleRule, tags: readonly string[]): boolean {
  if (rule.tagStatus === 'any') return true;
  if (rule.tagStatus === 'untagged') return tags.length === 0;
  if (tags.length === 0) return false;
  // Several prefixes or patterns select only images that match all of them.
  return rule.tagPrefixList.every((p) => tags.some((t) => t.startsWith(p))) && rule.tagPatternList.every((p) => tags.some((t) => tagMatches(p, t)));
}

/** The images the rules expire, newest pushes kept first. */
export function evaluateLifecycle(rules: readonly LifecycleRule[], images: readonly { image: ImageRecord; tags: readonly string[] }[], now: Date): LifecycleVerdict[] {
  const considered = new Set<string>();
  const out: LifecycleVerdict[] = [];
  const newestFirst = [...images].sort((a, b) => b.image.pushedAt.localeCompare(a.image.pushedAt));
  for (const rule of rules) {
    const candidates = newestFirst.filter((i) => !considered.has(i.image.digest) && selects(rule, i.tags));
    for (const c of candidates) considered.add(c.image.digest);
    const expired = rule.countType === 'imageCountMoreThan'
      ? candidates.slice(rule.countNumber)
      : candidates.filter((c) => now.getTime() - Date.parse(c.image.pushedAt) > rule.countNumber * 86_400_000);
    for (const c of expired) out.push({ image: c.image, tags: c.tags, rulePriority: rule.rulePriority });
  }
  return out;
}
