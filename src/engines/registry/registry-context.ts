// What every ECR operation needs: the metadata store, the blob store, time, the secret box
// that seals authorization tokens, where the registry answers (host:port, learnt once the
// server listens) and a cache of compiled repository policies.

import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { Policy } from '../../iam/index.js';
import type { RegistryBlobs, RegistryStore } from './registry-store.js';

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
}

export function isoNow(ctx: RegistryContext): string {
  return ctx.clock.now().toISOString();
}

/** `127.0.0.1:<port>`: the registry host in repository URIs. */
export function registryHost(ctx: RegistryContext): string {
  return ctx.endpoint.port === null ? ctx.endpoint.host : `${ctx.endpoint.host}:${ctx.endpoint.port}`;
}
