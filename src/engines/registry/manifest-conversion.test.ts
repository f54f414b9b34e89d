import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertManifest } from './manifest-conversion.js';
import { DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from './manifests.js';

const D = (n: string) => `sha256:${n.repeat(64)}`;
const oci = JSON.stringify({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: D('a'), size: 5 },
  layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D('b'), size: 7 }],
  annotations: { 'org.opencontainers.image.base.name': '' },
});

test('an OCI image manifest becomes Docker v2 schema 2 and back, naming the same blobs', () => {
  const docker = convertManifest(oci, OCI_MANIFEST, DOCKER_MANIFEST);
  assert.deepEqual(JSON.parse(docker ?? 'null'), {
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: D('a'), size: 5 },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: D('b'), size: 7 }],
  });
  const back = JSON.parse(convertManifest(docker as string, DOCKER_MANIFEST, OCI_MANIFEST) ?? 'null');
  assert.equal(back.mediaType, OCI_MANIFEST);
  assert.equal(back.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  assert.equal(back.layers[0].mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
});

test('no conversion for an artifact, a layer type Docker has no name for, an index, or to an unknown type', () => {
  const artifact = oci.replace('application/vnd.oci.image.config.v1+json', 'application/vnd.example.model+json');
  assert.equal(convertManifest(artifact, OCI_MANIFEST, DOCKER_MANIFEST), null);
  const zstd = oci.replace('tar+gzip', 'tar+zstd');
  assert.equal(convertManifest(zstd, OCI_MANIFEST, DOCKER_MANIFEST), null);
  assert.equal(convertManifest(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), OCI_INDEX, DOCKER_MANIFEST), null);
  assert.equal(convertManifest(oci, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.v1+json'), null);
});
