// Authorization of IAM calls on one user, group or role: the entity's ARN (with its path,
// when it exists) and its tags as aws:ResourceTag / iam:ResourceTag keys.

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { groupArn, roleArn, userArn } from '../../engines/identity/identity-arns.js';
import type { Tag } from '../../engines/identity/records.js';
import type { ContextValue } from '../../iam/index.js';
import type { RequestContext } from '../service-types.js';

export type EntityKind = 'user' | 'group' | 'role';

const ARN = { user: userArn, group: groupArn, role: roleArn };

export function requestTagContext(tags: Tag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
  return context;
}

export function resourceTagContext(tags: Tag[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}

/** Authorizes `action` on the named entity of the caller's account. */
export function checkEntity(
  id: IdentityContext,
  ctx: RequestContext,
  kind: EntityKind,
  action: string,
  name: string,
  context?: Record<string, ContextValue>,
): void {
  const account = ctx.caller.account;
  const entity = id.store.getEntity(kind, account, name);
  const tags = entity && 'tags' in entity ? entity.tags : [];
  ctx.authorize({
    action,
    resource: entity?.arn ?? ARN[kind](account, '/', name),
    context: { ...resourceTagContext(tags), ...context },
  });
}
