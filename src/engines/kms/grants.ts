// Grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant, and grant tokens. A grant lets
// its grantee call its operations on one key, within its constraints, even when the key
// policy does not (evaluated as key-policy statements, see grant-statements.ts). Retiring a
// grant is the grant's own to allow, not the key policy's (retirePolicy).
// https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
// https://docs.aws.amazon.com/kms/latest/developerguide/grant-manage.html#grant-retire

import { randomBytes } from 'node:crypto';
import { parsePolicy, type Policy } from '../../iam/index.js';
import { authorizeAccount, authorizeKey, encryptionContextKeys, keyContext, stopIfDryRun, type KmsCall } from './access.js';
import { resolveKeyByIdOrArn, type ResolvedKey } from './key-refs.js';
import { requireEnabled } from './key-state.js';
import { isoNow, type KmsContext } from './kms-context.js';
import { grantPrincipal, grantStatements, isUsableGrant } from './grant-statements.js';
import { invalidGrantId, invalidGrantToken, invalidPrincipalArn, validation } from './kms-errors.js';
import type { GrantConstraints, GrantRecord, KeyRecord } from './kms-records.js';

/**
 * Grant operations a symmetric encryption key supports (grant-concepts.html, "Grant operations").
 * GenerateDataKeyPair(WithoutPlaintext) are among them: the pair's private key is encrypted under
 * a symmetric key (data-key-pairs.ts).
 */
const SYMMETRIC_OPERATIONS = new Set([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'RetireGrant', 'DescribeKey',
]);
const TOKEN_PREFIX = 'gantry-grant-v1.';

/**
 * Who a grant may name: an AWS account (its root), an IAM user or role, a federated user or an
 * assumed-role session, by ARN (CreateGrant's GranteePrincipal), or an AWS service principal.
 */
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;
const IAM_IDENTITY_ARN = /^arn:[a-z-]+:iam::\d{12}:(user|role)\//;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** An IAM user or role must exist, as in a key policy (AWS: InvalidArnException, also just after a role is made). */
function checkPrincipal(kms: KmsContext, principal: string): void {
  const valid = PRINCIPAL_ARN.test(principal)
    ? !IAM_IDENTITY_ARN.test(principal) || kms.principals.exists(principal)
    : SERVICE_PRINCIPAL.test(principal);
  if (!valid) throw invalidPrincipalArn(principal);
}

/**
 * What a new grant must be before it is stored: its grant becomes a statement of the key's
 * effective policy (grant-statements.ts), so a grant that is not a valid statement would
 * break every decision on the key.
 */
function checkGrant(kms: KmsContext, key: KeyRecord, input: CreateGrantInput): void {
  checkPrincipal(kms, input.granteePrincipal);
  if (input.retiringPrincipal !== undefined) checkPrincipal(kms, input.retiringPrincipal);
  if (input.operations.length === 0) {
    // [INFER] the model text of a list below its minimum length; the botocore model states no minimum.
    throw validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  for (const op of input.operations) {
    if (!SYMMETRIC_OPERATIONS.has(op)) throw validation(`Grant operation ${op} is not valid for a key with KeyUsage ${key.keyUsage}.`);
  }
  // [OBS] botocore ValidationException quoted in ansible/ansible#31960.
  if (input.operations.every((op) => op === 'CreateGrant')) throw validation('Grants must not contain only the CreateGrant operation.');
  if (input.constraints?.EncryptionContextEquals && input.constraints.EncryptionContextSubset) {
    throw validation('A grant can have only one of EncryptionContextEquals and EncryptionContextSubset.');
  }
}

export interface CreateGrantInput {
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  readonly operations: readonly string[];
  readonly constraints?: GrantConstraints;
  readonly name?: string;
}

/** A grant token: names the grant (AWS's tokens are opaque; this one is too, to callers). */
export function grantToken(grantId: string): string {
  return TOKEN_PREFIX + Buffer.from(`${grantId}.${randomBytes(16).toString('hex')}`).toString('base64url');
}

function grantIdOfToken(token: string): string | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [grantId] = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8').split('.');
  return grantId && /^[0-9a-f]{64}$/.test(grantId) ? grantId : null;
}

/**
 * Grant tokens make a new grant usable before it is consistent everywhere. Gantry's grants
 * take effect at once, so a token only has to be well formed.
 */
export function checkGrantTokens(tokens: readonly string[]): void {
  for (const token of tokens) if (grantIdOfToken(token) === null) throw invalidGrantToken();
}

function grantContext(call: KmsCall): Record<string, string> {
  return { 'kms:GrantIsForAWSResource': String(call.via !== undefined) };
}

function touch(kms: KmsContext, key: KeyRecord): void {
  kms.store.putKey({ ...key, revision: key.revision + 1 });
}

function sameGrant(a: GrantRecord, b: CreateGrantInput): boolean {
  return a.granteePrincipal === b.granteePrincipal && (a.retiringPrincipal ?? undefined) === b.retiringPrincipal
    && JSON.stringify([...a.operations].sort()) === JSON.stringify([...b.operations].sort())
    && JSON.stringify(a.constraints ?? null) === JSON.stringify(b.constraints ?? null);
}

export function createGrant(kms: KmsContext, call: KmsCall, ref: string, input: CreateGrantInput): { grantId: string; grantToken: string } {
  const resolved = resolveKeyByIdOrArn(kms, call.callerAccount, call.region, ref);
  const context: Record<string, string | string[]> = {
    ...grantContext(call),
    'kms:GranteePrincipal': input.granteePrincipal,
    'kms:GrantOperations': [...input.operations],
  };
  if (input.retiringPrincipal !== undefined) context['kms:RetiringPrincipal'] = input.retiringPrincipal;
  if (input.constraints?.EncryptionContextEquals) context['kms:GrantConstraintType'] = 'EncryptionContextEquals';
  else if (input.constraints?.EncryptionContextSubset) context['kms:GrantConstraintType'] = 'EncryptionContextSubset';
  // On CreateGrant, kms:EncryptionContext:<k> and kms:EncryptionContextKeys describe the new
  // grant's constraint (conditions-kms.html lists CreateGrant for both keys): a key policy can
  // require that grants be constrained, and a constrained grant that includes CreateGrant lets
  // its grantee create only grants at least as constrained.
  const constrained = input.constraints?.EncryptionContextEquals ?? input.constraints?.EncryptionContextSubset;
  if (constrained) Object.assign(context, encryptionContextKeys(constrained));
  authorizeKey(kms, call, 'CreateGrant', resolved, context);
  const { key } = resolved;
  requireEnabled(key);
  checkGrant(kms, key, input);
  stopIfDryRun(call);
  return kms.store.transaction(() => {
    const existing = input.name === undefined ? undefined : kms.store.listGrants(key.keyId).find((g) => g.name === input.name && sameGrant(g, input));
    if (existing) return { grantId: existing.grantId, grantToken: grantToken(existing.grantId) };
    const record: GrantRecord = {
      grantId: randomBytes(32).toString('hex'),
      keyId: key.keyId,
      keyArn: key.arn,
      name: input.name ?? null,
      creationDate: isoNow(kms),
      granteePrincipal: input.granteePrincipal,
      retiringPrincipal: input.retiringPrincipal ?? null,
      issuingAccount: `arn:aws:iam::${call.callerAccount}:root`,
      operations: [...input.operations],
      constraints: input.constraints ?? null,
    };
    kms.store.putGrant(record);
    touch(kms, key);
    return { grantId: record.grantId, grantToken: grantToken(record.grantId) };
  });
}

export function listGrants(kms: KmsContext, call: KmsCall, ref: string, filter: { grantId?: string; granteePrincipal?: string } = {}): GrantRecord[] {
  const resolved = resolveKeyByIdOrArn(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, 'ListGrants', resolved, grantContext(call));
  if (filter.grantId !== undefined && !kms.store.getGrant(filter.grantId)) throw invalidGrantId();
  return kms.store.listGrants(resolved.key.keyId).filter(
    (g) => (filter.grantId === undefined || g.grantId === filter.grantId) && (filter.granteePrincipal === undefined || g.granteePrincipal === filter.granteePrincipal),
  );
}

/**
 * ListRetirableGrants: the grants of every key of the caller's account and region that name
 * `retiringPrincipal` as their retiring principal. IAM alone decides it (no key to ask).
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html
 */
export function listRetirableGrants(kms: KmsContext, call: KmsCall, retiringPrincipal: string): GrantRecord[] {
  authorizeAccount(call, 'ListRetirableGrants');
  return kms.store.listKeys(call.callerAccount, call.region)
    .flatMap((key) => kms.store.listGrants(key.keyId))
    .filter((grant) => grant.retiringPrincipal === retiringPrincipal);
}

function findGrant(kms: KmsContext, call: KmsCall, target: { grantToken?: string; keyRef?: string; grantId?: string }): { grant: GrantRecord; resolved: ResolvedKey } {
  let grantId = target.grantId;
  if (target.grantToken !== undefined) {
    grantId = grantIdOfToken(target.grantToken) ?? undefined;
    if (grantId === undefined) throw invalidGrantToken();
  } else if (target.keyRef === undefined || grantId === undefined) {
    throw validation('Either GrantToken, or both KeyId and GrantId, must be specified.');
  }
  const grant = grantId !== undefined ? kms.store.getGrant(grantId) : null;
  if (!grant) throw invalidGrantId();
  const resolved = resolveKeyByIdOrArn(kms, call.callerAccount, call.region, target.keyRef ?? grant.keyArn);
  if (resolved.key.keyId !== grant.keyId) throw invalidGrantId();
  return { grant, resolved };
}

/**
 * Who may retire a grant, as a resource policy in the key policy's place: "The grant determines who
 * can retire it": its retiring principal, its grantee when RetireGrant is one of its operations
 * (its grant statement says so), and "the AWS account in which the grant was created", whose IAM
 * policies may delegate kms:RetireGrant. "The kms:RetireGrant permission is not effective in a
 * key policy", so the key policy is not part of it (grant-delete.html).
 */
function retirePolicy(key: KeyRecord, grant: GrantRecord): Policy | null {
  const retire = (sid: string, principal: string) => ({ Sid: sid, Effect: 'Allow', Principal: grantPrincipal(principal), Action: 'kms:RetireGrant', Resource: '*' });
  const statements = [
    retire('issuing-account', grant.issuingAccount),
    ...(grant.retiringPrincipal === null ? [] : [retire('retiring-principal', grant.retiringPrincipal)]),
    ...(isUsableGrant(grant) ? grantStatements([grant]) : []),
  ];
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, 'key', `${key.arn}#retire:${grant.grantId}`);
  return parsed.ok ? parsed.policy : null;
}

/** RetireGrant: allowed by the grant or the issuing account's IAM policies (retirePolicy), never by the key policy. */
export function retireGrant(kms: KmsContext, call: KmsCall, target: { grantToken?: string; keyRef?: string; grantId?: string }): GrantRecord {
  const { grant, resolved } = findGrant(kms, call, target);
  call.authorize({
    action: 'kms:RetireGrant',
    resource: resolved.key.arn,
    resourcePolicy: retirePolicy(resolved.key, grant),
    context: keyContext(kms, call, resolved.key, resolved.alias),
  });
  stopIfDryRun(call);
  remove(kms, resolved.key, grant);
  return grant;
}

export function revokeGrant(kms: KmsContext, call: KmsCall, keyRef: string, grantId: string): GrantRecord {
  const resolved = resolveKeyByIdOrArn(kms, call.callerAccount, call.region, keyRef);
  authorizeKey(kms, call, 'RevokeGrant', resolved, grantContext(call));
  const grant = kms.store.getGrant(grantId);
  if (!grant || grant.keyId !== resolved.key.keyId) throw invalidGrantId();
  stopIfDryRun(call);
  remove(kms, resolved.key, grant);
  return grant;
}

function remove(kms: KmsContext, key: KeyRecord, grant: GrantRecord): void {
  kms.store.transaction(() => {
    kms.store.deleteGrant(grant.grantId);
    const current = kms.store.getKey(key.keyId);
    if (current) touch(kms, current);
  });
}
