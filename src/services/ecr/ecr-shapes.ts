// ECR response shapes built from engine records: Repository, ImageDetail, Image.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Repository.html

import type { ImageRecord, RegistryContext, RepositoryRecord } from '../../engines/registry/index.js';

export function repositoryShape(ctx: RegistryContext, repo: RepositoryRecord): Record<string, unknown> {
  const host = ctx.endpoint.port === null ? ctx.endpoint.host : `${ctx.endpoint.host}:${ctx.endpoint.port}`;
  return {
    repositoryArn: repo.arn,
    registryId: repo.account,
    repositoryName: repo.name,
    repositoryUri: `${host}/${repo.name}`,
    createdAt: new Date(repo.createdAt),
    imageTagMutability: repo.imageTagMutability,
    ...(repo.imageTagMutabilityExclusionFilters.length > 0 ? { imageTagMutabilityExclusionFilters: repo.imageTagMutabilityExclusionFilters } : {}),
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
    encryptionConfiguration: { encryptionType: repo.encryptionType, ...(repo.kmsKey !== null ? { kmsKey: repo.kmsKey } : {}) },
  };
}

export function imageDetail(image: ImageRecord, tags: readonly string[]): Record<string, unknown> {
  return {
    registryId: image.account,
    repositoryName: image.repository,
    imageDigest: image.digest,
    ...(tags.length > 0 ? { imageTags: tags } : {}),
    imageSizeInBytes: image.size,
    imagePushedAt: new Date(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    ...(image.artifactMediaType !== null ? { artifactMediaType: image.artifactMediaType } : {}),
    ...(image.subject !== null ? { subjectManifestDigest: image.subject } : {}),
    ...(image.lastPulledAt !== null ? { lastRecordedPullTime: new Date(image.lastPulledAt) } : {}),
    imageStatus: 'ACTIVE',
  };
}

export function imageShape(image: ImageRecord, tag: string | null): Record<string, unknown> {
  return {
    registryId: image.account,
    repositoryName: image.repository,
    imageId: { imageDigest: image.digest, ...(tag !== null ? { imageTag: tag } : {}) },
    imageManifest: image.manifest,
    imageManifestMediaType: image.mediaType,
  };
}
