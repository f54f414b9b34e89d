// The manifest conversions ECR makes when an image is asked for by tag in a format the client
// did not push: "If the stored image manifest format isn't understood by the client, Amazon ECR
// converts the image manifest into a format that is understood by the client". Between Docker
// v2 schema 2 and OCI image manifests each way; none when the image is asked for by digest
// ("When you pull an image by digest, there's no translation available"). Schema 1 is not
// built: Gantry does not store or serve it.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html

import { DOCKER_MANIFEST, OCI_MANIFEST } from './manifests.js';

const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
/** Layer media types, Docker's and OCI's names of the same bytes. */
const LAYERS: readonly (readonly [string, string])[] = [
  ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'application/vnd.oci.image.layer.v1.tar+gzip'],
  ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip'],
];

interface Descriptor {
  mediaType?: unknown;
  [key: string]: unknown;
}

function layerType(type: unknown, to: string): string | null {
  for (const [docker, oci] of LAYERS) {
    if (to === DOCKER_MANIFEST && type === oci) return docker;
    if (to === OCI_MANIFEST && type === docker) return oci;
  }
  return null;
}

/**
 * The manifest as `to` (Docker v2 schema 2 or OCI), or null when it cannot be converted: an
 * index, an artifact (its config is not an image config), or a layer type the other format has
 * no name for. OCI annotations have no place in a Docker manifest and are dropped ([INFER]).
 */
export function convertManifest(manifest: string, from: string, to: string): string | null {
  const pair = from === OCI_MANIFEST && to === DOCKER_MANIFEST ? [OCI_CONFIG, DOCKER_CONFIG] : from === DOCKER_MANIFEST && to === OCI_MANIFEST ? [DOCKER_CONFIG, OCI_CONFIG] : null;
  if (pair === null) return null;
  const doc = JSON.parse(manifest) as { config?: Descriptor; layers?: Descriptor[]; subject?: unknown; [key: string]: unknown };
  if (doc.config?.mediaType !== pair[0] || !Array.isArray(doc.layers) || doc.subject !== undefined) return null;
  const layers: Descriptor[] = [];
  for (const layer of doc.layers) {
    const type = layerType(layer.mediaType, to);
    if (type === null) return null;
    const { annotations: _dropped, ...rest } = layer;
    layers.push({ ...rest, mediaType: type });
  }
  const { annotations: _annotations, artifactType: _artifact, config, ...rest } = doc;
  const { annotations: _configAnnotations, ...configRest } = config as Descriptor;
  return JSON.stringify({ ...rest, mediaType: to, config: { ...configRest, mediaType: pair[1] }, layers });
}
