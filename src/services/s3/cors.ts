// A bucket's CORS rules: what PutBucketCors accepts.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html

import { invalidRequest, malformedXml } from '../../engines/objects/s3-errors.js';

/** A rule as PutBucketCors decodes it and GetBucketCors returns it. */
export interface CorsRule {
  readonly ID?: string;
  readonly AllowedOrigins: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedHeaders?: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

/** The only methods a rule may allow (CORSRule AllowedMethods). */
const CORS_METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const MAX_RULES = 100;

/** PutBucketCors's checks, in AWS's order of refusal; returns the rules to store. */
export function checkCorsRules(rules: unknown): CorsRule[] {
  // An empty configuration is MalformedXML on AWS (recorded: test_s3_cors.snapshot.json, put-cors-exc-empty).
  if (!Array.isArray(rules) || rules.length === 0) throw malformedXml();
  if (rules.length > MAX_RULES) throw invalidRequest('The number of CORS rules should not exceed allowed limit of 100 rules.');
  for (const rule of rules as Partial<CorsRule>[]) {
    // The schema requires at least one AllowedOrigin and one AllowedMethod per rule.
    if (!rule.AllowedOrigins?.length || !rule.AllowedMethods?.length) throw malformedXml();
    for (const method of rule.AllowedMethods) {
      if (!CORS_METHODS.has(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
    for (const origin of rule.AllowedOrigins) {
      if (wildcards(origin) > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    }
    for (const header of rule.AllowedHeaders ?? []) {
      // [INFER] worded as AWS's AllowedOrigin message, which is recorded; this one is not.
      if (wildcards(header) > 1) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
    }
  }
  return rules as CorsRule[];
}

function wildcards(value: string): number {
  let count = 0;
  for (let at = value.indexOf('*'); at >= 0; at = value.indexOf('*', at + 1)) count += 1;
  return count;
}
