// One request as the audit trail keeps it: who, what, every authorization decision, the outcome.

import type { Decision } from '../../iam/index.js';

export interface AuditDecision {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
}

export interface AuditRecord {
  readonly time: string;
  readonly requestId: string;
  readonly service: string;
  readonly operation: string | null;
  readonly account: string | null;
  readonly principal: string | null;
  readonly accessKeyId: string | null;
  readonly sourceIp: string;
  readonly userAgent: string | null;
  readonly decisions: readonly AuditDecision[];
  readonly status: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly latencyMs: number;
  /** Position in the trail, set when read back from the store. */
  readonly seq?: number;
}
