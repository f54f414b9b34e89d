// Which AWS service a request is for: JSON services by their X-Amz-Target prefix, the rest
// by the service named in the SigV4 credential scope (header or presigned query). A signed
// call whose credential is too malformed to name a service is still routed when it can be
// (the credential's fourth part, or a query API's Version), so that the service's own SigV4
// check says what is wrong with it rather than calling it unsigned.

import { headerValue, splitUrl, type HttpRequest } from '../protocols/index.js';

const TARGET_PREFIXES: Readonly<Record<string, string>> = {
  TrentService: 'kms',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  SageMaker: 'sagemaker',
  Logs_20140328: 'logs',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  CloudTrail_20131101: 'cloudtrail',
  AWSOrganizationsV20161128: 'organizations',
};

/** The JSON services and their target prefixes (checked against the models by a test). */
export const JSON_TARGETS = TARGET_PREFIXES;

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/;
const QUERY_SCOPE = /(?:^|&)X-Amz-Credential=[^&]*?(?:%2F|\/)\d{8}(?:%2F|\/)[^&%/]+(?:%2F|\/)([^&%/]+)(?:%2F|\/)aws4_request/i;
/** The fourth part of a credential that is not a well-formed scope (`AKID/date/region/sts`, a bad date or terminator). */
const LOOSE_SCOPE = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([a-z0-9-]+)/;
const LOOSE_QUERY_SCOPE = /(?:^|&)X-Amz-Credential=[^&%/]*(?:%2F|\/)[^&%/]*(?:%2F|\/)[^&%/]*(?:%2F|\/)([a-z0-9-]+)/i;
const QUERY_AUTH = /(?:^|&)X-Amz-(?:Algorithm|Credential|Signature)=/;
const VERSION = /(?:^|&)Version=([^&]*)/;

/** The query-protocol APIs by their Version parameter (the models' apiVersion). */
const QUERY_API_VERSIONS: Readonly<Record<string, string>> = { '2011-06-15': 'sts', '2010-05-08': 'iam' };

/** The service's model name, or null when the request names none (an unsigned request). */
export function serviceOf(request: HttpRequest): string | null {
  const target = headerValue(request.headers, 'x-amz-target');
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    return TARGET_PREFIXES[prefix] ?? TARGET_PREFIXES[prefix.slice(prefix.lastIndexOf('.') + 1)] ?? null;
  }
  const authorization = headerValue(request.headers, 'authorization');
  const fromHeader = authorization ? SCOPE.exec(authorization) : null;
  if (fromHeader) return fromHeader[1] ?? null;
  const query = splitUrl(request.url).query;
  const fromQuery = QUERY_SCOPE.exec(query);
  if (fromQuery) return fromQuery[1] ?? null;
  const signed = authorization !== undefined ? authorization.trimStart().startsWith('AWS4-') : QUERY_AUTH.test(query);
  return signed ? malformedScopeService(authorization, query, request.body) : null;
}

/** The service of a signed call whose credential scope is malformed or missing, or null when nothing names one. */
function malformedScopeService(authorization: string | undefined, query: string, body: Uint8Array | string): string | null {
  const loose = authorization !== undefined ? LOOSE_SCOPE.exec(authorization) : LOOSE_QUERY_SCOPE.exec(query);
  if (loose) return loose[1] ?? null;
  const version = VERSION.exec(query) ?? VERSION.exec(typeof body === 'string' ? body : Buffer.from(body).toString('latin1'));
  return version ? (QUERY_API_VERSIONS[version[1] ?? ''] ?? null) : null;
}
