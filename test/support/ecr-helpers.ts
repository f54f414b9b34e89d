// Helpers for the ECR end-to-end tests: ECR clients, tokens for the registry, and small images
// built from bytes (a config and layers pushed as blobs, with a Docker v2 schema 2 manifest naming them).

import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { clientConfig, type Credentials, type RunningGantry } from './gantry-fixture.js';

export const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export const ecrClient = (gantry: RunningGantry, creds: Credentials = gantry.root) => new ECRClient(clientConfig(gantry, creds));

/** The registry password (what `aws ecr get-login-password` prints) for these credentials. */
export async function registryPassword(gantry: RunningGantry, creds: Credentials = gantry.root): Promise<string> {
  const token = await ecrClient(gantry, creds).send(new GetAuthorizationTokenCommand({}));
  const decoded = Buffer.from(token.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString('utf8');
  assert.ok(decoded.startsWith('AWS:'));
  return decoded.slice(4);
}

export const basic = (password: string) => `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`;

export interface TestImage {
  readonly config: Buffer;
  readonly layers: Buffer[];
  readonly manifest: string;
  readonly digest: string;
}

/** A Docker v2 schema 2 image of the given layers (bytes are not checked to be tar). */
export function testImage(label: string, layers: Buffer[] = [Buffer.from(`layer of ${label}`)]): TestImage {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { label } }, rootfs: { type: 'layers', diff_ids: layers.map(sha256) } }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.length, digest: sha256(l) })),
  });
  return { config, layers, manifest, digest: sha256(manifest) };
}
