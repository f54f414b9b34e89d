// The audit record as one JSON line, written by hand: every request makes one, so this runs as
// often as anything in the server. Statement references are shared by the decisions that
// matched them (the IAM engine makes one per policy statement), so their JSON is made once.
// The result parses to the same value JSON.stringify(record) would give (a test compares).

import type { Decision, StatementRef } from '../../iam/index.js';
import type { AuditDecision, AuditRecord } from './audit-record.js';

const refJson = new WeakMap<StatementRef, string>();

function text(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function refText(ref: StatementRef): string {
  let json = refJson.get(ref);
  if (json === undefined) {
    json = JSON.stringify(ref);
    // Frozen references never change, so their JSON cannot go stale.
    if (Object.isFrozen(ref)) refJson.set(ref, json);
  }
  return json;
}

function decisionText(decision: Decision): string {
  // A decision with its full trace (explain, simulation) is rare: the general path does.
  if (decision.trace !== undefined) return JSON.stringify(decision);
  let refs = '';
  for (const ref of decision.matchedStatements) refs += (refs === '' ? '' : ',') + refText(ref);
  return `{"decision":${text(decision.decision)},"decidedBy":${text(decision.decidedBy)},"matchedStatements":[${refs}],` +
    `"missingAllow":${JSON.stringify(decision.missingAllow)},"message":${text(decision.message)}}`;
}

function decisionsText(decisions: readonly AuditDecision[]): string {
  let out = '';
  for (const d of decisions) {
    out += `${out === '' ? '' : ','}{"action":${text(d.action)},"resource":${text(d.resource)},"decision":${decisionText(d.decision)}}`;
  }
  return `[${out}]`;
}

export function auditJson(r: AuditRecord): string {
  return `{"time":${text(r.time)},"requestId":${text(r.requestId)},"service":${text(r.service)},"operation":${text(r.operation)},` +
    `"account":${text(r.account)},"principal":${text(r.principal)},"accessKeyId":${text(r.accessKeyId)},"sourceIp":${text(r.sourceIp)},` +
    `"userAgent":${text(r.userAgent)},"decisions":${decisionsText(r.decisions)},"status":${JSON.stringify(r.status)},` +
    `"errorCode":${text(r.errorCode)},"errorMessage":${text(r.errorMessage)},"latencyMs":${JSON.stringify(r.latencyMs)}` +
    `${r.seq === undefined ? '' : `,"seq":${JSON.stringify(r.seq)}`}}`;
}
