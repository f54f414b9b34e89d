// The condition keys every request carries of itself, whichever door it came in by: the AWS
// pipeline (pipeline.ts) and the registry's OCI routes (registry-routes.ts).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import type { ContextValue } from '../iam/index.js';

interface KeptContext {
  readonly ms: number;
  readonly sourceIp: string;
  readonly region: string;
  readonly userAgent: string | undefined;
  readonly context: Readonly<Record<string, ContextValue>>;
}

let keptContext: KeptContext | null = null;

/**
 * The request's own condition keys, frozen. Requests of the same millisecond from the same
 * client share one object (the last one built), so the IAM engine's fold of it is reused too.
 */
export function requestContextOf(
  ms: number,
  sourceIp: string,
  region: string,
  userAgentHeader: string | readonly string[] | undefined,
): Readonly<Record<string, ContextValue>> {
  const userAgent = typeof userAgentHeader === 'string' ? userAgentHeader : undefined;
  const kept = keptContext;
  if (kept && kept.ms === ms && kept.sourceIp === sourceIp && kept.region === region && kept.userAgent === userAgent) return kept.context;
  const context: Record<string, ContextValue> = {
    'aws:SourceIp': sourceIp,
    'aws:CurrentTime': new Date(ms).toISOString(),
    'aws:EpochTime': String(Math.floor(ms / 1000)),
    'aws:SecureTransport': 'false',
    // A request a client sends itself; a service calling another on its behalf says true
    // (engines/kms/access.ts). "Always included in the request context for most services."
    'aws:ViaAWSService': 'false',
    'aws:RequestedRegion': region,
  };
  if (userAgent !== undefined) context['aws:UserAgent'] = userAgent;
  keptContext = { ms, sourceIp, region, userAgent, context: Object.freeze(context) };
  return keptContext.context;
}
