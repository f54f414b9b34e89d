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
  /**
   * A service rule, by name, under which the root user of the resource's own account is
   * exempt from the resource policy's explicit denies for this action (S3 lets the bucket
   * owner's root always read, replace and delete the bucket policy, so that a policy cannot
   * lock the owner out). Other denies (SCPs, RCPs) still decide.
   */
  readonly rootExemptFromResourceDeny?: string;
}

/** A resource policy's explicit deny that a root exemption overrode. */
export interface ExemptionRecord {
  /** The rule that applied (the AccessCheck's `rootExemptFromResourceDeny`). */
  readonly rule: string;
  /** The decision the policies alone gave. */
  readonly overridden: Decision;
}

/** One authorization, as the audit trail keeps it. */
export interface DecisionRecord {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  /** Present when the decision is the outcome of a root exemption, not of the policies alone. */
  readonly exemption?: ExemptionRecord;
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
    const record = this.judge(principal, check, requestContext, explain);
    log?.push(record);
    return record.decision;
  }

  /** Decides and throws AccessDeniedError unless allowed. */
  authorize(principal: AuthPrincipal, check: AccessCheck, requestContext: Readonly<Record<string, ContextValue>>, log?: DecisionRecord[]): Decision {
    const record = this.judge(principal, check, requestContext, false);
    if (record.decision.decision === 'Allow') {
      log?.push(record);
      return record.decision;
    }
    // Denials are rare: decide again with a full trace, so `gantry explain` can show it.
    throw new AccessDeniedError(this.decide(principal, check, requestContext, log, true));
  }

  private judge(principal: AuthPrincipal, check: AccessCheck, requestContext: Readonly<Record<string, ContextValue>>, explain: boolean): DecisionRecord {
    const resourceAccount = check.resourceAccount ?? accountOfArn(check.resource) ?? principal.account ?? undefined;
    const evaluateWith = (resourcePolicy: Policy | null): Decision => evaluate(
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
        resourcePolicy,
        permissionBoundary: principal.boundary,
        sessionPolicy: principal.sessionPolicies,
        scps: principal.account ? this.guardrails.scpsFor(principal.account) : null,
        rcps: resourceAccount ? this.guardrails.rcpsFor(resourceAccount) : null,
      },
      { explain },
    );
    const decision = evaluateWith(check.resourcePolicy ?? null);
    // An explicit deny decided by the resource policy means no more senior policy denied; the
    // exempt root is then decided as if the resource policy were absent, so SCPs still bind it.
    const rule = check.rootExemptFromResourceDeny;
    if (rule !== undefined && decision.decision === 'ExplicitDeny' && decision.decidedBy === 'resource' && isRootOf(principal, resourceAccount)) {
      return { action: check.action, resource: check.resource, decision: evaluateWith(null), exemption: { rule, overridden: decision } };
    }
    return { action: check.action, resource: check.resource, decision };
  }
}

function isRootOf(principal: AuthPrincipal, account: string | undefined): boolean {
  return account !== undefined && principal.account === account && /^arn:[^:]+:iam::\d{12}:root$/.test(principal.arn);
}

function accountOfArn(resource: string): string | null {
  const match = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(resource);
  return match ? (match[1] as string) : null;
}

/** No organization: no SCPs, no RCPs. */
export const noGuardrails: GuardrailSource = { scpsFor: () => null, rcpsFor: () => null };
