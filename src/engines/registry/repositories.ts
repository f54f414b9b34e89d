// Repositories: CreateRepository (name rules, tags, tag mutability, scanning and encryption
// settings kept), DescribeRepositories, DeleteRepository (force), and resource tags.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html

import type { ContextValue } from '../../iam/index.js';
import { authorizeRepository, findRepository, keyOf, repositoryFor, type EcrCall } from './access.js';
import { collectBlobs } from './blob-collector.js';
import {
  invalidParameter, invalidResourceArn, invalidTagParameter, repositoryAlreadyExists, repositoryNotEmpty, repositoryNotFound, tooManyTags,
} from './ecr-errors.js';
import { isRepositoryName, parseRepositoryArn, repositoryArn, REPOSITORY_NAME } from './names.js';
import { isoNow, type RegistryContext } from './registry-context.js';
import { grantRepositoryKey } from './repository-keys.js';
import type { EcrTag, RepositoryRecord, TagMutabilityFilter } from './registry-records.js';

export interface CreateRepositoryInput {
  readonly name: string;
  readonly registryId?: string;
  readonly tags?: readonly EcrTag[];
  readonly imageTagMutability?: string;
  readonly imageTagMutabilityExclusionFilters?: readonly TagMutabilityFilter[];
  readonly scanOnPush?: boolean;
  readonly encryptionType?: string;
  readonly kmsKey?: string;
}

const MAX_TAGS = 50;

export function requestTagContext(tags: readonly EcrTag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
  return context;
}

function checkTags(tags: readonly EcrTag[]): void {
  if (tags.length > MAX_TAGS) throw tooManyTags();
  for (const tag of tags) {
    if (tag.Key.startsWith('aws:')) throw invalidTagParameter(`The tag key '${tag.Key}' uses the reserved prefix 'aws:'.`);
  }
}

function checkMutability(mode: string, filters: readonly TagMutabilityFilter[]): void {
  const withExclusion = mode.endsWith('_WITH_EXCLUSION');
  if (withExclusion && filters.length === 0) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as ${mode}'`,
    );
  }
  if (!withExclusion && filters.length > 0) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'ImageTagMutabilityExclusionFilters can only be used when imageTagMutability is set as IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'`,
    );
  }
}

export function createRepository(ctx: RegistryContext, call: EcrCall, input: CreateRepositoryInput): RepositoryRecord {
  const key = keyOf(call, input.name, input.registryId);
  const arn = repositoryArn(key.region, key.account, key.name);
  const tags = input.tags ?? [];
  if (!isRepositoryName(input.name)) {
    throw invalidParameter(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source.slice(1, -1)}''`);
  }
  call.authorize({ action: 'ecr:CreateRepository', resource: arn, context: requestTagContext(tags) });
  checkTags(tags);
  const mode = input.imageTagMutability ?? 'MUTABLE';
  const filters = input.imageTagMutabilityExclusionFilters ?? [];
  checkMutability(mode, filters);
  const encryptionType = input.encryptionType ?? 'AES256';
  if (encryptionType === 'AES256' && input.kmsKey !== undefined) {
    throw invalidParameter("Invalid parameter at 'encryptionConfiguration' failed to satisfy constraint: 'KMS key should not be specified for encryption type AES256'");
  }
  // Checked before KMS is asked, so that creating a repository that exists makes no grant.
  if (ctx.store.getRepository(key)) throw repositoryAlreadyExists(key.name, key.account);
  // A customer managed key is checked (and granted to ECR) as the caller; the key ARN is kept.
  const kmsKey = encryptionType === 'AES256' ? null
    : input.kmsKey !== undefined ? grantRepositoryKey(ctx.kms, call, input.kmsKey)
    : `arn:aws:kms:${key.region}:${key.account}:alias/aws/ecr`;
  const record: RepositoryRecord = {
    account: key.account,
    region: key.region,
    name: key.name,
    arn,
    createdAt: isoNow(ctx),
    imageTagMutability: mode,
    imageTagMutabilityExclusionFilters: filters,
    scanOnPush: input.scanOnPush ?? false,
    encryptionType,
    kmsKey,
    tags,
    policy: null,
    lifecyclePolicy: null,
    lifecycleEvaluatedAt: null,
  };
  ctx.store.transaction(() => {
    if (ctx.store.getRepository(key)) throw repositoryAlreadyExists(key.name, key.account);
    ctx.store.putRepository(record);
  });
  return record;
}

/** The named repositories (each authorized), or every repository of the registry. */
export function describeRepositories(ctx: RegistryContext, call: EcrCall, names: readonly string[] | undefined, registryId?: string): RepositoryRecord[] {
  const account = registryId ?? call.callerAccount;
  if (names !== undefined && names.length > 0) {
    return names.map((name) => repositoryFor(call, ctx, 'DescribeRepositories', keyOf(call, name, registryId)));
  }
  // [INFER] Listing a registry is authorized on every repository of it (`repository/*`).
  call.authorize({ action: 'ecr:DescribeRepositories', resource: repositoryArn(call.region, account, '*') });
  return ctx.store.listRepositories(account, call.region);
}

export async function deleteRepository(ctx: RegistryContext, call: EcrCall, name: string, force: boolean, registryId?: string): Promise<RepositoryRecord> {
  const key = keyOf(call, name, registryId);
  const repo = repositoryFor(call, ctx, 'DeleteRepository', key);
  const { layers, uploads } = ctx.store.transaction(() => {
    if (!force && ctx.store.listImages(key).length > 0) throw repositoryNotEmpty(key.name, key.account);
    const found = { layers: ctx.store.listLayers(key).map((l) => l.digest), uploads: ctx.store.listUploads(key) };
    ctx.store.deleteRepository(key);
    return found;
  });
  for (const uploadId of uploads) await ctx.blobs.abortUpload(uploadId);
  await collectBlobs(ctx, layers);
  return repo;
}

/** The repository a resource ARN names, in the caller's region. */
export function repositoryByArn(ctx: RegistryContext, call: EcrCall, arn: string): RepositoryRecord {
  const parsed = parseRepositoryArn(arn);
  if (!parsed || !isRepositoryName(parsed.name)) throw invalidResourceArn(arn);
  if (parsed.region !== call.region) throw repositoryNotFound(parsed.name, parsed.account);
  return findRepository(ctx, { account: parsed.account, region: parsed.region, name: parsed.name });
}

export function tagResource(ctx: RegistryContext, call: EcrCall, arn: string, tags: readonly EcrTag[]): void {
  const repo = repositoryByArn(ctx, call, arn);
  authorizeRepository(call, ctx, 'TagResource', repo, requestTagContext(tags));
  const merged = new Map(repo.tags.map((t) => [t.Key, t.Value]));
  for (const tag of tags) merged.set(tag.Key, tag.Value);
  const next = [...merged].map(([Key, Value]) => ({ Key, Value }));
  checkTags(next);
  ctx.store.putRepository({ ...repo, tags: next });
}

export function untagResource(ctx: RegistryContext, call: EcrCall, arn: string, keys: readonly string[]): void {
  const repo = repositoryByArn(ctx, call, arn);
  authorizeRepository(call, ctx, 'UntagResource', repo, keys.length > 0 ? { 'aws:TagKeys': [...keys] } : {});
  ctx.store.putRepository({ ...repo, tags: repo.tags.filter((t) => !keys.includes(t.Key)) });
}

export function listTagsForResource(ctx: RegistryContext, call: EcrCall, arn: string): readonly EcrTag[] {
  const repo = repositoryByArn(ctx, call, arn);
  authorizeRepository(call, ctx, 'ListTagsForResource', repo);
  return repo.tags;
}
