// Tag, Untag and ListTags for users and roles (TagUser, UntagRole, ListRoleTags, ...).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html

import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { mergeTags, removeTags } from '../../engines/identity/entity-tags.js';
import { noSuchEntity } from '../../engines/identity/identity-errors.js';
import type { Tag } from '../../engines/identity/records.js';
import type { OperationHandler } from '../service-types.js';
import { checkEntity, requestTagContext } from './entity-checks.js';
import { str, strList, tagList } from './iam-input.js';

export function taggingOperations(id: IdentityContext, kind: 'user' | 'role'): Record<string, OperationHandler> {
  const title = kind === 'user' ? 'User' : 'Role';
  const nameKey = `${title}Name`;
  const update = (account: string, name: string, change: (tags: Tag[]) => Tag[]) =>
    id.store.transaction(() => {
      const entity = id.store.getEntity(kind, account, name);
      if (!entity) throw noSuchEntity(kind, name);
      entity.tags = change(entity.tags);
      id.store.putEntity(kind, entity as never);
    });
  return {
    [`Tag${title}`]: (input, ctx) => {
      const name = str(input, nameKey);
      const tags = tagList(input);
      checkEntity(id, ctx, kind, `iam:Tag${title}`, name, requestTagContext(tags));
      update(ctx.caller.account, name, (existing) => mergeTags(existing, tags));
      return {};
    },
    [`Untag${title}`]: (input, ctx) => {
      const name = str(input, nameKey);
      const keys = strList(input, 'TagKeys');
      checkEntity(id, ctx, kind, `iam:Untag${title}`, name, { 'aws:TagKeys': keys });
      update(ctx.caller.account, name, (existing) => removeTags(existing, keys));
      return {};
    },
    [`List${title}Tags`]: (input, ctx) => {
      const name = str(input, nameKey);
      checkEntity(id, ctx, kind, `iam:List${title}Tags`, name);
      const entity = id.store.getEntity(kind, ctx.caller.account, name);
      if (!entity) throw noSuchEntity(kind, name);
      return { Tags: entity.tags, IsTruncated: false };
    },
  };
}
