// The registry (OCI Distribution API v2) on Gantry's one port: `/v2/...` requests come here
// before the AWS pipeline. Each request is authenticated with an ECR token, authorized as the
// token's principal with the ECR action AWS checks for it, answered with OCI bodies and ECR's
// texts, and recorded in the audit trail (service `ecr`, the action as operation), so
// `gantry explain` reads registry denials too.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DecisionRecord } from '../authz/decision-point.js';
import { ecrHost, type EcrCall } from '../engines/registry/index.js';
import { bucketFromHost } from '../services/s3/s3-transport.js';
import { openDownload } from '../engines/registry/tokens.js';
import type { Platform } from './platform.js';
import { principalFor } from './principal-for.js';
import { authenticate } from './registry-auth.js';
import { getBlob, patchUpload, putUpload, startUpload, uploadStatus } from './registry-blobs.js';
import { API_VERSION, asRegistryError, blobUnknown, errorReply, RegistryError, unsupported, type RegistryReply } from './registry-http.js';
import { deleteManifest, getManifest, listTags, putManifest } from './registry-manifests.js';
import type { RegistryRoute } from './registry-route.js';
import { requestContextOf } from './request-context.js';

/**
 * Whether a request is for the registry: a `/v2` path that is not an AWS call (SigV4-signed,
 * header or presigned) and not an S3 object in a virtual-hosted bucket (`<bucket>.localhost`
 * with a key under `v2/`), unless the host is ECR-shaped.
 */
export function isRegistryRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  if (!(url === '/v2' || url.startsWith('/v2/') || url.startsWith('/v2?'))) return false;
  if (/^AWS4?[- ]/.test(req.headers.authorization ?? '') || /[?&](X-Amz-Credential|X-Amz-Signature|Signature)=/i.test(url)) return false;
  const host = req.headers.host ?? '';
  return ecrHost(host) !== null || bucketFromHost(host) === null;
}

type Matched =
  | { kind: 'ping' }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'upload'; name: string; uploadId: string }
  | { kind: 'tags'; name: string }
  | { kind: 'other' };

function match(path: string): Matched {
  if (path === '/v2' || path === '/v2/') return { kind: 'ping' };
  let m = /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/.exec(path);
  if (m) return { kind: 'upload', name: m[1] as string, uploadId: m[2] as string };
  if ((m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(path))) return { kind: 'blob', name: m[1] as string, digest: m[2] as string };
  if ((m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path))) return { kind: 'manifest', name: m[1] as string, reference: m[2] as string };
  if ((m = /^\/v2\/(.+)\/tags\/list$/.exec(path))) return { kind: 'tags', name: m[1] as string };
  return { kind: 'other' };
}

/** The ECR action a registry call stands for (the audit trail's operation). */
function operationOf(matched: Matched, method: string): string {
  switch (matched.kind) {
    case 'ping':
      return 'RegistryPing';
    case 'manifest':
      return method === 'PUT' ? 'PutImage' : method === 'DELETE' ? 'BatchDeleteImage' : 'BatchGetImage';
    case 'blob':
      return method === 'HEAD' ? 'BatchCheckLayerAvailability' : 'GetDownloadUrlForLayer';
    case 'upload':
      return method === 'POST' ? 'InitiateLayerUpload' : method === 'PUT' ? 'CompleteLayerUpload' : 'UploadLayerPart';
    case 'tags':
      return 'ListImages';
    default:
      return 'RegistryUnsupported';
  }
}

function body(req: IncomingMessage): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) };
}

async function dispatch(route: RegistryRoute, matched: Matched, req: IncomingMessage): Promise<RegistryReply> {
  const { method } = route;
  if (matched.kind === 'manifest') {
    if (method === 'GET' || method === 'HEAD') return getManifest(route, matched.reference);
    if (method === 'PUT') return putManifest(route, matched.reference, body(req));
    if (method === 'DELETE') return deleteManifest(route, matched.reference);
  } else if (matched.kind === 'blob' && (method === 'GET' || method === 'HEAD')) {
    return getBlob(route, matched.digest);
  } else if (matched.kind === 'upload') {
    if (method === 'POST' && matched.uploadId === '') return startUpload(route, body(req));
    if (method === 'PATCH') return patchUpload(route, matched.uploadId, body(req));
    if (method === 'PUT') return putUpload(route, matched.uploadId, body(req));
    if (method === 'GET' || method === 'DELETE') return uploadStatus(route, matched.uploadId);
  } else if (matched.kind === 'tags' && method === 'GET') {
    return listTags(route);
  }
  throw unsupported();
}

/** A GetDownloadUrlForLayer URL: the seal names the blob; the decision was made when it was issued. */
function download(platform: Platform, matched: Matched, query: URLSearchParams, method: string): RegistryReply | null {
  const sealed = query.get('X-Gantry-Download');
  if (sealed === null || matched.kind !== 'blob' || method !== 'GET') return null;
  const ctx = platform.registry.context;
  const claims = openDownload(ctx, sealed);
  if (!claims || claims.repository !== matched.name || claims.digest !== matched.digest) return null;
  const layer = ctx.store.getLayer({ account: claims.account, region: claims.region, name: claims.repository }, claims.digest);
  if (!layer) throw blobUnknown(claims.digest);
  const headers = { 'Docker-Content-Digest': layer.digest, 'Content-Type': 'application/octet-stream', 'Content-Length': String(layer.size) };
  return layer.size === 0 ? { status: 200, headers, body: '' } : { status: 200, headers, stream: ctx.blobs.read(layer.digest) };
}

export async function serveRegistry(platform: Platform, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const requestId = platform.ids.requestId();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/v2/', 'http://registry.invalid');
  const matched = match(url.pathname);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const decisions: DecisionRecord[] = [];
  let caller: { account: string; arn: string } | null = null;
  let accessKeyId: string | null = null;
  let reply: RegistryReply;
  let failure: RegistryError | null = null;
  try {
    const downloaded = download(platform, matched, url.searchParams, method);
    if (downloaded) reply = downloaded;
    else {
      const auth = authenticate(platform, req);
      if (!auth.ok) {
        accessKeyId = auth.accessKeyId;
        throw auth.error;
      }
      const { identity } = auth;
      caller = identity.caller;
      accessKeyId = identity.claims.accessKeyId;
      const principal = principalFor(platform, identity.caller);
      const context = requestContextOf(platform.clock.now().getTime(), sourceIp, identity.region, req.headers['user-agent']);
      const call: EcrCall = {
        authorize: (check) => platform.decisionPoint.authorize(principal, check, context, decisions),
        callerAccount: identity.caller.account,
        region: identity.region,
      };
      const name = 'name' in matched ? matched.name : '';
      const key = { account: identity.account, region: identity.region, name };
      const route: RegistryRoute = { ctx: platform.registry.context, call, key, method, headers: req.headers, query: url.searchParams };
      reply = matched.kind === 'ping' ? { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{}' } : await dispatch(route, matched, req);
    }
  } catch (error) {
    failure = asRegistryError(error);
    if (!failure && !req.complete && req.destroyed) {
      // The client cut its connection mid-body (a push interrupted): its doing, logged at info as
      // S3's are; nobody reads the answer, the audit record keeps it.
      platform.log.info('client aborted the request', { requestId, method, url: req.url });
      failure = new RegistryError(400, 'BLOB_UPLOAD_INVALID', 'the client closed the connection before the request body ended');
    } else if (!failure) {
      platform.log.error('registry request failed', { requestId, error });
      failure = new RegistryError(500, 'UNKNOWN', `We encountered an internal error. Please try again. (request ${requestId})`);
    }
    reply = errorReply(failure, method);
  }
  try {
    // No answer goes out before the writes it reports (or any it read) are on disk.
    await platform.durable();
  } catch (error) {
    platform.log.error('registry request could not be made durable', { requestId, error });
    failure = new RegistryError(500, 'UNKNOWN', `We encountered an internal error. Please try again. (request ${requestId})`);
    reply = errorReply(failure, method);
  }
  // A body the handler did not read (a refused upload) is drained so the connection stays usable.
  if (!req.complete) res.once('finish', () => req.resume());
  await write(res, reply, requestId);
  const userAgent = req.headers['user-agent'];
  platform.audit.record({
    time: platform.clock.now().toISOString(),
    requestId,
    service: 'ecr',
    operation: operationOf(matched, method),
    account: caller?.account ?? null,
    principal: caller?.arn ?? null,
    accessKeyId,
    sourceIp,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    decisions,
    status: reply.status,
    errorCode: failure?.code ?? null,
    errorMessage: failure?.message ?? null,
    latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
  });
}

async function write(res: ServerResponse, reply: RegistryReply, requestId: string): Promise<void> {
  const headers = { ...API_VERSION, 'x-amzn-RequestId': requestId, ...reply.headers };
  if (reply.stream) {
    res.writeHead(reply.status, headers);
    await pipeline(Readable.from(reply.stream), res).catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
    return;
  }
  const payload = Buffer.from(reply.body ?? '');
  const declared = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  res.writeHead(reply.status, declared ? headers : { ...headers, 'Content-Length': String(payload.byteLength) });
  res.end(payload);
}
