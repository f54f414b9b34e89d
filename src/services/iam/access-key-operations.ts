// IAM operations on access keys; a caller without UserName acts on its own keys (the root
// user's when the caller is root).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html

import * as keys from '../../engines/identity/access-keys.js';
import type { IdentityContext } from '../../engines/identity/identity-context.js';
import { rootArn, userArn } from '../../engines/identity/identity-arns.js';
import type { CredentialRecord } from '../../engines/identity/records.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { optStr, str } from './iam-input.js';

function target(id: IdentityContext, input: Input, ctx: RequestContext): { userName: string | null; arn: string } {
  const named = optStr(input, 'UserName');
  const account = ctx.caller.account;
  if (named !== undefined) {
    return { userName: named, arn: id.store.getEntity('user', account, named)?.arn ?? userArn(account, '/', named) };
  }
  if (ctx.caller.user) return { userName: ctx.caller.user.name, arn: ctx.caller.user.arn };
  return { userName: null, arn: rootArn(account) };
}

function keyShape(record: CredentialRecord) {
  return {
    UserName: record.owner.type === 'user' ? record.owner.userName : undefined,
    AccessKeyId: record.accessKeyId,
    Status: record.status,
    CreateDate: new Date(record.created),
  };
}

export function accessKeyOperations(id: IdentityContext): Record<string, OperationHandler> {
  return {
    CreateAccessKey: (input, ctx) => {
      const { userName, arn } = target(id, input, ctx);
      ctx.authorize({ action: 'iam:CreateAccessKey', resource: arn });
      const created = keys.createAccessKey(id, ctx.caller.account, userName);
      return { AccessKey: { ...keyShape(created.record), SecretAccessKey: created.secretAccessKey } };
    },
    ListAccessKeys: (input, ctx) => {
      const { userName, arn } = target(id, input, ctx);
      ctx.authorize({ action: 'iam:ListAccessKeys', resource: arn });
      return { AccessKeyMetadata: keys.listAccessKeys(id, ctx.caller.account, userName).map(keyShape), IsTruncated: false };
    },
    UpdateAccessKey: (input, ctx) => {
      const { userName, arn } = target(id, input, ctx);
      ctx.authorize({ action: 'iam:UpdateAccessKey', resource: arn });
      keys.updateAccessKey(id, ctx.caller.account, userName, str(input, 'AccessKeyId'), str(input, 'Status') as 'Active' | 'Inactive');
      return {};
    },
    DeleteAccessKey: (input, ctx) => {
      const { userName, arn } = target(id, input, ctx);
      ctx.authorize({ action: 'iam:DeleteAccessKey', resource: arn });
      keys.deleteAccessKey(id, ctx.caller.account, userName, str(input, 'AccessKeyId'));
      return {};
    },
  };
}
