// End to end over raw HTTP and the SDK: ECR and registry requests with malformed or hostile
// input get a clear error (or a prompt answer) and leave nothing stored that does not match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { basic, ecrClient, registryPassword, sha256 } from './support/ecr-helpers.js';
import { useGantry } from './support/use-gantry.js';

let auth: string;
const OCI = 'application/vnd.oci.image.manifest.v1+json';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => { errors: { code: string; message: string; detail: unknown }[] } & Record<string, unknown>;
}

function call(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { authorization: auth, ...(options.headers ?? {}) };
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gantry.server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, json: () => JSON.parse(data.toString()) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

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
