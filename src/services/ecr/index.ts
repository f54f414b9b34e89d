// The ECR service (JSON 1.1, target prefix AmazonEC2ContainerRegistry_V20150921): every
// operation Gantry serves, by its AWS name, over the ECR engine. The registry's HTTP API
// (docker/podman push and pull) is served by src/server/registry-routes.ts on the same engine.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/Welcome.html

import type { Registry } from '../../engines/registry/index.js';
import type { ServiceDefinition } from '../service-types.js';
import { imageOperations } from './image-operations.js';
import { layerOperations } from './layer-operations.js';
import { repositoryOperations } from './repository-operations.js';

export function ecrService(registry: Registry): ServiceDefinition {
  return {
    name: 'ecr',
    operations: {
      ...repositoryOperations(registry),
      ...imageOperations(registry),
      ...layerOperations(registry),
    },
  };
}
