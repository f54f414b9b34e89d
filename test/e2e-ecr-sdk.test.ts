// End to end with the AWS SDK for JavaScript v3: ECR against a real Gantry. Repositories and
// their settings, tags, repository policies (enforced for other principals, explicit denies
// winning), lifecycle policies, authorization tokens, the layer-upload API path of a push,
// images by tag and digest, tag immutability, and ECR's error codes and texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchCheckLayerAvailabilityCommand, BatchDeleteImageCommand, BatchGetImageCommand, CompleteLayerUploadCommand, CreateRepositoryCommand,
  DeleteLifecyclePolicyCommand, DeleteRepositoryCommand, DeleteRepositoryPolicyCommand, DescribeImagesCommand, DescribeRepositoriesCommand,
  ECRClient, GetAuthorizationTokenCommand, GetDownloadUrlForLayerCommand, GetLifecyclePolicyCommand, GetLifecyclePolicyPreviewCommand,
  GetRepositoryPolicyCommand, InitiateLayerUploadCommand, ListImagesCommand, ListTagsForResourceCommand, PutImageCommand,
  PutLifecyclePolicyCommand, SetRepositoryPolicyCommand, StartLifecyclePolicyPreviewCommand, TagResourceCommand, UntagResourceCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { ecrClient, sha256, testImage, type TestImage } from './support/ecr-helpers.js';
import { kmsClient } from './support/s3-helpers.js';
import { roleSession } from './support/role-session.js';
import { createAccount } from '../src/server/platform.js';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';

const ACCT = '111122223333';
const ARN = (name: string) => `arn:aws:ecr:us-east-1:${ACCT}:repository/${name}`;

const gantry = useGantry({ accountId: ACCT });

/** Pushes one blob through InitiateLayerUpload / UploadLayerPart (in parts) / CompleteLayerUpload. */
async function pushBlob(ecr: ECRClient, repositoryName: string, data: Buffer, partSize = 7): Promise<string> {
  const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
  for (let first = 0; first < data.length; first += partSize) {
    const part = data.subarray(first, first + partSize);
    const sent = await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: first, partLastByte: first + part.length - 1, layerPartBlob: part }));
    assert.equal(sent.lastByteReceived, first + part.length - 1);
  }
  const done = await ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(data)] }));
  return done.layerDigest as string;
}

async function pushImage(ecr: ECRClient, repositoryName: string, image: TestImage, imageTag?: string) {
  for (const blob of [image.config, ...image.layers]) await pushBlob(ecr, repositoryName, blob);
  return ecr.send(new PutImageCommand({ repositoryName, imageManifest: image.manifest, ...(imageTag ? { imageTag } : {}) }));
}

test('repositories: URI and ARN, settings kept, names, tags, errors with ECR texts', async () => {
  const ecr = ecrClient(gantry);
  // The key must exist: ECR describes it and takes a grant on it (e2e-ecr-kms.test.ts).
  const keyArn = (await kmsClient(gantry).send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
  const created = await ecr.send(new CreateRepositoryCommand({
    repositoryName: 'team/app',
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: { encryptionType: 'KMS', kmsKey: keyArn },
    tags: [{ Key: 'team', Value: 'ml' }],
  }));
  const repo = created.repository;
  assert.equal(repo?.repositoryArn, ARN('team/app'));
  assert.equal(repo?.registryId, ACCT);
  assert.equal(repo?.repositoryUri, `127.0.0.1:${gantry.server.port}/team/app`);
  assert.equal(repo?.imageTagMutability, 'IMMUTABLE');
  assert.deepEqual(repo?.imageScanningConfiguration, { scanOnPush: true });
  assert.deepEqual(repo?.encryptionConfiguration, { encryptionType: 'KMS', kmsKey: keyArn });
  assert.ok(repo?.createdAt instanceof Date);
  await rejects(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/app' })), 'RepositoryAlreadyExistsException',
    `The repository with name 'team/app' already exists in the registry with id '${ACCT}'`);
  await rejects(ecr.send(new CreateRepositoryCommand({ repositoryName: 'Team/App' })), 'ValidationException',
    "1 validation error detected: Value 'Team/App' at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
  await rejects(ecr.send(new CreateRepositoryCommand({ repositoryName: 'x' })), 'ValidationException', /Member must have length greater than or equal to 2/);

  const plain = (await ecr.send(new CreateRepositoryCommand({ repositoryName: 'plain' }))).repository;
  assert.equal(plain?.imageTagMutability, 'MUTABLE');
  assert.deepEqual(plain?.encryptionConfiguration, { encryptionType: 'AES256' });

  const described = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/app'] }));
  assert.equal(described.repositories?.[0]?.repositoryUri, repo?.repositoryUri);
  const all = await ecr.send(new DescribeRepositoriesCommand({}));
  assert.deepEqual(all.repositories?.map((r) => r.repositoryName), ['team/app', 'plain']);
  const paged = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
  assert.equal(paged.repositories?.length, 1);
  assert.ok(paged.nextToken);
  await rejects(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })), 'RepositoryNotFoundException',
    `The repository with name 'missing' does not exist in the registry with id '${ACCT}'`);

  await ecr.send(new TagResourceCommand({ resourceArn: ARN('team/app'), tags: [{ Key: 'stage', Value: 'dev' }] }));
  await ecr.send(new UntagResourceCommand({ resourceArn: ARN('team/app'), tagKeys: ['team'] }));
  const tags = await ecr.send(new ListTagsForResourceCommand({ resourceArn: ARN('team/app') }));
  assert.deepEqual(tags.tags, [{ Key: 'stage', Value: 'dev' }]);
  await rejects(ecr.send(new ListTagsForResourceCommand({ resourceArn: ARN('nope') })), 'RepositoryNotFoundException');
});

test('the layer-upload API path: parts, availability, PutImage, images by tag and digest, download URLs', async () => {
  const ecr = ecrClient(gantry);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'api/push' }));
  const image = testImage('api', [Buffer.from('first layer bytes, long enough for several parts'), Buffer.from('second')]);
  const before = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'api/push', layerDigests: [sha256(image.layers[0] as Buffer)] }));
  assert.equal(before.failures?.[0]?.failureCode, 'MissingLayerDigest');
  await rejects(ecr.send(new PutImageCommand({ repositoryName: 'api/push', imageManifest: image.manifest, imageTag: 'v1' })), 'LayersNotFoundException');

  const put = await pushImage(ecr, 'api/push', image, 'v1');
  assert.equal(put.image?.imageId?.imageDigest, image.digest);
  assert.equal(put.image?.imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  const available = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: 'api/push', layerDigests: image.layers.map(sha256) }));
  assert.deepEqual(available.layers?.map((l) => [l.layerAvailability, l.layerSize]), image.layers.map((l) => ['AVAILABLE', l.length]));
  await rejects(ecr.send(new PutImageCommand({ repositoryName: 'api/push', imageManifest: image.manifest, imageTag: 'v1' })), 'ImageAlreadyExistsException',
    `Image with digest '${image.digest}' and tag 'v1' already exists in the repository with name 'api/push' in registry with id '${ACCT}'`);
  await ecr.send(new PutImageCommand({ repositoryName: 'api/push', imageManifest: image.manifest, imageTag: 'latest' }));

  const got = await ecr.send(new BatchGetImageCommand({ repositoryName: 'api/push', imageIds: [{ imageTag: 'v1' }, { imageDigest: image.digest }, { imageTag: 'nope' }] }));
  assert.deepEqual(got.images?.map((i) => i.imageManifest), [image.manifest, image.manifest]);
  assert.deepEqual(got.failures, [{ imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }]);

  const listed = await ecr.send(new ListImagesCommand({ repositoryName: 'api/push' }));
  assert.deepEqual(listed.imageIds?.map((i) => i.imageTag).sort(), ['latest', 'v1']);
  const details = await ecr.send(new DescribeImagesCommand({ repositoryName: 'api/push' }));
  const detail = details.imageDetails?.[0];
  assert.deepEqual(detail?.imageTags?.sort(), ['latest', 'v1']);
  assert.equal(detail?.imageSizeInBytes, image.config.length + image.layers.reduce((n, l) => n + l.length, 0));
  assert.ok(detail?.imagePushedAt instanceof Date);
  await rejects(ecr.send(new DescribeImagesCommand({ repositoryName: 'api/push', imageIds: [{ imageTag: 'gone' }] })), 'ImageNotFoundException',
    `The image with imageId {imageDigest:'null', imageTag:'gone'} does not exist within the repository with name 'api/push' in the registry with id '${ACCT}'`);

  const url = await ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'api/push', layerDigest: sha256(image.layers[1] as Buffer) }));
  const downloaded = await fetch(url.downloadUrl as string);
  assert.equal(downloaded.status, 200);
  assert.equal(Buffer.from(await downloaded.arrayBuffer()).toString(), 'second');
  await rejects(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName: 'api/push', layerDigest: sha256('absent') })), 'LayersNotFoundException');

  // Errors of the upload path.
  const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: 'api/push' }));
  await rejects(ecr.send(new UploadLayerPartCommand({ repositoryName: 'api/push', uploadId, partFirstByte: 5, partLastByte: 6, layerPartBlob: Buffer.from('ab') })), 'InvalidLayerPartException');
  await ecr.send(new UploadLayerPartCommand({ repositoryName: 'api/push', uploadId, partFirstByte: 0, partLastByte: 1, layerPartBlob: Buffer.from('ab') }));
  await rejects(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'api/push', uploadId, layerDigests: [sha256('xy')] })), 'InvalidLayerException');
  await rejects(ecr.send(new CompleteLayerUploadCommand({ repositoryName: 'api/push', uploadId, layerDigests: [sha256('ab')] })), 'UploadNotFoundException');

  // Deleting: by tag only untags while another tag remains; the repository refuses deletion while it has images.
  const untag = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'api/push', imageIds: [{ imageTag: 'latest' }] }));
  assert.deepEqual(untag.imageIds, [{ imageDigest: image.digest, imageTag: 'latest' }]);
  await rejects(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'api/push' })), 'RepositoryNotEmptyException');
  const deleted = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'api/push', imageIds: [{ imageDigest: image.digest }, { imageTag: 'zzz' }] }));
  assert.deepEqual(deleted.imageIds, [{ imageDigest: image.digest, imageTag: 'v1' }]);
  assert.equal(deleted.failures?.[0]?.failureCode, 'ImageNotFound');
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'api/push' }));
});

test('BatchGetImage converts a Docker image to OCI when asked by tag for OCI only, never when asked by digest', async () => {
  const ecr = ecrClient(gantry);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'formats' }));
  const image = testImage('formats');
  await pushImage(ecr, 'formats', image, 'v1');
  const oci = 'application/vnd.oci.image.manifest.v1+json';
  const byTag = await ecr.send(new BatchGetImageCommand({ repositoryName: 'formats', imageIds: [{ imageTag: 'v1' }], acceptedMediaTypes: [oci] }));
  assert.deepEqual(byTag.failures, []);
  assert.equal(byTag.images?.[0]?.imageManifestMediaType, oci);
  const manifest = JSON.parse(byTag.images?.[0]?.imageManifest ?? '{}');
  assert.equal(manifest.mediaType, oci);
  assert.equal(manifest.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  assert.deepEqual(manifest.layers.map((l: { mediaType: string; digest: string }) => [l.mediaType, l.digest]), [['application/vnd.oci.image.layer.v1.tar+gzip', sha256(image.layers[0] as Buffer)]]);
  const byDigest = await ecr.send(new BatchGetImageCommand({ repositoryName: 'formats', imageIds: [{ imageDigest: image.digest }], acceptedMediaTypes: [oci] }));
  assert.deepEqual(byDigest.images, []);
  assert.equal(byDigest.failures?.length, 1);
});

test('tag immutability: a tag cannot move; the same image may take a new tag', async () => {
  const ecr = ecrClient(gantry);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'fixed', imageTagMutability: 'IMMUTABLE' }));
  await pushImage(ecr, 'fixed', testImage('one'), 'v1');
  await rejects(pushImage(ecr, 'fixed', testImage('two'), 'v1'), 'ImageTagAlreadyExistsException',
    "The image tag 'v1' already exists in the 'fixed' repository and cannot be overwritten because the repository is immutable.");
  await ecr.send(new PutImageCommand({ repositoryName: 'fixed', imageManifest: testImage('two').manifest, imageTag: 'v2' }));
  await ecr.send(new CreateRepositoryCommand({
    repositoryName: 'mostly-fixed', imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
  }));
  await pushImage(ecr, 'mostly-fixed', testImage('one'), 'latest');
  await pushImage(ecr, 'mostly-fixed', testImage('two'), 'latest');
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'mostly-fixed', force: true }));
});

test('tokens: GetAuthorizationToken needs IAM, carries the caller, lasts 12 hours', async () => {
  const denied = await roleSession(gantry, 'NoEcr', [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }]);
  await rejects(ecrClient(gantry, denied.creds).send(new GetAuthorizationTokenCommand({})), 'AccessDeniedException',
    `User: ${denied.sessionArn} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action`);
  const started = Date.now();
  const token = await ecrClient(gantry).send(new GetAuthorizationTokenCommand({}));
  const data = token.authorizationData?.[0];
  assert.equal(data?.proxyEndpoint, gantry.url);
  const lifetime = (data?.expiresAt?.getTime() ?? 0) - started;
  assert.ok(lifetime > 12 * 3600_000 - 60_000 && lifetime <= 12 * 3600_000 + 1000, `lifetime ${lifetime}`);
  assert.match(Buffer.from(data?.authorizationToken ?? '', 'base64').toString(), /^AWS:\S+$/);
});

test('repository policies: granted to a role, explicit denies win, texts', async () => {
  const ecr = ecrClient(gantry);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shared' }));
  const image = testImage('shared');
  await pushImage(ecr, 'shared', image, 'v1');
  const puller = await roleSession(gantry, 'Puller', []);
  const asPuller = ecrClient(gantry, puller.creds);
  await rejects(asPuller.send(new BatchGetImageCommand({ repositoryName: 'shared', imageIds: [{ imageTag: 'v1' }] })), 'AccessDeniedException',
    `User: ${puller.sessionArn} is not authorized to perform: ecr:BatchGetImage on resource: ${ARN('shared')} because no identity-based policy allows the ecr:BatchGetImage action`);
  await rejects(ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'shared' })), 'RepositoryPolicyNotFoundException',
    `Repository policy does not exist for the repository with name 'shared' in the registry with id '${ACCT}'`);
  await rejects(ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'shared', policyText: '{"Statement": 3}' })), 'InvalidParameterException',
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'");

  const grant = JSON.stringify({ Version: '2008-10-17', Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: { AWS: puller.roleArn }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] });
  const set = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'shared', policyText: grant }));
  assert.deepEqual([set.registryId, set.repositoryName, set.policyText], [ACCT, 'shared', grant]);
  assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'shared' }))).policyText, grant);
  const got = await asPuller.send(new BatchGetImageCommand({ repositoryName: 'shared', imageIds: [{ imageTag: 'v1' }] }));
  assert.equal(got.images?.[0]?.imageManifest, image.manifest);
  await rejects(asPuller.send(new PutImageCommand({ repositoryName: 'shared', imageManifest: image.manifest, imageTag: 'v2' })), 'AccessDeniedException');

  // A deny in the repository policy beats an identity policy allowing everything.
  const admin = await roleSession(gantry, 'EcrAdmin', [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }]);
  await ecrClient(gantry, admin.creds).send(new BatchGetImageCommand({ repositoryName: 'shared', imageIds: [{ imageTag: 'v1' }] }));
  const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: admin.roleArn }, Action: 'ecr:BatchGetImage' }] });
  await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'shared', policyText: deny }));
  await rejects(ecrClient(gantry, admin.creds).send(new BatchGetImageCommand({ repositoryName: 'shared', imageIds: [{ imageTag: 'v1' }] })), 'AccessDeniedException',
    `User: ${admin.sessionArn} is not authorized to perform: ecr:BatchGetImage on resource: ${ARN('shared')} with an explicit deny in a resource-based policy`);
  const removed = await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'shared' }));
  assert.equal(removed.policyText, deny);
  await ecrClient(gantry, admin.creds).send(new BatchGetImageCommand({ repositoryName: 'shared', imageIds: [{ imageTag: 'v1' }] }));
});

test('lifecycle policies: kept, previewed, applied on push', async () => {
  const ecr = ecrClient(gantry);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'cycled' }));
  await rejects(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'cycled' })), 'LifecyclePolicyNotFoundException',
    `Lifecycle policy does not exist for the repository with name 'cycled' in the registry with id '${ACCT}'`);
  await rejects(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'cycled', lifecyclePolicyText: JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'sometimes', countType: 'imageCountMoreThan', countNumber: 1 } }] }) })),
    'InvalidParameterException', /tagStatus must be tagged, untagged or any/);
  for (const n of [1, 2, 3]) await pushImage(ecr, 'cycled', testImage(`c${n}`), `build-${n}`);
  await pushImage(ecr, 'cycled', testImage('untagged'));
  const text = JSON.stringify({ rules: [
    { rulePriority: 1, description: 'untagged', selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } },
    { rulePriority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['build-'], countType: 'imageCountMoreThan', countNumber: 2 }, action: { type: 'expire' } },
  ] });
  const preview = await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName: 'cycled', lifecyclePolicyText: text }));
  assert.equal(preview.status, 'COMPLETE');
  const results = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'cycled' }));
  assert.deepEqual(results.previewResults?.map((r) => [r.imageTags, r.appliedRulePriority]), [[['build-1'], 2]]);
  await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'cycled', lifecyclePolicyText: text }));
  assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'cycled' }))).lifecyclePolicyText, text);
  await pushImage(ecr, 'cycled', testImage('c4'), 'build-4');
  const left = await ecr.send(new ListImagesCommand({ repositoryName: 'cycled', filter: { tagStatus: 'TAGGED' } }));
  assert.deepEqual(left.imageIds?.map((i) => i.imageTag).sort(), ['build-3', 'build-4']);
  await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'cycled' }));
});

test('across accounts the repository policy must allow too; a token for another registry opens it', async () => {
  const other = createAccount(gantry.platform, '444455556666');
  const asOther = ecrClient(gantry, { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey });
  await ecrClient(gantry).send(new CreateRepositoryCommand({ repositoryName: 'cross' }));
  await pushImage(ecrClient(gantry), 'cross', testImage('cross'), 'v1');
  await rejects(asOther.send(new BatchGetImageCommand({ registryId: ACCT, repositoryName: 'cross', imageIds: [{ imageTag: 'v1' }] })), 'AccessDeniedException',
    `User: arn:aws:iam::444455556666:root is not authorized to perform: ecr:BatchGetImage on resource: ${ARN('cross')} because no resource-based policy allows the ecr:BatchGetImage action`);
  const grant = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'ecr:BatchGetImage' }] });
  await ecrClient(gantry).send(new SetRepositoryPolicyCommand({ repositoryName: 'cross', policyText: grant }));
  const got = await asOther.send(new BatchGetImageCommand({ registryId: ACCT, repositoryName: 'cross', imageIds: [{ imageTag: 'v1' }] }));
  assert.equal(got.images?.length, 1);

  const token = await asOther.send(new GetAuthorizationTokenCommand({ registryIds: [ACCT] }));
  const password = Buffer.from(token.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString().slice(4);
  const manifest = await fetch(`${gantry.url}/v2/cross/manifests/v1`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}` } });
  assert.equal(manifest.status, 200);
  const layer = await fetch(`${gantry.url}/v2/cross/blobs/${sha256(testImage('cross').layers[0] as Buffer)}`, { headers: { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}` } });
  assert.equal(layer.status, 403);
  assert.match(await layer.text(), /ecr:GetDownloadUrlForLayer on resource: .* because no resource-based policy allows/);
});
