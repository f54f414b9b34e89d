// ECR layer operations (the API path of a push: BatchCheckLayerAvailability,
// InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload; GetDownloadUrlForLayer) and
// GetAuthorizationToken, whose token the registry accepts as the caller.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html

import { keyOf } from '../../engines/registry/access.js';
import { emptyUpload, invalidLayer, invalidLayerPart, layerAlreadyExists } from '../../engines/registry/ecr-errors.js';
import type { Registry } from '../../engines/registry/index.js';
import {
  authorizeUpload, checkLayerAvailability, completeUpload, downloadableLayer, initiateUpload, PART_SIZE, uploadPart,
} from '../../engines/registry/layers.js';
import { authorizationToken, issueToken, sealDownload } from '../../engines/registry/tokens.js';
import { exclusiveUpload } from '../../engines/registry/upload-lock.js';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../service-types.js';
import { callOf, optNum, registryId, str, strList } from './ecr-input.js';

export function layerOperations(registry: Registry): Record<string, OperationHandler> {
  const r = registry.context;
  const origin = () => `http://${r.endpoint.port === null ? r.endpoint.host : `${r.endpoint.host}:${r.endpoint.port}`}`;
  return {
    GetAuthorizationToken: (input, ctx) => {
      // Only an identity policy can grant it; there is no repository to name.
      ctx.authorize({ action: 'ecr:GetAuthorizationToken', resource: '*' });
      const registries = strList(input, 'registryIds') ?? [ctx.caller.account];
      return {
        authorizationData: registries.map((registryAccount) => {
          const { password, claims } = issueToken(r, ctx.caller.credential.accessKeyId, registryAccount, ctx.region);
          return { authorizationToken: authorizationToken(password), expiresAt: new Date(claims.expiresAt), proxyEndpoint: origin() };
        }),
      };
    },
    BatchCheckLayerAvailability: (input, ctx) => {
      const call = callOf(ctx);
      const { layers, failures } = checkLayerAvailability(r, call, keyOf(call, str(input, 'repositoryName'), registryId(input)), strList(input, 'layerDigests') ?? []);
      return { layers, failures };
    },
    InitiateLayerUpload: async (input, ctx) => {
      const call = callOf(ctx);
      const upload = await initiateUpload(r, call, keyOf(call, str(input, 'repositoryName'), registryId(input)));
      return { uploadId: upload.uploadId, partSize: PART_SIZE };
    },
    UploadLayerPart: (input, ctx) => {
      const call = callOf(ctx);
      const key = keyOf(call, str(input, 'repositoryName'), registryId(input));
      const uploadId = str(input, 'uploadId');
      return exclusiveUpload(r, uploadId, async () => {
        const upload = authorizeUpload(r, call, key, uploadId, 'UploadLayerPart');
        const blob = input['layerPartBlob'];
        const data = blob instanceof Uint8Array ? Buffer.from(blob) : Buffer.alloc(0);
        const first = optNum(input, 'partFirstByte') ?? 0;
        const last = optNum(input, 'partLastByte') ?? -1;
        if (last - first + 1 !== data.byteLength) throw invalidLayerPart(upload.uploadId, first - 1);
        const size = await uploadPart(r, upload, first, (async function* () {
          yield data;
        })());
        return { registryId: key.account, repositoryName: key.name, uploadId: upload.uploadId, lastByteReceived: size - 1 };
      });
    },
    CompleteLayerUpload: (input, ctx) => {
      const call = callOf(ctx);
      const key = keyOf(call, str(input, 'repositoryName'), registryId(input));
      const uploadId = str(input, 'uploadId');
      return exclusiveUpload(r, uploadId, async () => {
        const upload = authorizeUpload(r, call, key, uploadId, 'CompleteLayerUpload');
        const digest = (strList(input, 'layerDigests') ?? [])[0];
        if (digest === undefined) throw new AwsError('InvalidParameterException', "Invalid parameter at 'layerDigests' failed to satisfy constraint: 'Member must have length greater than or equal to 1'");
        if (((await r.blobs.uploadSize(upload.uploadId)) ?? 0) === 0) throw emptyUpload(upload.uploadId);
        const done = await completeUpload(r, upload, digest);
        if (!done.ok) throw invalidLayer(digest, done.digest);
        if (done.existed) throw layerAlreadyExists(digest, key.name, key.account);
        return { registryId: key.account, repositoryName: key.name, uploadId: upload.uploadId, layerDigest: done.digest };
      });
    },
    GetDownloadUrlForLayer: (input, ctx) => {
      const call = callOf(ctx);
      const key = keyOf(call, str(input, 'repositoryName'), registryId(input));
      const { layer } = downloadableLayer(r, call, key, str(input, 'layerDigest'));
      const seal = sealDownload(r, { account: key.account, region: key.region, repository: key.name, digest: layer.digest });
      return { downloadUrl: `${origin()}/v2/${key.name}/blobs/${layer.digest}?X-Gantry-Download=${encodeURIComponent(seal)}`, layerDigest: layer.digest };
    },
  };
}
