// The audit trail: one record per request (who, what, every authorization decision with
// its reasons, the outcome, the latency). Records are buffered and written in batches so
// that auditing never costs a disk sync per request; retention is bounded.

import type { Decision } from '../../iam/index.js';

export interface AuditDecision {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  /** When a service rule exempted the resource account's root from the resource policy's deny: the rule and the deny it overrode. */
  readonly exemption?: { readonly rule: string; readonly overridden: Decision };
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

export interface AuditFilter {
  readonly account?: string;
  readonly principal?: string;
  readonly accessKeyId?: string;
  readonly requestId?: string;
  /** Only records older than this position (for paging). */
  readonly before?: number;
  readonly service?: string;
  readonly operation?: string;
  readonly denied?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
}

/** A record as the trail keeps it: serialized when recorded, so a buffered record is one string, not a tree of objects. */
export interface AuditEntry {
  readonly requestId: string;
  readonly time: string;
  /** JSON.stringify of the AuditRecord. */
  readonly json: string;
}

/** Port: where audit records live. */
export interface AuditStore {
  append(entries: readonly AuditEntry[]): void;
  get(requestId: string): AuditRecord | null;
  /** Newest first. */
  query(filter: AuditFilter): AuditRecord[];
  /** Keeps only the newest `keep` records; returns how many were removed. */
  prune(keep: number): number;
}

export interface AuditOptions {
  readonly retention: number;
  readonly flushEveryMs: number;
  readonly batchSize: number;
}

export class AuditLog {
  private buffer: AuditEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private written = 0;

  constructor(
    private readonly store: AuditStore,
    private readonly options: AuditOptions = { retention: 100_000, flushEveryMs: 200, batchSize: 500 },
  ) {}

  record(record: AuditRecord): void {
    this.buffer.push({ requestId: record.requestId, time: record.time, json: JSON.stringify(record) });
    if (this.buffer.length >= this.options.batchSize) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushEveryMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.store.append(batch);
    this.written += batch.length;
    if (this.written >= Math.max(1000, this.options.retention / 10)) {
      this.written = 0;
      this.store.prune(this.options.retention);
    }
  }

  get(requestId: string): AuditRecord | null {
    const buffered = this.buffer.find((r) => r.requestId === requestId);
    return buffered ? (JSON.parse(buffered.json) as AuditRecord) : this.store.get(requestId);
  }

  query(filter: AuditFilter): AuditRecord[] {
    this.flush();
    return this.store.query(filter);
  }
}
