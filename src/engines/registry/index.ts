// The ECR engine: repositories with policies and settings, images by digest and tag, layers
// as content-addressed blobs shared between repositories, uploads, authorization tokens.
// The ECR service (src/services/ecr) and the registry's HTTP routes (src/server/registry-*)
// both call these operations, each passing an `EcrCall` whose `authorize` is the decision
// point's for that request, so the API and `podman push/pull` are decided the same way.
//
// For other services that take an image URI (SageMaker): `parseImageUri` reads both
// `127.0.0.1:<port>/<repo>:<tag>` and `<acct>.dkr.ecr.<region>.<suffix>/<repo>@sha256:…`;
// `lookupImage(context, key, { imageTag } | { imageDigest })` finds the image.

import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { RegistryContext, RegistryKmsPort } from './registry-context.js';
import type { RegistryBlobs, RegistryStore } from './registry-store.js';

export type { Authorize, EcrAccessCheck, EcrCall } from './access.js';
export type { RegistryContext, RegistryEndpoint, RegistryKmsPort } from './registry-context.js';
export type { ByteRange, RegistryBlobs, RegistryStore } from './registry-store.js';
export type { EcrTag, ImageRecord, LayerRecord, RepositoryKey, RepositoryRecord, TagMutabilityFilter, UploadRecord } from './registry-records.js';
export { parseImageUri, ecrHost, type ImageUri } from './names.js';
export { lookupImage } from './images.js';

export interface Registry {
  readonly context: RegistryContext;
  /** Tells the engine where the server listens, so repository URIs and proxy endpoints name it. */
  listening(host: string, port: number): void;
}

export function createRegistry(deps: { store: RegistryStore; blobs: RegistryBlobs; clock: Clock; box: SecretBox; kms: RegistryKmsPort }): Registry {
  const context: RegistryContext = { ...deps, endpoint: { host: '127.0.0.1', port: null }, policies: new Map() };
  return {
    context,
    listening(host, port) {
      // A wildcard listener is still reached on loopback; IPv6 literals keep their brackets.
      const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      context.endpoint.host = reachable;
      context.endpoint.port = port;
    },
  };
}
