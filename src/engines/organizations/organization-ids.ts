// Identifiers shaped like AWS Organizations' (o-, r-, ou-, p-, car- and account ids), drawn
// from the injected IdGenerator so tests can make them predictable, and their patterns.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html

import type { IdGenerator } from '../../core/ids.js';

const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';

function chars(ids: IdGenerator, alphabet: string, length: number): string {
  const bytes = Buffer.from(ids.token(length * 2), 'base64');
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i % bytes.length] ?? i) % alphabet.length];
  return out;
}

export const newOrganizationId = (ids: IdGenerator) => `o-${chars(ids, LOWER_ALNUM, 10)}`;
export const newRootId = (ids: IdGenerator) => `r-${chars(ids, LOWER_ALNUM, 4)}`;
export const newUnitId = (ids: IdGenerator, rootId: string) => `ou-${rootId.slice(2)}-${chars(ids, LOWER_ALNUM, 8)}`;
export const newPolicyId = (ids: IdGenerator) => `p-${chars(ids, LOWER_ALNUM, 8)}`;
export const newCreateAccountRequestId = (ids: IdGenerator) => `car-${chars(ids, LOWER_ALNUM, 32)}`;

export function newAccountId(ids: IdGenerator): string {
  return chars(ids, '123456789', 1) + chars(ids, '0123456789', 11);
}

export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ACCOUNT_ID = /^\d{12}$/;

export type IdKind = 'root' | 'ou' | 'account' | null;

export function kindOfId(id: string): IdKind {
  if (ROOT_ID.test(id)) return 'root';
  if (UNIT_ID.test(id)) return 'ou';
  if (ACCOUNT_ID.test(id)) return 'account';
  return null;
}
