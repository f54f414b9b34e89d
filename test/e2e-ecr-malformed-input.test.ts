// End to end over raw HTTP and the SDK: ECR and registry requests with malformed or hostile
// input get a clear error (or a prompt answer) and leave nothing stored that does not match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { basic, ecrClient, registryPassword, sha256 } from './support/ecr-helpers.js';
import { useGantry } from './support/use-gantry.js';
import { registryCall, registryRequest, type RegistryAnswer } from './support/registry-http.js';

let auth: string;
const OCI = 'application/vnd.oci.image.manifest.v1+json';

const call = (method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<RegistryAnswer> =>
  registryCall(gantry.server.port, method, path, { ...options, auth });

const gantry = useGantry({}, async () => {
  auth = basic(await registryPassword(gantry));
});

async function upload(repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const put = await call('POST', `/v2/${repo}/blobs/uploads/?digest=${digest}`, { body: data });
  assert.equal(put.status, 201, put.body.toString());
  return digest;
}

/** An OCI image manifest over a config and one layer stored in `repo`; `label` tells images apart. */
async function manifestIn(repo: string, label: string): Promise<string> {
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layer = Buffer.from('a layer');
  await upload(repo, config);
  await upload(repo, layer);
  return JSON.stringify({
    schemaVersion: 2, mediaType: OCI,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
    annotations: { label },
  });
}

test('a tag mutability exclusion filter of many wildcards is matched at once (it used to stall the server)', async () => {
  // The filter fits the model (`^[0-9a-zA-Z._*-]{1,128}$`); as the regular expression `.*.*…x`
  // it made V8 backtrack for seconds against a tag it does not fit, with every request waiting.
  await ecrClient(gantry).send(new CreateRepositoryCommand({
    repositoryName: 'bad/filter',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: `${'*'.repeat(8)}x` }],
  }));
  const tag = 'a'.repeat(48);
  assert.equal((await call('PUT', `/v2/bad/filter/manifests/${tag}`, { body: await manifestIn('bad/filter', 'one'), headers: { 'content-type': OCI } })).status, 201);
  const started = performance.now();
  const moved = await call('PUT', `/v2/bad/filter/manifests/${tag}`, { body: await manifestIn('bad/filter', 'two'), headers: { 'content-type': OCI } });
  assert.ok(performance.now() - started < 2000, `answered after ${Math.round(performance.now() - started)} ms`);
  assert.deepEqual([moved.status, moved.json().errors[0]?.code], [400, 'TAG_INVALID']);
});

/** A PATCH whose body goes out in pieces with pauses between them (so that two can overlap). */
function slowPatch(path: string, pieces: Buffer[]): Promise<RegistryAnswer> {
  return registryRequest(gantry.server.port, 'PATCH', path, { authorization: auth, 'transfer-encoding': 'chunked' }, (req) => {
    void (async () => {
      for (const piece of pieces) {
        req.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    })();
  });
}

test('requests racing on one upload take turns: no 500, no interleaved bytes, no write into a finished blob', async () => {
  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'race/uploads' }));
  const start = async () => (await call('POST', '/v2/race/uploads/blobs/uploads/')).headers['location'] as string;

  // Three PUTs completing one upload: one stores the blob, the others find the upload gone.
  const data = Buffer.alloc(200_000, 7);
  const finished = await start();
  assert.equal((await call('PATCH', finished, { body: data })).status, 202);
  const puts = await Promise.all([1, 2, 3].map(() => call('PUT', `${finished}?digest=${sha256(data)}`)));
  assert.deepEqual(puts.map((p) => p.status).sort(), [201, 404, 404], puts.map((p) => p.body.toString()).join(' '));
  for (const p of puts.filter((a) => a.status === 404)) assert.equal(p.json().errors[0]?.code, 'BLOB_UPLOAD_UNKNOWN');

  // Two PATCHes at once: each body lands whole, one after the other.
  const a = Buffer.alloc(40_000, 1);
  const b = Buffer.alloc(40_000, 2);
  const pieces = (buf: Buffer) => [0, 1, 2, 3].map((i) => buf.subarray(i * 10_000, (i + 1) * 10_000));
  const both = await start();
  const patches = await Promise.all([slowPatch(both, pieces(a)), slowPatch(both, pieces(b))]);
  assert.deepEqual(patches.map((p) => p.status), [202, 202]);
  const ab = await call('PUT', `${both}?digest=${sha256(Buffer.concat([a, b]))}`);
  const stored = ab.status === 201 ? Buffer.concat([a, b]) : Buffer.concat([b, a]);
  if (ab.status !== 201) {
    // A wrong digest ends the upload (as distribution does); the bytes were b then a.
    assert.deepEqual(ab.json().errors[0], {
      code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content', detail: { expected: sha256(Buffer.concat([a, b])), actual: sha256(stored) },
    });
  }

  // A PATCH racing a PUT: either the PATCH comes first (the digest then differs) or the PUT
  // does (the upload is gone); the blob the PUT stores keeps exactly its bytes.
  const raced = await start();
  assert.equal((await call('PATCH', raced, { body: data.subarray(0, 100_000) })).status, 202);
  const [late, done] = await Promise.all([slowPatch(raced, [Buffer.from('late '), Buffer.from('bytes')]), call('PUT', `${raced}?digest=${sha256(data.subarray(0, 100_000))}`)]);
  assert.ok((late.status === 202 && done.status === 400) || (late.status === 404 && done.status === 201), `${late.status} ${done.status}`);
  if (done.status === 201) {
    const blob = await call('GET', `/v2/race/uploads/blobs/${sha256(data.subarray(0, 100_000))}`);
    assert.equal(sha256(blob.body), sha256(data.subarray(0, 100_000)));
  }
  assert.ok(!gantry.logLines.some((l) => l.includes('registry request failed')), 'no internal error was logged');
});

test('a manifest whose bytes are not UTF-8 is refused, not stored under the digest of other bytes', async () => {
  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'bad/bytes' }));
  const manifest = await manifestIn('bad/bytes', 'latin');
  const [before, after] = manifest.split('latin') as [string, string];
  const bytes = Buffer.concat([Buffer.from(`${before}caf`), Buffer.from([0xe9]), Buffer.from(after)]);
  for (const reference of ['latin1', sha256(bytes)]) {
    const put = await call('PUT', `/v2/bad/bytes/manifests/${reference}`, { body: bytes, headers: { 'content-type': OCI } });
    assert.equal(put.status, 400, `${reference}: ${put.status} ${String(put.headers['docker-content-digest'])}`);
    assert.equal(put.json().errors[0]?.code, 'MANIFEST_INVALID');
  }
  assert.deepEqual((await call('GET', '/v2/bad/bytes/tags/list')).json().tags, []);
  // A byte-order mark stays part of the bytes (and JSON refuses it): never stored under another digest.
  const bom = await call('PUT', '/v2/bad/bytes/manifests/bom', { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(manifest)]), headers: { 'content-type': OCI } });
  assert.deepEqual([bom.status, bom.json().errors[0]?.code], [400, 'MANIFEST_INVALID']);
});

test('a manifest whose descriptor sizes are no exact integers is refused (DescribeImages lost or split the image size)', async () => {
  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'bad/sizes' }));
  const manifest = await manifestIn('bad/sizes', 'sizes');
  for (const size of ['1.5', '1e400']) {
    const body = manifest.replace(/"size":7\b/, `"size":${size}`);
    assert.notEqual(body, manifest);
    const put = await call('PUT', `/v2/bad/sizes/manifests/odd`, { body, headers: { 'content-type': OCI } });
    assert.equal(put.status, 400, `size ${size}: ${put.status}`);
    assert.equal(put.json().errors[0]?.code, 'MANIFEST_INVALID');
  }
  assert.deepEqual((await call('GET', '/v2/bad/sizes/tags/list')).json().tags, []);
});

test('a push cut off mid-PATCH is the client\'s doing: logged at info, not as an internal error, and the upload can go on', async () => {
  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'cut/off' }));
  const location = (await call('POST', '/v2/cut/off/blobs/uploads/')).headers['location'] as string;
  await new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port: gantry.server.port, method: 'PATCH', path: location, headers: { authorization: auth, 'content-length': String(1 << 20) } });
    req.on('error', () => resolve());
    req.write(Buffer.alloc(64 * 1024, 3), () => setTimeout(() => req.destroy(), 50));
    req.on('close', () => resolve());
  });
  // The server's side of the cut settles on its next turns.
  for (let i = 0; i < 50 && !gantry.logLines.some((l) => l.includes('client aborted the request')); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(gantry.logLines.some((l) => l.includes('client aborted the request') && l.includes('"level":"info"')), gantry.logLines.slice(-3).join('\n'));
  assert.equal(gantry.logLines.some((l) => l.includes('registry request failed')), false);
  const status = await call('GET', location);
  assert.equal(status.status, 204, 'the upload is still there to resume');
});
