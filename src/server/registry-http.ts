// The registry's replies: OCI error bodies (`{"errors":[{code,message,detail}]}`) with ECR's
// texts, the 401 challenge ECR sends, and the mapping from engine errors to registry codes.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
// behavior-spec §4.4-4.5 (ECR's 401 body and Basic challenge, NAME_UNKNOWN, DENIED texts)

import { AccessDeniedError } from '../authz/decision-point.js';
import { AwsError } from '../core/aws-error.js';
import { ImmutableTagError, InvalidManifestError, MissingReferencesError } from '../engines/registry/images.js';

export interface RegistryReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string;
  readonly stream?: AsyncIterable<Buffer>;
}

/** An error the registry answers with; `plain` for ECR's text/plain 401. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: unknown = null,
    readonly headers: Record<string, string> = {},
    readonly plain = false,
  ) {
    super(message);
  }
}

export const API_VERSION = { 'Docker-Distribution-Api-Version': 'registry/2.0' } as const;

/** [OBS] ECR's challenge: Basic, with the registry as realm and ecr.amazonaws.com as service. */
export function notAuthorized(host: string): RegistryError {
  return new RegistryError(401, 'UNAUTHORIZED', 'Not Authorized', null, { 'WWW-Authenticate': `Basic realm="http://${host}/",service="ecr.amazonaws.com"` }, true);
}

/** [OBS] `denied: Your authorization token has expired. Reauthenticate and try again.` */
export function tokenExpired(): RegistryError {
  return new RegistryError(403, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.');
}

export const manifestUnknown = () => new RegistryError(404, 'MANIFEST_UNKNOWN', 'Requested image not found');
/** [INFER] ECR's wording for a missing layer is not public; OCI's default text. */
export const blobUnknown = (digest: string) => new RegistryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest });
export const uploadUnknown = () => new RegistryError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
export const digestInvalid = (detail: unknown) => new RegistryError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', detail);
export const unsupported = () => new RegistryError(405, 'UNSUPPORTED', 'The operation is unsupported.');

/** Engine and decision errors as the registry names them. */
export function asRegistryError(error: unknown): RegistryError | null {
  if (error instanceof RegistryError) return error;
  if (error instanceof AccessDeniedError) return new RegistryError(403, 'DENIED', error.message);
  if (error instanceof InvalidManifestError) return new RegistryError(400, 'MANIFEST_INVALID', 'manifest invalid', { reason: error.message });
  if (error instanceof MissingReferencesError) return new RegistryError(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digests: error.digests });
  if (error instanceof ImmutableTagError) return new RegistryError(400, 'TAG_INVALID', error.message);
  if (error instanceof AwsError) {
    switch (error.code) {
      case 'RepositoryNotFoundException':
        return new RegistryError(404, 'NAME_UNKNOWN', error.message);
      case 'UploadNotFoundException':
        return uploadUnknown();
      case 'ImageDigestDoesNotMatchException':
        return new RegistryError(400, 'DIGEST_INVALID', error.message);
      case 'InvalidLayerPartException':
        return new RegistryError(416, 'BLOB_UPLOAD_INVALID', error.message);
      default:
        return new RegistryError(error.status >= 500 ? 500 : 400, 'UNKNOWN', error.message);
    }
  }
  return null;
}

export function errorReply(error: RegistryError, method: string): RegistryReply {
  // The body's own length is sent, whatever length the headers an error carries had declared.
  const headers = Object.fromEntries(Object.entries(error.headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
  if (error.plain) {
    return { status: error.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: method === 'HEAD' ? '' : `${error.message}\n` };
  }
  const body = JSON.stringify({ errors: [{ code: error.code, message: error.message, detail: error.detail }] });
  return { status: error.status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: method === 'HEAD' ? '' : body };
}
