// Repository policies (enforced: the resource policy of every ECR check on the repository)
// and lifecycle policies (kept, previewed, and applied after each push).
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html

import { compileRepositoryPolicy, keyOf, repositoryFor, type EcrCall } from './access.js';
import { invalidRepositoryPolicy, lifecyclePolicyNotFound, repositoryPolicyNotFound } from './ecr-errors.js';
import { parseLifecyclePolicy } from './lifecycle.js';
import type { RegistryContext } from './registry-context.js';
import type { RepositoryRecord } from './registry-records.js';

export function setRepositoryPolicy(ctx: RegistryContext, call: EcrCall, name: string, text: string, registryId?: string): RepositoryRecord {
  const repo = repositoryFor(call, ctx, 'SetRepositoryPolicy', keyOf(call, name, registryId));
  if (!compileRepositoryPolicy(text, repo.arn).ok) throw invalidRepositoryPolicy();
  const next = { ...repo, policy: text };
  ctx.store.putRepository(next);
  return next;
}

export function getRepositoryPolicy(ctx: RegistryContext, call: EcrCall, name: string, registryId?: string): RepositoryRecord & { policy: string } {
  const repo = repositoryFor(call, ctx, 'GetRepositoryPolicy', keyOf(call, name, registryId));
  if (repo.policy === null) throw repositoryPolicyNotFound(repo.name, repo.account);
  return repo as RepositoryRecord & { policy: string };
}

export function deleteRepositoryPolicy(ctx: RegistryContext, call: EcrCall, name: string, registryId?: string): RepositoryRecord & { policy: string } {
  const repo = repositoryFor(call, ctx, 'DeleteRepositoryPolicy', keyOf(call, name, registryId));
  if (repo.policy === null) throw repositoryPolicyNotFound(repo.name, repo.account);
  ctx.store.putRepository({ ...repo, policy: null });
  return repo as RepositoryRecord & { policy: string };
}

export function putLifecyclePolicy(ctx: RegistryContext, call: EcrCall, name: string, text: string, registryId?: string): RepositoryRecord {
  const repo = repositoryFor(call, ctx, 'PutLifecyclePolicy', keyOf(call, name, registryId));
  parseLifecyclePolicy(text);
  const next = { ...repo, lifecyclePolicy: text };
  ctx.store.putRepository(next);
  return next;
}

export function getLifecyclePolicy(ctx: RegistryContext, call: EcrCall, name: string, registryId?: string): RepositoryRecord & { lifecyclePolicy: string } {
  const repo = repositoryFor(call, ctx, 'GetLifecyclePolicy', keyOf(call, name, registryId));
  if (repo.lifecyclePolicy === null) throw lifecyclePolicyNotFound(repo.name, repo.account);
  return repo as RepositoryRecord & { lifecyclePolicy: string };
}

export function deleteLifecyclePolicy(ctx: RegistryContext, call: EcrCall, name: string, registryId?: string): RepositoryRecord & { lifecyclePolicy: string } {
  const repo = repositoryFor(call, ctx, 'DeleteLifecyclePolicy', keyOf(call, name, registryId));
  if (repo.lifecyclePolicy === null) throw lifecyclePolicyNotFound(repo.name, repo.account);
  ctx.store.putRepository({ ...repo, lifecyclePolicy: null });
  return repo as RepositoryRecord & { lifecyclePolicy: string };
}
