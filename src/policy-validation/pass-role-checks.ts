// Security warnings for iam:PassRole granted on every role (a wildcard resource, NotResource or
// NotAction), unless iam:PassedToService narrows it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
import type { CheckContext, StatementView } from './context.js';
import { isIdentityLike } from './context.js';
import type { Located } from './json-document.js';
import { conditionKeysOf } from './principal-checks.js';
import { hasWildcard, wildcardMatch } from './wildcard.js';

const PASS_ROLE = 'iam:PassRole';

/** `*`, or an IAM ARN whose resource part is `*` / `role/*`: every role the caller can see. */
function isStarResource(value: string): boolean {
  if (value === '*') return true;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const service = parts[2] ?? '';
  if (!wildcardMatch(service, 'iam')) return false;
  const resource = parts.slice(5).join(':');
  return resource === '*' || resource === 'role/*' || resource === 'role*';
}

export function checkPassRole(s: StatementView, ctx: CheckContext): void {
  if (!isIdentityLike(ctx.type) || s.effect !== 'Allow' || s.actionKey === undefined || s.resourceKey === undefined) {
    return;
  }
  if (conditionKeysOf(s).some((k) => k.toLowerCase() === 'iam:passedtoservice')) return;
  const r = ctx.reporter;
  const notResource = s.props.get('NotResource');
  const notResourceAt: Located | undefined =
    notResource === undefined ? undefined : { node: notResource.value, path: [...s.at.path, { value: 'NotResource' }] };
  const stars = s.resourceKey === 'Resource' ? s.resources.filter((x) => isStarResource(x.value)) : [];

  if (s.actionKey === 'NotAction') {
    if (s.actions.some((a) => wildcardMatch(a.value, PASS_ROLE))) return;
    if (stars.length > 0) r.report('PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', {}, stars);
    if (notResourceAt !== undefined) r.report('PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE', {}, [notResourceAt]);
    return;
  }
  const exact = s.actions.some((a) => a.value.toLowerCase() === PASS_ROLE.toLowerCase());
  const viaWildcard = s.actions.some((a) => hasWildcard(a.value) && wildcardMatch(a.value, PASS_ROLE));
  if (!exact && !viaWildcard) return;
  if (stars.length > 0) {
    r.report(exact ? 'PASS_ROLE_WITH_STAR_IN_RESOURCE' : 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', {}, stars);
  }
  if (notResourceAt !== undefined) {
    r.report(exact ? 'PASS_ROLE_WITH_NOT_RESOURCE' : 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', {}, [notResourceAt]);
  }
}
