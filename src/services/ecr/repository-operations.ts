// ECR repository operations: CreateRepository, DescribeRepositories, DeleteRepository, tags,
// repository policies and lifecycle policies (with the preview, computed at once).
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Operations.html

import { getLifecyclePreview, startLifecyclePreview } from '../../engines/registry/lifecycle-apply.js';
import type { Registry } from '../../engines/registry/index.js';
import {
  deleteLifecyclePolicy, deleteRepositoryPolicy, getLifecyclePolicy, getRepositoryPolicy, putLifecyclePolicy, setRepositoryPolicy,
} from '../../engines/registry/policies.js';
import {
  createRepository, deleteRepository, describeRepositories, listTagsForResource, tagResource, untagResource,
} from '../../engines/registry/repositories.js';
import type { OperationHandler } from '../service-types.js';
import { callOf, obj, optBool, optStr, page, registryId, str, strList, tags } from './ecr-input.js';
import { repositoryShape } from './ecr-shapes.js';

export function repositoryOperations(registry: Registry): Record<string, OperationHandler> {
  const r = registry.context;
  const ids = (repo: { account: string; name: string }) => ({ registryId: repo.account, repositoryName: repo.name });
  return {
    CreateRepository: (input, ctx) => {
      const scanning = obj(input, 'imageScanningConfiguration');
      const encryption = obj(input, 'encryptionConfiguration');
      const filters = input['imageTagMutabilityExclusionFilters'];
      const scanOnPush = scanning ? optBool(scanning, 'scanOnPush') : undefined;
      const encryptionType = encryption ? optStr(encryption, 'encryptionType') : undefined;
      const kmsKey = encryption ? optStr(encryption, 'kmsKey') : undefined;
      const mutability = optStr(input, 'imageTagMutability');
      const id = registryId(input);
      const repo = createRepository(r, callOf(ctx), {
        name: str(input, 'repositoryName'),
        tags: tags(input),
        ...(id !== undefined ? { registryId: id } : {}),
        ...(mutability !== undefined ? { imageTagMutability: mutability } : {}),
        ...(Array.isArray(filters) ? { imageTagMutabilityExclusionFilters: filters as { filterType: string; filter: string }[] } : {}),
        ...(scanOnPush !== undefined ? { scanOnPush } : {}),
        ...(encryptionType !== undefined ? { encryptionType } : {}),
        ...(kmsKey !== undefined ? { kmsKey } : {}),
      });
      return { repository: repositoryShape(r, repo) };
    },
    DescribeRepositories: (input, ctx) => {
      const found = describeRepositories(r, callOf(ctx), strList(input, 'repositoryNames'), registryId(input));
      const { items, nextToken } = page(found, input);
      return { repositories: items.map((repo) => repositoryShape(r, repo)), ...(nextToken ? { nextToken } : {}) };
    },
    DeleteRepository: async (input, ctx) => {
      const repo = await deleteRepository(r, callOf(ctx), str(input, 'repositoryName'), optBool(input, 'force') === true, registryId(input));
      return { repository: repositoryShape(r, repo) };
    },
    TagResource: (input, ctx) => (tagResource(r, callOf(ctx), str(input, 'resourceArn'), tags(input)), {}),
    UntagResource: (input, ctx) => (untagResource(r, callOf(ctx), str(input, 'resourceArn'), strList(input, 'tagKeys') ?? []), {}),
    ListTagsForResource: (input, ctx) => ({ tags: listTagsForResource(r, callOf(ctx), str(input, 'resourceArn')) }),
    SetRepositoryPolicy: (input, ctx) => {
      const repo = setRepositoryPolicy(r, callOf(ctx), str(input, 'repositoryName'), str(input, 'policyText'), registryId(input));
      return { ...ids(repo), policyText: repo.policy };
    },
    GetRepositoryPolicy: (input, ctx) => {
      const repo = getRepositoryPolicy(r, callOf(ctx), str(input, 'repositoryName'), registryId(input));
      return { ...ids(repo), policyText: repo.policy };
    },
    DeleteRepositoryPolicy: (input, ctx) => {
      const repo = deleteRepositoryPolicy(r, callOf(ctx), str(input, 'repositoryName'), registryId(input));
      return { ...ids(repo), policyText: repo.policy };
    },
    PutLifecyclePolicy: (input, ctx) => {
      const repo = putLifecyclePolicy(r, callOf(ctx), str(input, 'repositoryName'), str(input, 'lifecyclePolicyText'), registryId(input));
      return { ...ids(repo), lifecyclePolicyText: repo.lifecyclePolicy };
    },
    GetLifecyclePolicy: (input, ctx) => {
      const repo = getLifecyclePolicy(r, callOf(ctx), str(input, 'repositoryName'), registryId(input));
      return { ...ids(repo), lifecyclePolicyText: repo.lifecyclePolicy, ...(repo.lifecycleEvaluatedAt ? { lastEvaluatedAt: new Date(repo.lifecycleEvaluatedAt) } : {}) };
    },
    DeleteLifecyclePolicy: (input, ctx) => {
      const repo = deleteLifecyclePolicy(r, callOf(ctx), str(input, 'repositoryName'), registryId(input));
      return { ...ids(repo), lifecyclePolicyText: repo.lifecyclePolicy, ...(repo.lifecycleEvaluatedAt ? { lastEvaluatedAt: new Date(repo.lifecycleEvaluatedAt) } : {}) };
    },
    StartLifecyclePolicyPreview: (input, ctx) => {
      const name = str(input, 'repositoryName');
      const preview = startLifecyclePreview(r, callOf(ctx), name, optStr(input, 'lifecyclePolicyText'), registryId(input));
      return { registryId: registryId(input) ?? ctx.caller.account, repositoryName: name, lifecyclePolicyText: preview.policy, status: 'COMPLETE' };
    },
    GetLifecyclePolicyPreview: (input, ctx) => {
      const name = str(input, 'repositoryName');
      const preview = getLifecyclePreview(r, callOf(ctx), name, registryId(input));
      const { items, nextToken } = page(preview.results, input);
      return {
        registryId: registryId(input) ?? ctx.caller.account,
        repositoryName: name,
        lifecyclePolicyText: preview.policy,
        status: 'COMPLETE',
        previewResults: items.map((v) => ({
          imageDigest: v.image.digest,
          ...(v.tags.length > 0 ? { imageTags: v.tags } : {}),
          imagePushedAt: new Date(v.image.pushedAt),
          action: { type: 'EXPIRE' },
          appliedRulePriority: v.rulePriority,
        })),
        summary: { expiringImageTotalCount: preview.results.length },
        ...(nextToken ? { nextToken } : {}),
      };
    },
  };
}
