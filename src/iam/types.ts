// The vocabulary of the policy engine: policy kinds, requests and decisions.
// Everything here is plain data so that decisions can be printed, stored and compared.

/** The kinds of policy document IAM knows; each has its own grammar rules. */
export type PolicyKind =
  | 'identity'
  | 'resource'
  | 'trust'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'key';

/** The policy types a decision can name (the words AWS uses in access-denied messages). */
export type PolicyType =
  | 'identity'
  | 'resource'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp';

export type Effect = 'Allow' | 'Deny';

export type DecisionEffect = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A context value as given in a request: one string, or a set of strings for multivalued keys. */
export type ContextValue = string | readonly string[];

export interface AuthorizationRequest {
  /** The caller: an IAM user, root, assumed-role or federated-user ARN, a service principal
   *  (`s3.amazonaws.com`), or `*` for an anonymous caller. */
  readonly principal: string;
  /** `service:Action`, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  readonly resource: string;
  /** The account that owns the resource, when the ARN does not say (S3 ARNs do not). */
  readonly resourceAccount?: string;
  /** Condition keys; names are case-insensitive. Keys derivable from the principal are
   *  derived only when absent here. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * More condition keys, in layers: a later layer's key replaces an earlier one's, and
   * `context` replaces them all. A frozen layer is folded once and the fold reused, so a
   * caller deciding many requests can keep per-principal and per-request layers frozen.
   */
  readonly contextLayers?: readonly (Readonly<Record<string, ContextValue>> | undefined)[];
  /** The canonical user id of the caller, for `Principal: {"CanonicalUser": ...}`. */
  readonly canonicalUser?: string;
}

/** Where a matched statement sits, so that a decision can name it. */
export interface StatementRef {
  readonly policyType: PolicyType;
  /** The id given to the policy (a name or ARN), or `<type>#<index>` when none. */
  readonly policyId: string;
  readonly sid: string | null;
  /** Zero-based position of the statement in the policy. */
  readonly index: number;
  readonly effect: Effect;
}

/** Why one statement did or did not apply to a request (only with `explain`). */
export interface StatementTrace extends StatementRef {
  readonly outcome: 'applied' | 'action-mismatch' | 'resource-mismatch' | 'principal-mismatch' | 'condition-failed';
  /** For `condition-failed`: the first condition that did not hold, and what the request had. */
  readonly condition?: {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly string[];
    readonly requestValues: readonly string[] | null;
  };
}

export interface Decision {
  readonly decision: DecisionEffect;
  /** The policy type that decided: for an explicit deny the type holding the Deny; for an
   *  implicit deny the type named in AWS's message; for an allow the type whose Allow
   *  granted access (`identity` or `resource`), or null for the account root user. */
  readonly decidedBy: PolicyType | 'role-trust' | null;
  /** Statements that applied to the request (Allow and Deny), in evaluation order. */
  readonly matchedStatements: readonly StatementRef[];
  /** For an implicit deny, every policy type that lacked an applicable Allow. */
  readonly missingAllow: readonly (PolicyType | 'role-trust')[];
  /** AWS's access-denied message, or null when allowed. */
  readonly message: string | null;
  /** Every statement of every policy considered, with why it did or did not apply. */
  readonly trace?: readonly StatementTrace[];
}
