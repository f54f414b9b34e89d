// `gantry explain <request-id>` and `gantry audit [filters]`: read the audit trail of a data
// directory and show what was decided and why.

import type { AuditFilter } from '../engines/audit/audit-log.js';
import { openAuditTrail } from './audit-reader.js';
import { explainRecord } from './explanation-text.js';
import { parseFlags } from './flags.js';

export async function runExplain(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['data-dir'], ['json']);
  const requestId = flags.ok ? flags.positional[0] : undefined;
  if (!flags.ok || requestId === undefined || flags.positional.length > 1) {
    process.stderr.write(`gantry explain: ${flags.ok ? 'one request id is needed' : flags.error}\nusage: gantry explain REQUEST-ID [--data-dir DIR] [--json]\n`);
    return 2;
  }
  const trail = openAuditTrail(flags.values['data-dir']);
  if (typeof trail === 'string') {
    process.stderr.write(`gantry explain: ${trail}\n`);
    return 1;
  }
  try {
    const record = trail.audit.get(requestId);
    if (!record) {
      process.stderr.write(`gantry explain: no request ${requestId} in the audit trail (it keeps the newest records only)\n`);
      return 1;
    }
    process.stdout.write(flags.switches.has('json') ? `${JSON.stringify(record, null, 2)}\n` : explainRecord(record));
    return 0;
  } finally {
    trail.close();
  }
}

export async function runAudit(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['data-dir', 'principal', 'service', 'operation', 'since', 'until', 'limit', 'account'], ['denied', 'json']);
  if (!flags.ok || flags.positional.length > 0) {
    process.stderr.write(
      `gantry audit: ${flags.ok ? 'unexpected argument' : flags.error}\nusage: gantry audit [--principal ARN] [--account ID] [--service S] [--operation OP] [--denied] [--since ISO] [--until ISO] [--limit N] [--json] [--data-dir DIR]\n`,
    );
    return 2;
  }
  const v = flags.values;
  const limit = v['limit'] === undefined ? 50 : Number(v['limit']);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('gantry audit: --limit must be a positive integer\n');
    return 2;
  }
  const filter: AuditFilter = {
    ...(v['principal'] ? { principal: v['principal'] } : {}),
    ...(v['account'] ? { account: v['account'] } : {}),
    ...(v['service'] ? { service: v['service'] } : {}),
    ...(v['operation'] ? { operation: v['operation'] } : {}),
    ...(v['since'] ? { since: v['since'] } : {}),
    ...(v['until'] ? { until: v['until'] } : {}),
    ...(flags.switches.has('denied') ? { denied: true } : {}),
    limit,
  };
  const trail = openAuditTrail(v['data-dir']);
  if (typeof trail === 'string') {
    process.stderr.write(`gantry audit: ${trail}\n`);
    return 1;
  }
  try {
    for (const r of trail.audit.query(filter)) {
      if (flags.switches.has('json')) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        continue;
      }
      const verdicts = r.decisions.map((d) => `${d.action}=${d.decision.decision}`).join(',') || '-';
      process.stdout.write(`${r.time} ${r.requestId} ${r.status} ${r.service}:${r.operation ?? '?'} ${r.principal ?? '-'} ${verdicts}${r.errorCode ? ` ${r.errorCode}` : ''} ${r.latencyMs}ms\n`);
    }
    return 0;
  } finally {
    trail.close();
  }
}
