// How ECR operations ask for authorization: `ecr:<Action>` on the repository ARN, the
// repository policy as the resource policy, and the resource's tags as condition keys. The
// caller passes `authorize` (the decision point's, through the request), which throws
// AccessDeniedError with AWS's message. Order, as for KMS: find the repository
// (RepositoryNotFoundException), authorize, then everything else.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_service-with-iam.html

import { parsePolicy, type ContextValue, type Decision, type Policy } from '../../iam/index.js';
import { repositoryNotFound } from './ecr-errors.js';
import type { RegistryContext } from './registry-context.js';
import type { RepositoryKey, RepositoryRecord } from './registry-records.js';

export interface EcrAccessCheck {
  readonly action: string;
  readonly resource: string;
  readonly resourcePolicy?: Policy | null;
  readonly context?: Record<string, ContextValue>;
}

/** Authorizes one check; throws unless allowed. */
export type Authorize = (check: EcrAccessCheck) => Decision;

/** Who asks: the caller's account, the region of the request and its authorization. */
export interface EcrCall {
  readonly authorize: Authorize;
  readonly callerAccount: string;
  readonly region: string;
}

/** The registry a call names (`registryId`), else the caller's own. */
export function keyOf(call: EcrCall, name: string, registryId?: string): RepositoryKey {
  return { account: registryId ?? call.callerAccount, region: call.region, name };
}

export function findRepository(ctx: RegistryContext, key: RepositoryKey): RepositoryRecord {
  const repo = ctx.store.getRepository(key);
  if (!repo) throw repositoryNotFound(key.name, key.account);
  return repo;
}

/**
 * The repository policy, compiled. Repository policies leave out `Resource` (the statement is
 * about the repository itself), so a statement without Resource/NotResource gets the
 * repository ARN before it is compiled as a resource policy.
 */
export function repositoryPolicy(ctx: RegistryContext, repo: RepositoryRecord): Policy | null {
  if (repo.policy === null) return null;
  const cacheKey = `${repo.arn}\u0000${repo.policy}`;
  let policy = ctx.policies.get(cacheKey);
  if (policy === undefined) {
    const parsed = compileRepositoryPolicy(repo.policy, repo.arn);
    policy = parsed.ok ? parsed.policy : null;
    if (ctx.policies.size > 2000) ctx.policies.clear();
    ctx.policies.set(cacheKey, policy);
  }
  return policy;
}

export function compileRepositoryPolicy(text: string, arn: string): ReturnType<typeof parsePolicy> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return parsePolicy(text, 'resource', `${arn}#policy`);
  }
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const d = doc as Record<string, unknown>;
    const withResource = (s: unknown) =>
      s !== null && typeof s === 'object' && !Array.isArray(s) && !('Resource' in s) && !('NotResource' in s) ? { ...s, Resource: arn } : s;
    if (Array.isArray(d['Statement'])) doc = { ...d, Statement: d['Statement'].map(withResource) };
    else if (d['Statement'] !== undefined) doc = { ...d, Statement: withResource(d['Statement']) };
  }
  return parsePolicy(doc, 'resource', `${arn}#policy`);
}

export function resourceTagContext(repo: RepositoryRecord): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of repo.tags) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`ecr:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}

/** Authorizes `ecr:<action>` on the repository, with its policy. */
export function authorizeRepository(call: EcrCall, ctx: RegistryContext, action: string, repo: RepositoryRecord, extra: Record<string, ContextValue> = {}): Decision {
  return call.authorize({
    action: `ecr:${action}`,
    resource: repo.arn,
    resourcePolicy: repositoryPolicy(ctx, repo),
    context: { ...resourceTagContext(repo), ...extra },
  });
}

/** Finds the repository and authorizes the action on it. */
export function repositoryFor(call: EcrCall, ctx: RegistryContext, action: string, key: RepositoryKey): RepositoryRecord {
  const repo = findRepository(ctx, key);
  authorizeRepository(call, ctx, action, repo);
  return repo;
}
