// ECR's API errors with the codes of the service model and AWS's texts where known.
// [OBS] texts come from real responses quoted in public issues (behavior-spec §4); [EMU]
// texts follow moto, the closest public record of the others.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/CommonErrors.html

import { AwsError } from '../../core/aws-error.js';

const ecr = (code: string, message: string) => new AwsError(code, message, 400);

/** [OBS] Also the registry's NAME_UNKNOWN text. */
export const repositoryNotFound = (name: string, registry: string) =>
  ecr('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registry}'`);
/** [EMU] */
export const repositoryAlreadyExists = (name: string, registry: string) =>
  ecr('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${registry}'`);
/** [EMU] */
export const repositoryNotEmpty = (name: string, registry: string) =>
  ecr('RepositoryNotEmptyException', `The repository with name '${name}' in registry with id '${registry}' cannot be deleted because it still contains images`);
/** [EMU] */
export const repositoryPolicyNotFound = (name: string, registry: string) =>
  ecr('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registry}'`);
/** [EMU] */
export const lifecyclePolicyNotFound = (name: string, registry: string) =>
  ecr('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${name}' in the registry with id '${registry}'`);
/** [INFER] */
export const lifecyclePreviewNotFound = (name: string, registry: string) =>
  ecr('LifecyclePolicyPreviewNotFoundException', `Lifecycle policy preview does not exist for the repository with name '${name}' in the registry with id '${registry}'`);

/** [EMU] `imageId` as ECR prints it: `{imageDigest:'…', imageTag:'…'}`. */
export const imageNotFound = (id: { imageDigest?: string; imageTag?: string }, name: string, registry: string) =>
  ecr(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${registry}'`,
  );
/** [EMU] */
export const imageAlreadyExists = (digest: string, tag: string, name: string, registry: string) =>
  ecr('ImageAlreadyExistsException', `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${name}' in registry with id '${registry}'`);
/** [OBS] (docker prints it as `tag invalid: …` for a push). */
export const tagImmutableText = (tag: string, name: string) =>
  `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`;
export const imageTagAlreadyExists = (tag: string, name: string) => ecr('ImageTagAlreadyExistsException', tagImmutableText(tag, name));
/** [INFER] */
export const imageDigestDoesNotMatch = (given: string, actual: string) =>
  ecr('ImageDigestDoesNotMatchException', `The provided image digest '${given}' does not match the digest '${actual}' calculated from the image manifest`);
/** [INFER] */
export const layersNotFound = (digests: readonly string[], name: string, registry: string) =>
  ecr('LayersNotFoundException', `Layers with digests '[${digests.join(', ')}]' required for pushing image into repository with name '${name}' in the registry with id '${registry}' do not exist`);
/** [INFER] */
export const referencedImagesNotFound = (digests: readonly string[], name: string, registry: string) =>
  ecr('ReferencedImagesNotFoundException', `Manifests with digests '[${digests.join(', ')}]' referenced by the image index do not exist in the repository with name '${name}' in the registry with id '${registry}'`);
/** [INFER] */
export const layerNotFound = (digest: string, name: string, registry: string) =>
  ecr('LayersNotFoundException', `The layer with digest '${digest}' does not exist in the repository with name '${name}' in the registry with id '${registry}'`);
/** [INFER] */
export const uploadNotFound = (uploadId: string, name: string, registry: string) =>
  ecr('UploadNotFoundException', `Upload with id '${uploadId}' does not exist for the repository with name '${name}' in the registry with id '${registry}'`);
/** [INFER] */
export const invalidLayerPart = (uploadId: string, lastValid: number) =>
  ecr('InvalidLayerPartException', `The layer part for upload '${uploadId}' does not continue the bytes received so far (last valid byte received: ${lastValid})`);
/** [INFER] */
export const layerAlreadyExists = (digest: string, name: string, registry: string) =>
  ecr('LayerAlreadyExistsException', `The layer with digest '${digest}' already exists in the repository with name '${name}' in the registry with id '${registry}'`);
/** [INFER] */
export const invalidLayer = (given: string, actual: string) =>
  ecr('InvalidLayerException', `The digest '${given}' does not match the digest '${actual}' of the uploaded layer`);
/** [INFER] */
export const emptyUpload = (uploadId: string) => ecr('EmptyUploadException', `The upload with id '${uploadId}' contains no layer parts`);

export const invalidParameter = (message: string) => ecr('InvalidParameterException', message);
/** [EMU] */
export const invalidRepositoryPolicy = () =>
  invalidParameter("Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'");
/** [INFER] */
export const invalidLifecyclePolicy = (reason: string) =>
  invalidParameter(`Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: '${reason}'`);
/** [EMU] */
export const invalidResourceArn = (arn: string) =>
  invalidParameter(`Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN: ${arn}'`);
/** [INFER] */
export const invalidTagParameter = (message: string) => ecr('InvalidTagParameterException', message);
/** [INFER] */
export const tooManyTags = () => ecr('TooManyTagsException', 'A repository can have at most 50 tags.');
