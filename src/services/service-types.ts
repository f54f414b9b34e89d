// What a service is to the server: a table of operation handlers named exactly as the AWS
// operations, each receiving the decoded input and a request context that authorizes
// through the one decision point.

import type { AccessCheck, DecisionRecord } from '../authz/decision-point.js';
import type { Caller } from '../engines/identity/callers.js';
import type { ContextValue, Decision } from '../iam/index.js';

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface RequestContext {
  readonly requestId: string;
  readonly region: string;
  /** The Host header as the client sent it (S3 answers object URLs on it); undefined without one. */
  readonly host: string | undefined;
  /** The authenticated caller; services that allow anonymous calls get null. */
  readonly caller: Caller;
  /** Context keys of the request itself (aws:SourceIp, aws:CurrentTime, aws:RequestedRegion, ...). */
  readonly requestContext: Readonly<Record<string, ContextValue>>;
  /** Authorizes one action; throws AccessDeniedError with AWS's message when denied. */
  authorize(check: AccessCheck): Decision;
  /** Decides without throwing (for simulations and conditional behaviour). */
  decide(check: AccessCheck): Decision;
  /** Every decision made for this request so far, for the audit trail. */
  readonly decisions: readonly DecisionRecord[];
}

export type OperationHandler = (input: Input, ctx: RequestContext) => Output | Promise<Output>;

export interface ServiceDefinition {
  /** The model name (`iam`, `sts`, ...). */
  readonly name: string;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** Operations that need no authorization (STS GetCallerIdentity). */
  readonly unauthorized?: ReadonlySet<string>;
}
