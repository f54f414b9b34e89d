// Member accounts: creating one (synchronously: SUCCEEDED at once, with the account's own
// root user and credentials), describing, listing and moving them.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html

import { isoNow, mutate, type OrganizationContext } from './organization-context.js';
import {
  accountNotFound, createAccountStatusNotFound, destinationParentNotFound, duplicateAccount, invalidInput, sourceParentNotFound,
} from './organization-errors.js';
import { ACCOUNT_ID, newAccountId, newCreateAccountRequestId } from './organization-ids.js';
import type { CreateAccountStatusRecord, MemberAccountRecord } from './organization-records.js';
import { containerExists, joinOrganization, requireOrganization } from './organization-tree.js';

export interface NewAccountRequest {
  readonly name: string;
  readonly email: string;
  /** Gantry's choice of id (an extension); a random unused 12-digit id otherwise. */
  readonly accountId?: string;
}

export function getMember(ctx: OrganizationContext, accountId: string): MemberAccountRecord {
  requireOrganization(ctx);
  const member = ctx.store.getMember(accountId);
  if (!member) throw accountNotFound();
  return member;
}

export function listMembers(ctx: OrganizationContext, parentId?: string): MemberAccountRecord[] {
  requireOrganization(ctx);
  return ctx.store.listMembers(parentId);
}

function pickAccountId(ctx: OrganizationContext, wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (!ACCOUNT_ID.test(wanted)) throw invalidInput('INVALID_PATTERN', `The account id ${wanted} is not 12 digits.`);
    if (ctx.accounts.exists(wanted)) throw invalidInput('INVALID_INPUT', `An account with id ${wanted} already exists.`);
    return wanted;
  }
  for (;;) {
    const id = newAccountId(ctx.ids);
    if (!ctx.accounts.exists(id)) return id;
  }
}

/** Creates the account, its root user and credentials, under the root; returns the request's status. */
export function createMemberAccount(ctx: OrganizationContext, request: NewAccountRequest): CreateAccountStatusRecord {
  return mutate(ctx, () => {
    requireOrganization(ctx);
    const requested = isoNow(ctx);
    const accountId = pickAccountId(ctx, request.accountId);
    ctx.accounts.provision(accountId);
    joinOrganization(ctx, accountId);
    const member = getMember(ctx, accountId);
    member.name = request.name;
    member.email = request.email;
    ctx.store.putMember(member);
    const status: CreateAccountStatusRecord = {
      id: newCreateAccountRequestId(ctx.ids),
      accountName: request.name,
      state: 'SUCCEEDED',
      requested,
      completed: isoNow(ctx),
      accountId,
      failureReason: null,
    };
    ctx.store.putCreateAccountStatus(status);
    return status;
  });
}

export function getCreateAccountStatus(ctx: OrganizationContext, id: string): CreateAccountStatusRecord {
  requireOrganization(ctx);
  const status = ctx.store.getCreateAccountStatus(id);
  if (!status) throw createAccountStatusNotFound();
  return status;
}

export function moveAccount(ctx: OrganizationContext, accountId: string, sourceParentId: string, destinationParentId: string): void {
  mutate(ctx, () => {
    const org = requireOrganization(ctx);
    const member = getMember(ctx, accountId);
    if (!containerExists(ctx, org, sourceParentId)) throw sourceParentNotFound();
    if (!containerExists(ctx, org, destinationParentId)) throw destinationParentNotFound();
    if (member.parentId !== sourceParentId) throw accountNotFound();
    if (sourceParentId === destinationParentId) throw duplicateAccount();
    member.parentId = destinationParentId;
    ctx.store.putMember(member);
  });
}
