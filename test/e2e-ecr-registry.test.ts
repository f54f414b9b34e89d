// End to end over raw HTTP: Gantry's registry as the OCI Distribution spec describes it, with
// ECR's answers. The 401 challenge, expired tokens, chunked and monolithic uploads with digests
// verified, cross-repository mounts, ranges, OCI manifests and indexes, tag listing, tag
// immutability, the ECR-shaped Host header, and each request in the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { authorizationToken, issueToken } from '../src/engines/registry/tokens.js';
import { basic, ecrClient, registryPassword, sha256 } from './support/ecr-helpers.js';
import { useGantry } from './support/use-gantry.js';
import { registryCall, type RegistryAnswer, type RegistryCallOptions } from './support/registry-http.js';

let auth: string;
const ACCT = '111122223333';

/** A registry request authorized by the file's token, unless `auth` says otherwise (null: none). */
function call(method: string, path: string, options: RegistryCallOptions = {}): Promise<RegistryAnswer> {
  return registryCall(gantry.server.port, method, path, { ...options, auth: options.auth === undefined ? auth : options.auth });
}

const gantry = useGantry({ accountId: ACCT }, async () => {
  auth = basic(await registryPassword(gantry));
  for (const repositoryName of ['reg/a', 'reg/b', 'reg/fixed']) {
    await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName, ...(repositoryName === 'reg/fixed' ? { imageTagMutability: 'IMMUTABLE' } : {}) }));
  }
});

async function upload(repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const put = await call('POST', `/v2/${repo}/blobs/uploads/?digest=${digest}`, { body: data, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(put.status, 201, put.body.toString());
  return digest;
}

test('authentication: the Basic challenge ECR sends, bad and expired tokens', async () => {
  const anonymous = await call('GET', '/v2/', { auth: null });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers['www-authenticate'], `Basic realm="http://127.0.0.1:${gantry.server.port}/",service="ecr.amazonaws.com"`);
  assert.equal(anonymous.headers['docker-distribution-api-version'], 'registry/2.0');
  assert.equal(anonymous.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(anonymous.body.toString().trim(), 'Not Authorized');
  assert.equal((await call('GET', '/v2/', { auth: basic('forged') })).status, 401);
  const ok = await call('GET', '/v2/');
  assert.equal(ok.status, 200);

  const past = { ...gantry.platform.registry.context, clock: { now: () => new Date(Date.now() - 13 * 3600_000) } };
  const old = issueToken(past, gantry.root.accessKeyId, ACCT, 'us-east-1');
  const expired = await call('GET', '/v2/reg/a/tags/list', { auth: `Basic ${authorizationToken(old.password)}` });
  assert.equal(expired.status, 403);
  assert.deepEqual(expired.json().errors, [{ code: 'DENIED', message: 'Your authorization token has expired. Reauthenticate and try again.', detail: null }]);
});

test('chunked upload: ranges, a bad chunk, a wrong digest, then the right one', async () => {
  const started = await call('POST', '/v2/reg/a/blobs/uploads/');
  assert.equal(started.status, 202);
  assert.equal(started.headers['range'], '0-0');
  const location = started.headers['location'] as string;
  assert.match(location, /^\/v2\/reg\/a\/blobs\/uploads\/[0-9a-f-]{36}$/);
  const first = await call('PATCH', location, { body: 'hello ', headers: { 'content-range': '0-5', 'content-type': 'application/octet-stream' } });
  assert.equal(first.status, 202);
  assert.equal(first.headers['range'], '0-5');
  const gap = await call('PATCH', location, { body: 'x', headers: { 'content-range': '9-9' } });
  assert.equal(gap.status, 416);
  assert.equal(gap.headers['range'], '0-5');
  await call('PATCH', location, { body: 'registry', headers: { 'content-range': '6-13' } });
  const status = await call('GET', location);
  assert.deepEqual([status.status, status.headers['range']], [204, '0-13']);
  const wrong = await call('PUT', `${location}?digest=${sha256('something else')}`);
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json().errors[0]?.code, 'DIGEST_INVALID');
  assert.equal((await call('PUT', `${location}?digest=${sha256('hello registry')}`)).json().errors[0]?.code, 'BLOB_UPLOAD_UNKNOWN');

  const again = (await call('POST', '/v2/reg/a/blobs/uploads/')).headers['location'] as string;
  await call('PATCH', again, { body: 'hello ' });
  const done = await call('PUT', `${again}?digest=${sha256('hello registry')}`, { body: 'registry' });
  assert.equal(done.status, 201);
  assert.equal(done.headers['docker-content-digest'], sha256('hello registry'));
  assert.equal(done.headers['location'], `/v2/reg/a/blobs/${sha256('hello registry')}`);

  const head = await call('HEAD', `/v2/reg/a/blobs/${sha256('hello registry')}`);
  assert.deepEqual([head.status, head.headers['content-length']], [200, '14']);
  const part = await call('GET', `/v2/reg/a/blobs/${sha256('hello registry')}`, { headers: { range: 'bytes=6-' } });
  assert.deepEqual([part.status, part.headers['content-range'], part.body.toString()], [206, 'bytes 6-13/14', 'registry']);
  const missing = await call('GET', `/v2/reg/a/blobs/${sha256('nothing')}`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json().errors[0]?.code, 'BLOB_UNKNOWN');
  assert.equal((await call('HEAD', `/v2/reg/b/blobs/${sha256('hello registry')}`)).status, 404);
});

test('cross-repository mount shares the blob; a mount the source cannot serve starts an upload', async () => {
  const digest = await upload('reg/a', Buffer.from('shared layer'));
  const mounted = await call('POST', `/v2/reg/b/blobs/uploads/?mount=${digest}&from=reg/a`);
  assert.equal(mounted.status, 201);
  assert.equal(mounted.headers['docker-content-digest'], digest);
  assert.equal((await call('GET', `/v2/reg/b/blobs/${digest}`)).body.toString(), 'shared layer');
  const fallback = await call('POST', `/v2/reg/b/blobs/uploads/?mount=${sha256('not there')}&from=reg/a`);
  assert.equal(fallback.status, 202);
});

test('manifests and indexes: OCI media types, digests, tags/list, deletes, immutability', async () => {
  const config = await upload('reg/a', Buffer.from('{"architecture":"amd64","os":"linux"}'));
  const layer = await upload('reg/a', Buffer.from('a layer'));
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 37 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer, size: 7 }],
  });
  const put = await call('PUT', '/v2/reg/a/manifests/v1', { body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(put.status, 201, put.body.toString());
  assert.equal(put.headers['docker-content-digest'], sha256(manifest));
  const got = await call('GET', '/v2/reg/a/manifests/v1', { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(got.headers['content-type'], 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(got.body.toString(), manifest);
  const head = await call('HEAD', `/v2/reg/a/manifests/${sha256(manifest)}`);
  assert.deepEqual([head.status, head.headers['docker-content-digest'], head.headers['content-length']], [200, sha256(manifest), String(manifest.length)]);

  const index = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length, platform: { architecture: 'amd64', os: 'linux' } }],
  });
  assert.equal((await call('PUT', '/v2/reg/a/manifests/multi', { body: index, headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' } })).status, 201);
  assert.equal((await call('GET', '/v2/reg/a/manifests/multi')).headers['content-type'], 'application/vnd.oci.image.index.v1+json');
  const refused = await call('DELETE', `/v2/reg/a/manifests/${sha256(manifest)}`);
  assert.equal(refused.status, 400);
  assert.match(refused.json().errors[0]?.message ?? '', /referenced by manifest list/);

  const orphan = JSON.stringify({ ...JSON.parse(manifest), layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256('never pushed'), size: 1 }] });
  const blobMissing = await call('PUT', '/v2/reg/a/manifests/orphan', { body: orphan, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(blobMissing.json().errors[0]?.code, 'MANIFEST_BLOB_UNKNOWN');
  assert.equal((await call('PUT', '/v2/reg/a/manifests/bad', { body: '{not json', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } })).json().errors[0]?.code, 'MANIFEST_INVALID');
  assert.equal((await call('PUT', `/v2/reg/a/manifests/${sha256('other')}`, { body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } })).json().errors[0]?.code, 'DIGEST_INVALID');

  const tags = await call('GET', '/v2/reg/a/tags/list?n=1');
  assert.deepEqual(tags.json(), { name: 'reg/a', tags: ['multi'] });
  assert.equal(tags.headers['link'], '</v2/reg/a/tags/list?n=1&last=multi>; rel="next"');
  assert.deepEqual((await call('GET', '/v2/reg/a/tags/list?n=1&last=multi')).json(), { name: 'reg/a', tags: ['v1'] });
  assert.equal((await call('GET', '/v2/reg/a/manifests/nope')).json().errors[0]?.message, 'Requested image not found');
  const unknown = await call('GET', '/v2/reg/zzz/manifests/v1');
  assert.deepEqual([unknown.status, unknown.json().errors[0]], [404, { code: 'NAME_UNKNOWN', message: `The repository with name 'reg/zzz' does not exist in the registry with id '${ACCT}'`, detail: null }]);

  assert.equal((await call('DELETE', '/v2/reg/a/manifests/multi')).status, 202);
  assert.equal((await call('DELETE', `/v2/reg/a/manifests/${sha256(manifest)}`)).status, 202);
  assert.equal((await call('GET', '/v2/reg/a/manifests/v1')).status, 404);

  // Tag immutability on the registry: TAG_INVALID with ECR's text; the same manifest again is fine.
  for (const d of [config, layer]) assert.equal((await call('POST', `/v2/reg/fixed/blobs/uploads/?mount=${d}&from=reg/a`)).status, 201);
  const type = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' };
  assert.equal((await call('PUT', '/v2/reg/fixed/manifests/v1', { body: manifest, headers: type })).status, 201);
  assert.equal((await call('PUT', '/v2/reg/fixed/manifests/v1', { body: manifest, headers: type })).status, 201);
  const moved = await call('PUT', '/v2/reg/fixed/manifests/v1', { body: `${manifest}\n`, headers: type });
  assert.deepEqual([moved.status, moved.json().errors[0]?.code, moved.json().errors[0]?.message],
    [400, 'TAG_INVALID', "The image tag 'v1' already exists in the 'reg/fixed' repository and cannot be overwritten because the repository is immutable."]);
});

test('ECR-shaped hosts name the registry; tokens are regional; every request is audited', async () => {
  const port = gantry.server.port;
  const own = await call('GET', '/v2/reg/a/tags/list', { host: `${ACCT}.dkr.ecr.us-east-1.localhost:${port}` });
  assert.equal(own.status, 200);
  const other = await call('GET', '/v2/reg/a/tags/list', { host: `444455556666.dkr.ecr.us-east-1.localhost:${port}` });
  assert.equal(other.json().errors[0]?.message, "The repository with name 'reg/a' does not exist in the registry with id '444455556666'");
  const region = await call('GET', '/v2/reg/a/tags/list', { host: `${ACCT}.dkr.ecr.eu-west-1.amazonaws.com:${port}` });
  assert.equal(region.status, 401);
  assert.equal(region.headers['www-authenticate'], `Basic realm="http://${ACCT}.dkr.ecr.eu-west-1.amazonaws.com:${port}/",service="ecr.amazonaws.com"`);

  // An S3 object under `v2/` in a virtual-hosted bucket is still S3's.
  const s3 = await call('GET', '/v2/object', { host: `some-bucket.localhost:${port}`, auth: null });
  assert.equal(s3.headers['docker-distribution-api-version'], undefined);
  assert.match(s3.body.toString(), /<Error>/);

  gantry.platform.audit.flush();
  const record = gantry.platform.audit.get(own.headers['x-amzn-requestid'] as string);
  assert.equal(record?.service, 'ecr');
  assert.equal(record?.operation, 'ListImages');
  assert.equal(record?.principal, `arn:aws:iam::${ACCT}:root`);
  assert.deepEqual(record?.decisions.map((d) => [d.action, d.resource, d.decision.decision]), [['ecr:ListImages', `arn:aws:ecr:us-east-1:${ACCT}:repository/reg/a`, 'Allow']]);
});
