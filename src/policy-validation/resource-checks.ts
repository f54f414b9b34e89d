// Checks of Resource / NotResource ARNs: the arn:partition:service:region:account:resource
// shape, and the region, account and resource part the service's resource types allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
import type { ActionResolution } from './action-checks.js';
import { redundantEntries } from './action-checks.js';
import type { CheckContext, StatementView } from './context.js';
import type { LocatedString } from './json-document.js';
import type { CatalogResourceType } from './types.js';
import { hasWildcard } from './wildcard.js';

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

export function checkResources(s: StatementView, actions: ActionResolution, ctx: CheckContext): void {
  for (const res of s.resources) checkResource(res, s, actions, ctx);
  const redundant = redundantEntries(s.resources, false);
  if (s.resourceKey === 'Resource' && redundant.length > 0) {
    ctx.reporter.report('REDUNDANT_RESOURCE', { count: redundant.length }, redundant);
  }
}

function checkResource(res: LocatedString, s: StatementView, actions: ActionResolution, ctx: CheckContext): void {
  const r = ctx.reporter;
  const value = res.value;
  if (value === '*') return;
  const hasVariable = value.includes('${');
  if (hasVariable && ctx.version !== '2012-10-17') r.report('VARIABLE_UNSUPPORTED_IN_VERSION', {}, [res]);
  if (!value.startsWith('arn:')) {
    if (!value.startsWith('${')) r.report('INVALID_ARN_PREFIX', {}, [res]);
    return;
  }
  const fields = value.split(':');
  if (fields.length < 6) {
    r.report('MISSING_ARN_FIELD', {}, [res]);
    return;
  }
  const [, partition = '', service = '', region = '', account = ''] = fields;
  const resourcePart = fields.slice(5).join(':');
  const loose = (f: string): boolean => hasWildcard(f) || f.includes('${');
  if (!loose(partition) && !PARTITIONS.includes(partition)) {
    r.report('INVALID_PARTITION', { service, partition, partitions: PARTITIONS.join(', ') }, [res]);
    return;
  }
  if (/[A-Z]/.test(service)) {
    r.report('INVALID_ARN_SERVICE_CASE', { service }, [res]);
    return;
  }
  if (account !== '' && !loose(account) && account !== 'aws' && !/^\d{12}$/.test(account)) {
    r.report('INVALID_ARN_ACCOUNT', { account }, [res]);
    return;
  }
  if (loose(service)) return;
  const formats = candidateFormats(service, s, actions, ctx);
  if (formats.length === 0) return;
  const arnFields = formats.map((f) => f.arnFormat.split(':'));
  if (region === '' && arnFields.every((f) => (f[3] ?? '') !== '')) {
    r.report('MISSING_ARN_REGION', { service }, [res]);
  } else if (region !== '' && !loose(region) && arnFields.every((f) => (f[3] ?? '') === '')) {
    r.report('ARN_REGION_NOT_ALLOWED', { service }, [res]);
  }
  if (account !== '' && !loose(account) && arnFields.every((f) => (f[4] ?? '') === '')) {
    r.report('ARN_ACCOUNT_NOT_ALLOWED', { service }, [res]);
  }
  if (!hasVariable && !arnFields.some((f) => resourcePartFits(resourcePart, f.slice(5).join(':')))) {
    r.report('INVALID_ARN_RESOURCE', {}, [res]);
  }
}

/** Resource types, among the statement's services and the ARN's own, whose ARNs name `service`. */
function candidateFormats(
  arnService: string,
  s: StatementView,
  actions: ActionResolution,
  ctx: CheckContext,
): CatalogResourceType[] {
  const services = new Set<string>([arnService, ...actions.resolved.map((a) => a.service)]);
  const out: CatalogResourceType[] = [];
  for (const svc of services) {
    for (const t of ctx.catalog.resourceTypes(svc) ?? []) {
      if ((t.arnFormat.split(':')[2] ?? '') === arnService) out.push(t);
    }
  }
  return out;
}

/**
 * Could the policy's resource part (with its wildcards) name something of this template
 * (`role/${RoleNameWithPath}`)? Only the literal prefixes are compared when either side is open.
 */
function resourcePartFits(part: string, template: string): boolean {
  const literal = (s: string, stops: RegExp): string => {
    const m = stops.exec(s);
    return (m === null ? s : s.slice(0, m.index)).toLowerCase();
  };
  const p = literal(part, /[*?]/);
  const t = literal(template, /\$\{/);
  if (!(p.startsWith(t) || t.startsWith(p))) return false;
  if (hasWildcard(part) || t.length === 0) return true;
  const body = template
    .split(/\$\{[^}]*\}/)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${body}$`, 'is').test(part);
}
