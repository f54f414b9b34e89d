// What a service is to the server: a table of operation handlers named exactly as the AWS
// operations, each receiving the decoded input and a request context that authorizes
// through the one decision point.

import type { AccessCheck, DecisionRecord } from '../authz/decision-point.js';
import type { Caller } from '../engines/identity/callers.js';
import type { AuthForm } from '../core/sigv4/index.js';
import type { ContextValue, Decision } from '../iam/index.js';
import type { ServiceModel } from '../protocols/index.js';

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

/**
 * How SigV4 authentication found the request signed; services that derive condition keys from
 * the signature (S3's s3:authType, s3:signatureAge, ...) read it here rather than re-parsing it.
 */
export interface RequestSigning {
  /** The signing algorithm; SigV4 is the only one Gantry verifies. */
  readonly algorithm: 'AWS4-HMAC-SHA256';
  /** An Authorization header, or the X-Amz-* query parameters of a presigned URL. */
  readonly form: AuthForm;
  /** The Region of the credential scope. */
  readonly region: string;
  /** Milliseconds from the signing date (X-Amz-Date) to the moment the request was verified. */
  readonly ageMs: number;
  /** The x-amz-content-sha256 header exactly as sent; undefined when the request sent none. */
  readonly contentSha256Header: string | undefined;
}

export interface RequestContext {
  readonly requestId: string;
  readonly region: string;
  /** The Host header as the client sent it (S3 answers object URLs on it); undefined without one. */
  readonly host: string | undefined;
  /** The authenticated caller; services that allow anonymous calls get null. */
  readonly caller: Caller;
  /** How the request was signed; undefined for an unsigned (anonymous) request. */
  readonly signing?: RequestSigning;
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
  /**
   * The service's own answer to input its model refuses (S3 never sends ValidationException), or
   * null when the input satisfies the model; without it, the protocol's validation error.
   */
  readonly inputError?: (model: ServiceModel, operation: string, input: Input) => Error | null;
}
