// What every ECR operation needs: the metadata store, the blob store, time, the secret box
// that seals authorization tokens, where the registry answers (host:port, learnt once the
// server listens), a cache of compiled repository policies, and KMS for repositories' keys.

import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { ContextValue, Decision, Policy } from '../../iam/index.js';
import type { RegistryBlobs, RegistryStore } from './registry-store.js';

/** An authorization callback as KMS takes it (access.ts's Authorize, named here to keep the files acyclic). */
type RegistryAuthorize = (check: { action: string; resource: string; resourcePolicy?: Policy | null; context?: Record<string, ContextValue> }) => Decision;

/** What the registry needs from KMS (src/engines/kms exports the implementation); `region` is the repository's. */
export interface RegistryKmsPort {
  describeKey(authorize: RegistryAuthorize, callerAccount: string, region: string, keyRef: string, via: string): { keyArn: string };
  createGrant(
    authorize: RegistryAuthorize, callerAccount: string, region: string, keyRef: string,
    grant: { granteePrincipal: string; retiringPrincipal: string; operations: readonly string[] }, via: string,
  ): { grantId: string };
}

export interface RegistryEndpoint {
  host: string;
  port: number | null;
}

export interface RegistryContext {
  readonly store: RegistryStore;
  readonly blobs: RegistryBlobs;
  readonly clock: Clock;
  readonly box: SecretBox;
  /** Where the registry is reached: repository URIs and proxy endpoints are built from it. */
  readonly endpoint: RegistryEndpoint;
  /** Compiled repository policies by ARN and text. */
  readonly policies: Map<string, Policy | null>;
  /** KMS of the same Gantry, for repositories encrypted with a customer managed key. */
  readonly kms: RegistryKmsPort;
}

export function isoNow(ctx: RegistryContext): string {
  return ctx.clock.now().toISOString();
}

/** `127.0.0.1:<port>`: the registry host in repository URIs. */
export function registryHost(ctx: RegistryContext): string {
  return ctx.endpoint.port === null ? ctx.endpoint.host : `${ctx.endpoint.host}:${ctx.endpoint.port}`;
}
