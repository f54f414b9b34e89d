// ECR image operations: PutImage, BatchGetImage, ListImages, DescribeImages, BatchDeleteImage.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html

import { batchDeleteImage, describeImages, listImages } from '../../engines/registry/image-listing.js';
import { batchGetImage, ImmutableTagError, inAcceptedFormat, InvalidManifestError, MissingReferencesError, putImage } from '../../engines/registry/images.js';
import { keyOf } from '../../engines/registry/access.js';
import { invalidParameter } from '../../engines/registry/ecr-errors.js';
import type { Registry } from '../../engines/registry/index.js';
import type { OperationHandler } from '../service-types.js';
import { callOf, imageIds, obj, optStr, page, registryId, str, strList } from './ecr-input.js';
import { imageDetail, imageShape } from './ecr-shapes.js';

/** The engine's push errors as the API names them. */
function apiErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InvalidManifestError) throw invalidParameter(error.message);
    if (error instanceof MissingReferencesError || error instanceof ImmutableTagError) throw error.api;
    throw error;
  }
}

export function imageOperations(registry: Registry): Record<string, OperationHandler> {
  const r = registry.context;
  return {
    PutImage: (input, ctx) => {
      const call = callOf(ctx);
      const { image } = apiErrors(() =>
        putImage(r, call, {
          key: keyOf(call, str(input, 'repositoryName'), registryId(input)),
          manifest: str(input, 'imageManifest'),
          mediaType: optStr(input, 'imageManifestMediaType') ?? null,
          tag: optStr(input, 'imageTag') ?? null,
          digest: optStr(input, 'imageDigest') ?? null,
        }),
      );
      return { image: imageShape(image, optStr(input, 'imageTag') ?? null) };
    },
    BatchGetImage: (input, ctx) => {
      const ids = imageIds(input) ?? [];
      const found = batchGetImage(r, callOf(ctx), str(input, 'repositoryName'), ids, registryId(input));
      const accepted = strList(input, 'acceptedMediaTypes');
      const images: Record<string, unknown>[] = [];
      const refused: Record<string, unknown>[] = [];
      for (const { image, tag, byDigest } of found.images) {
        const served = accepted === undefined ? image : inAcceptedFormat(image, accepted, byDigest);
        if (served !== null) images.push(imageShape(served, tag));
        else {
          refused.push({
            imageId: { imageDigest: image.digest, ...(tag !== null ? { imageTag: tag } : {}) },
            // [INFER] AWS's code and text for an image no accepted type can carry are not recorded.
            failureCode: 'UnsupportedImageType',
            failureReason: 'The image media type is not in acceptedMediaTypes',
          });
        }
      }
      return { images, failures: [...found.failures, ...refused] };
    },
    ListImages: (input, ctx) => {
      const filter = obj(input, 'filter');
      const ids = listImages(r, callOf(ctx), str(input, 'repositoryName'), filter ? optStr(filter, 'tagStatus') : undefined, registryId(input));
      const { items, nextToken } = page(ids, input);
      return { imageIds: items, ...(nextToken ? { nextToken } : {}) };
    },
    DescribeImages: (input, ctx) => {
      const filter = obj(input, 'filter');
      const found = describeImages(r, callOf(ctx), str(input, 'repositoryName'), imageIds(input), filter ? optStr(filter, 'tagStatus') : undefined, registryId(input));
      const { items, nextToken } = page(found, input);
      return { imageDetails: items.map(({ image, tags }) => imageDetail(image, tags)), ...(nextToken ? { nextToken } : {}) };
    },
    BatchDeleteImage: (input, ctx) => batchDeleteImage(r, callOf(ctx), str(input, 'repositoryName'), imageIds(input) ?? [], registryId(input)),
  };
}
