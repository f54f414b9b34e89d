// Lifecycle policies applied: StartLifecyclePolicyPreview computes what the rules would expire
// (complete at once), and after each push the repository's own policy expires images. AWS
// applies policies within 24 hours; Gantry applies them on push, so a test sees the result.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_preview.html

import { keyOf, repositoryFor, type EcrCall } from './access.js';
import { lifecyclePolicyNotFound, lifecyclePreviewNotFound } from './ecr-errors.js';
import { imageReferencedBy, tagsByDigest } from './image-index.js';
import { evaluateLifecycle, parseLifecyclePolicy, type LifecycleVerdict } from './lifecycle.js';
import { isoNow, type RegistryContext } from './registry-context.js';
import type { RepositoryKey, RepositoryRecord } from './registry-records.js';

export interface LifecyclePreview {
  readonly policy: string;
  readonly results: readonly LifecycleVerdict[];
}

/** Previews by repository ARN; kept in memory (a preview is short-lived in AWS too). */
const previews = new WeakMap<RegistryContext, Map<string, LifecyclePreview>>();

function verdicts(ctx: RegistryContext, key: RepositoryKey, policy: string): LifecycleVerdict[] {
  const tags = tagsByDigest(ctx, key);
  const images = ctx.store.listImages(key).map((image) => ({ image, tags: tags.get(image.digest) ?? [] }));
  return evaluateLifecycle(parseLifecyclePolicy(policy), images, ctx.clock.now());
}

/** Expires what the repository's lifecycle policy selects; returns the digests removed. */
export function applyLifecycle(ctx: RegistryContext, repo: RepositoryRecord): string[] {
  if (repo.lifecyclePolicy === null) return [];
  const key = { account: repo.account, region: repo.region, name: repo.name };
  return ctx.store.transaction(() => {
    const removed: string[] = [];
    for (const verdict of verdicts(ctx, key, repo.lifecyclePolicy as string)) {
      if (imageReferencedBy(ctx, key, verdict.image.digest).length > 0) continue;
      ctx.store.deleteImage(key, verdict.image.digest);
      removed.push(verdict.image.digest);
    }
    const current = ctx.store.getRepository(key);
    if (current) ctx.store.putRepository({ ...current, lifecycleEvaluatedAt: isoNow(ctx) });
    return removed;
  });
}

export function startLifecyclePreview(ctx: RegistryContext, call: EcrCall, name: string, text: string | undefined, registryId?: string): LifecyclePreview {
  const key = keyOf(call, name, registryId);
  const repo = repositoryFor(call, ctx, 'StartLifecyclePolicyPreview', key);
  const policy = text ?? repo.lifecyclePolicy;
  if (policy === null) throw lifecyclePolicyNotFound(repo.name, repo.account);
  const preview = { policy, results: verdicts(ctx, key, policy) };
  let byRepo = previews.get(ctx);
  if (!byRepo) previews.set(ctx, (byRepo = new Map()));
  byRepo.set(repo.arn, preview);
  return preview;
}

export function getLifecyclePreview(ctx: RegistryContext, call: EcrCall, name: string, registryId?: string): LifecyclePreview {
  const repo = repositoryFor(call, ctx, 'GetLifecyclePolicyPreview', keyOf(call, name, registryId));
  const preview = previews.get(ctx)?.get(repo.arn);
  if (!preview) throw lifecyclePreviewNotFound(repo.name, repo.account);
  return preview;
}
