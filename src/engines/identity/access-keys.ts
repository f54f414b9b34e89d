// Long-term access keys of IAM users and of the account root user: at most two per user,
// the secret returned once at creation and otherwise kept sealed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html

import { isoNow, type IdentityContext } from './identity-context.js';
import { limitExceeded } from './identity-errors.js';
import type { CredentialRecord } from './records.js';
import { getUser } from './users-groups.js';
import { AwsError } from '../../core/aws-error.js';

const MAX_KEYS = 2;

export interface NewAccessKey {
  readonly record: CredentialRecord;
  readonly secretAccessKey: string;
}

/** Creates a key for a user, or for the root user when `userName` is null. */
export function createAccessKey(ctx: IdentityContext, account: string, userName: string | null): NewAccessKey {
  return ctx.store.transaction(() => {
    const name = userName === null ? '' : getUser(ctx, account, userName).name;
    if (ctx.store.listCredentials(account, name).length >= MAX_KEYS) throw limitExceeded('AccessKeysPerUser', MAX_KEYS);
    const secretAccessKey = ctx.ids.secret();
    const record: CredentialRecord = {
      accessKeyId: ctx.ids.uniqueId('AKIA'),
      account,
      sealedSecret: ctx.sealer.seal(secretAccessKey),
      sessionToken: null,
      expiration: null,
      status: 'Active',
      created: isoNow(ctx),
      owner: name === '' ? { type: 'root' } : { type: 'user', userName: name },
    };
    ctx.store.putCredential(record);
    return { record, secretAccessKey };
  });
}

function ownedKey(ctx: IdentityContext, account: string, userName: string | null, accessKeyId: string): CredentialRecord {
  const record = ctx.store.getCredential(accessKeyId);
  const owner = userName ?? '';
  const ownerName = record?.owner.type === 'user' ? record.owner.userName : record?.owner.type === 'root' ? '' : null;
  if (!record || record.account !== account || record.sessionToken !== null || ownerName?.toLowerCase() !== owner.toLowerCase()) {
    throw new AwsError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`, 404);
  }
  return record;
}

export function updateAccessKey(
  ctx: IdentityContext,
  account: string,
  userName: string | null,
  accessKeyId: string,
  status: 'Active' | 'Inactive',
): void {
  ctx.store.transaction(() => {
    const record = ownedKey(ctx, account, userName, accessKeyId);
    record.status = status;
    ctx.store.putCredential(record);
  });
}

export function deleteAccessKey(ctx: IdentityContext, account: string, userName: string | null, accessKeyId: string): void {
  ctx.store.transaction(() => {
    ownedKey(ctx, account, userName, accessKeyId);
    ctx.store.deleteCredential(accessKeyId);
  });
}

export function listAccessKeys(ctx: IdentityContext, account: string, userName: string | null): CredentialRecord[] {
  if (userName !== null) getUser(ctx, account, userName);
  return ctx.store.listCredentials(account, userName ?? '');
}
