// Which AWS service a request is for: JSON services by their X-Amz-Target prefix, the rest
// by the service named in the SigV4 credential scope (header or presigned query).

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
  const fromQuery = QUERY_SCOPE.exec(splitUrl(request.url).query);
  return fromQuery ? (fromQuery[1] ?? null) : null;
}
