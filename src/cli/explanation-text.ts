// Renders an audit record as text a person can read: the call, each authorization with
// its decision and AWS's message, and for denials why each statement did not apply.

import type { AuditRecord } from '../engines/audit/audit-log.js';
import type { StatementTrace } from '../iam/index.js';

const TYPE_NAMES: Record<string, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  'role-trust': 'role trust policy',
};

function traceLine(t: StatementTrace): string {
  const where = `${TYPE_NAMES[t.policyType] ?? t.policyType} ${t.policyId}, statement ${t.index}${t.sid ? ` (${t.sid})` : ''}, ${t.effect}`;
  switch (t.outcome) {
    case 'applied':
      return `${where}: applies`;
    case 'action-mismatch':
      return `${where}: its Action does not cover this action`;
    case 'resource-mismatch':
      return `${where}: its Resource does not cover this resource`;
    case 'principal-mismatch':
      return `${where}: its Principal does not name this caller`;
    case 'condition-failed': {
      const c = t.condition;
      const had = c?.requestValues ? JSON.stringify(c.requestValues) : 'no value (key absent)';
      return `${where}: condition ${c?.operator} ${c?.key} ${JSON.stringify(c?.values)} does not hold; the request had ${had}`;
    }
  }
}

export function explainRecord(record: AuditRecord): string {
  const lines = [
    `request ${record.requestId} at ${record.time}`,
    `  ${record.service}:${record.operation ?? '?'} by ${record.principal ?? '(unauthenticated)'} from ${record.sourceIp}`,
    `  answered ${record.status}${record.errorCode ? ` ${record.errorCode}: ${record.errorMessage ?? ''}` : ''} in ${record.latencyMs} ms`,
  ];
  if (record.decisions.length === 0) lines.push('  no authorization decision was made (the request stopped before authorization)');
  for (const { action, resource, decision, exemption } of record.decisions) {
    const by = decision.decidedBy ? ` by the ${TYPE_NAMES[decision.decidedBy] ?? decision.decidedBy}` : '';
    lines.push('', `  ${action} on ${resource}: ${decision.decision}${by}`);
    if (exemption) {
      lines.push(`    exemption: ${exemption.rule}`);
      lines.push(`    overridden: ${exemption.overridden.decision} by the ${TYPE_NAMES[exemption.overridden.decidedBy ?? ''] ?? exemption.overridden.decidedBy}`);
      for (const m of exemption.overridden.matchedStatements) {
        lines.push(`    overridden statement: ${TYPE_NAMES[m.policyType] ?? m.policyType} ${m.policyId}, statement ${m.index}${m.sid ? ` (${m.sid})` : ''}, ${m.effect}`);
      }
    }
    if (decision.message) lines.push(`    message: ${decision.message}`);
    if (decision.missingAllow.length > 0) {
      lines.push(`    no Allow in: ${decision.missingAllow.map((m) => TYPE_NAMES[m] ?? m).join(', ')}`);
    }
    for (const m of decision.matchedStatements) {
      lines.push(`    matched: ${TYPE_NAMES[m.policyType] ?? m.policyType} ${m.policyId}, statement ${m.index}${m.sid ? ` (${m.sid})` : ''}, ${m.effect}`);
    }
    if (decision.trace) {
      lines.push('    statements considered:');
      if (decision.trace.length === 0) lines.push('      none: no policy of any kind applies to this caller');
      for (const t of decision.trace) lines.push(`      ${traceLine(t)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
