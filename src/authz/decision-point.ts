// The one decision point every request goes through: gathers the policies that apply
// (the caller's identity policies, boundary and session policies, the resource's policy,
// the organization's SCPs and RCPs), asks the IAM engine, records the decision for the
// audit trail, and turns a denial into AWS's AccessDenied with AWS's message.

import { AwsError } from '../core/aws-error.js';
import { evaluate, type ContextValue, type Decision, type Policy, type PolicyLevel } from '../iam/index.js';

/** The identity side of a caller, as the decision point needs it. */
export interface AuthPrincipal {
  /** ARN AWS names the caller by (session ARN for roles), a service principal, or `*`. */
  readonly arn: string;
  readonly account: string | null;
  readonly identityPolicies: readonly Policy[];
  readonly boundary: Policy | null;
  readonly sessionPolicies: readonly Policy[];
  /** Context keys derived from the caller (aws:PrincipalArn, aws:PrincipalTag/..., ...). */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** Organization guardrails by account; null when the account is in no organization. */
export interface GuardrailSource {
  scpsFor(account: string): PolicyLevel[] | null;
  rcpsFor(account: string): PolicyLevel[] | null;
}

export interface AccessCheck {
  readonly action: string;
  /** The resource ARN, or `*`. */
  readonly resource: string;
  /** Owner of the resource when the ARN does not say (S3). */
  readonly resourceAccount?: string;
  readonly resourcePolicy?: Policy | null;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** One authorization, as the audit trail keeps it. */
export interface DecisionRecord {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
}

export class AccessDeniedError extends AwsError {
  constructor(readonly decision: Decision) {
    super('AccessDenied', decision.message ?? 'Access Denied', 403);
  }
}

export class DecisionPoint {
  constructor(private readonly guardrails: GuardrailSource) {}

  /** Decides; records into `log` when given; never throws. */
  decide(principal: AuthPrincipal, check: AccessCheck, requestContext: Readonly<Record<string, ContextValue>>, log?: DecisionRecord[], explain = false): Decision {
    const resourceAccount = check.resourceAccount ?? accountOfArn(check.resource) ?? principal.account ?? undefined;
    const decision = evaluate(
      {
        request: {
          principal: principal.arn,
          action: check.action,
          resource: check.resource,
          resourceAccount,
          // Layers, not a merged copy: the engine folds frozen layers (the principal's, the request's) once.
          contextLayers: [requestContext, principal.context, check.context],
        },
        identityPolicies: principal.identityPolicies,
        resourcePolicy: check.resourcePolicy ?? null,
        permissionBoundary: principal.boundary,
        sessionPolicy: principal.sessionPolicies,
        scps: principal.account ? this.guardrails.scpsFor(principal.account) : null,
        rcps: resourceAccount ? this.guardrails.rcpsFor(resourceAccount) : null,
      },
      { explain },
    );
    log?.push({ action: check.action, resource: check.resource, decision });
    return decision;
  }

  /** Decides and throws AccessDeniedError unless allowed. */
  authorize(principal: AuthPrincipal, check: AccessCheck, requestContext: Readonly<Record<string, ContextValue>>, log?: DecisionRecord[]): Decision {
    const decision = this.decide(principal, check, requestContext);
    if (decision.decision === 'Allow') {
      log?.push({ action: check.action, resource: check.resource, decision });
      return decision;
    }
    // Denials are rare: decide again with a full trace, so `gantry explain` can show it.
    throw new AccessDeniedError(this.decide(principal, check, requestContext, log, true));
  }
}

function accountOfArn(resource: string): string | null {
  const match = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(resource);
  return match ? (match[1] as string) : null;
}

/** No organization: no SCPs, no RCPs. */
export const noGuardrails: GuardrailSource = { scpsFor: () => null, rcpsFor: () => null };
