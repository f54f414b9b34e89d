// Every KMS operation Gantry serves asks for exactly the permissions AWS asks for, on the resource
// AWS names, from the policy AWS names, with AWS's cross-account rule. For each row:
// (1) a role with no identity policy, on keys whose key policy is the default one (it delegates
//     to IAM), is refused with AccessDeniedException naming the first action and its resource
//     (key ARN, alias ARN or `*`); with several actions, a role granted all but one is refused
//     naming the one left out;
// (2) a role granted exactly the actions, each on its resource type only, gets past authorization;
// (3) "Cross-account use: Yes": a role of another account allowed by its identity policy is
//     refused while the key policy does not name its account, and let through once it does;
//     "No": refused even with both. Rows whose operation acts on no resource of another account
//     (CreateKey, ListKeys, GenerateRandom...) say why they have no cross-account check.
// Each row cites the operation's API reference ("Required permissions", "Cross-account use"),
// REF below, or the developer guide page that says more. [INFER] marks what the docs leave open,
// where the row keeps Gantry's choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DeriveSharedSecretCommand, DescribeKeyCommand,
  DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateMacCommand, GenerateRandomCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand,
  ListGrantsCommand, ListKeyPoliciesCommand, ListKeyRotationsCommand, ListKeysCommand, ListResourceTagsCommand, ListRetirableGrantsCommand,
  PutKeyPolicyCommand, ReEncryptCommand, RetireGrantCommand, RevokeGrantCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, SignCommand,
  TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand, VerifyCommand, VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { createAccount } from '../src/server/platform.js';
import type { Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { iamClient, kmsClient } from './support/s3-helpers.js';
import { rejects } from './support/aws-error.js';
import { escapeRegex } from './support/escape-regex.js';
import { roleSession, type AccountRoot, type RoleSession } from './support/role-session.js';

const ACCT = '111122223333';
const OTHER = '444455556666';
const REGION = 'us-east-1';

/** The operation's API reference page: its "Cross-account use" and "Required permissions" paragraphs. */
const REF = (operation: string) => `https://docs.aws.amazon.com/kms/latest/APIReference/API_${operation}.html`;
/** The permissions reference table: policy type, resource and cross-account use of every permission. */
const TABLE = 'https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html';
const ALIAS_ACCESS = 'https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html';
const GRANT_DELETE = 'https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html';

/**
 * What an action is asked on: the row's key, its second key (ReEncrypt's destination, UpdateAlias's
 * new key), its alias, the alias CreateAlias makes, `*`, or a key the request creates (granted on
 * every key of the account).
 */
type On = 'key' | 'key2' | 'alias' | 'new alias' | '*' | 'new key';

/** What a row's set-up leaves: two keys (the second without the alias), an alias of the first, a ciphertext under it, a grant on it. */
interface State {
  readonly keyArn: string;
  readonly key2Arn: string;
  readonly aliasName: string;
  readonly aliasArn: string;
  readonly blob: Uint8Array;
  readonly grantId: string;
  /** The principal the grant names as retiring principal. */
  readonly retiring: string;
}

type Cross =
  | { readonly use: 'yes' }
  /** Refused even when the key policy and the identity policy both allow: the error AWS gives. */
  | { readonly use: 'no'; readonly refusal: (s: State) => readonly [string, string] }
  /** No resource of another account to act on. */
  | { readonly use: 'none'; readonly why: string };

interface Row {
  readonly operation: string;
  readonly variant?: string;
  readonly source: string;
  /** The actions AWS asks for, in Gantry's order of asking, each with what it is asked on. */
  readonly actions: ReadonlyArray<readonly [string, On]>;
  readonly cross: Cross;
  /** The answer once allowed: undefined for success, else the error's name. */
  readonly answer?: string;
  readonly call: (kms: KMSClient, s: State) => Promise<unknown>;
}

let other: AccountRoot;
const gantry = useGantry({ accountId: ACCT }, () => {
  const made = createAccount(gantry.platform, OTHER);
  other = { accountId: OTHER, creds: { accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey } };
});

const kms = (creds?: Credentials) => kmsClient(gantry, creds);
const document = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const aliasArnOf = (name: string, account = ACCT) => `arn:aws:kms:${REGION}:${account}:alias/${name.slice('alias/'.length)}`;
const keyNotFound = (arn: string) => ['NotFoundException', `Key '${arn}' does not exist`] as const;
/** [INFER] What AWS answers an operation it does not allow across accounts is on record nowhere; Gantry does not find another account's key. */
const NOT_ACROSS = { use: 'no', refusal: (s: State) => keyNotFound(s.keyArn) } as const;
const YES = { use: 'yes' } as const;

const ROWS: readonly Row[] = [
  // Key management: the key policy, on the key; not across accounts.
  {
    operation: 'CreateKey', source: `${REF('CreateKey')} (IAM policy); ${TABLE} (resource *)`, actions: [['kms:CreateKey', '*']],
    cross: { use: 'none', why: 'a key is created in the caller\'s account' }, call: (c) => c.send(new CreateKeyCommand({})),
  },
  {
    operation: 'CreateKey', variant: 'with Tags', source: `${REF('CreateKey')} ("To use the Tags parameter, kms:TagResource (IAM policy)")`,
    // [INFER] the resource: the new key (tagging-keys.html: the permission "must cover all keys in the account and Region").
    actions: [['kms:CreateKey', '*'], ['kms:TagResource', 'new key']],
    cross: { use: 'none', why: 'a key is created in the caller\'s account' },
    call: (c) => c.send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'ml' }] })),
  },
  {
    operation: 'DescribeKey', source: REF('DescribeKey'), actions: [['kms:DescribeKey', 'key']], cross: YES,
    call: (c, s) => c.send(new DescribeKeyCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'DescribeKey', variant: 'through an alias, authorized on the key', source: `${REF('DescribeKey')}; ${ALIAS_ACCESS}`,
    actions: [['kms:DescribeKey', 'key']], cross: YES, call: (c, s) => c.send(new DescribeKeyCommand({ KeyId: s.aliasArn })),
  },
  {
    operation: 'ListKeys', source: `${REF('ListKeys')} (IAM policy); ${TABLE} (resource *)`, actions: [['kms:ListKeys', '*']],
    cross: { use: 'none', why: 'it lists the caller\'s account\'s keys' }, call: (c) => c.send(new ListKeysCommand({})),
  },
  { operation: 'EnableKey', source: REF('EnableKey'), actions: [['kms:EnableKey', 'key']], cross: NOT_ACROSS, call: (c, s) => c.send(new EnableKeyCommand({ KeyId: s.keyArn })) },
  { operation: 'DisableKey', source: REF('DisableKey'), actions: [['kms:DisableKey', 'key']], cross: NOT_ACROSS, call: (c, s) => c.send(new DisableKeyCommand({ KeyId: s.keyArn })) },
  {
    operation: 'UpdateKeyDescription', source: REF('UpdateKeyDescription'), actions: [['kms:UpdateKeyDescription', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new UpdateKeyDescriptionCommand({ KeyId: s.keyArn, Description: 'new' })),
  },
  {
    operation: 'ScheduleKeyDeletion', source: REF('ScheduleKeyDeletion'), actions: [['kms:ScheduleKeyDeletion', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new ScheduleKeyDeletionCommand({ KeyId: s.keyArn, PendingWindowInDays: 7 })),
  },
  {
    operation: 'CancelKeyDeletion', source: REF('CancelKeyDeletion'), actions: [['kms:CancelKeyDeletion', 'key']], cross: NOT_ACROSS,
    answer: 'KMSInvalidStateException', call: (c, s) => c.send(new CancelKeyDeletionCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'GetKeyPolicy', source: REF('GetKeyPolicy'), actions: [['kms:GetKeyPolicy', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new GetKeyPolicyCommand({ KeyId: s.keyArn, PolicyName: 'default' })),
  },
  {
    operation: 'PutKeyPolicy', source: REF('PutKeyPolicy'), actions: [['kms:PutKeyPolicy', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new PutKeyPolicyCommand({
      KeyId: s.keyArn, PolicyName: 'default',
      Policy: document([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }]),
    })),
  },
  {
    operation: 'ListKeyPolicies', source: REF('ListKeyPolicies'), actions: [['kms:ListKeyPolicies', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new ListKeyPoliciesCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'TagResource', source: REF('TagResource'), actions: [['kms:TagResource', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new TagResourceCommand({ KeyId: s.keyArn, Tags: [{ TagKey: 'a', TagValue: 'b' }] })),
  },
  {
    operation: 'UntagResource', source: REF('UntagResource'), actions: [['kms:UntagResource', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new UntagResourceCommand({ KeyId: s.keyArn, TagKeys: ['a'] })),
  },
  {
    operation: 'ListResourceTags', source: REF('ListResourceTags'), actions: [['kms:ListResourceTags', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new ListResourceTagsCommand({ KeyId: s.keyArn })),
  },

  // Rotation: GetKeyRotationStatus alone works across accounts.
  {
    operation: 'EnableKeyRotation', source: REF('EnableKeyRotation'), actions: [['kms:EnableKeyRotation', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new EnableKeyRotationCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'DisableKeyRotation', source: REF('DisableKeyRotation'), actions: [['kms:DisableKeyRotation', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new DisableKeyRotationCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'GetKeyRotationStatus', source: REF('GetKeyRotationStatus'), actions: [['kms:GetKeyRotationStatus', 'key']], cross: YES,
    call: (c, s) => c.send(new GetKeyRotationStatusCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'RotateKeyOnDemand', source: REF('RotateKeyOnDemand'), actions: [['kms:RotateKeyOnDemand', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new RotateKeyOnDemandCommand({ KeyId: s.keyArn })),
  },
  {
    operation: 'ListKeyRotations', source: REF('ListKeyRotations'), actions: [['kms:ListKeyRotations', 'key']], cross: NOT_ACROSS,
    call: (c, s) => c.send(new ListKeyRotationsCommand({ KeyId: s.keyArn })),
  },

  // Cryptographic operations: the key policy, on the key, across accounts.
  {
    operation: 'Encrypt', source: REF('Encrypt'), actions: [['kms:Encrypt', 'key']], cross: YES,
    call: (c, s) => c.send(new EncryptCommand({ KeyId: s.keyArn, Plaintext: Buffer.from('x') })),
  },
  {
    operation: 'Encrypt', variant: 'through an alias ARN, authorized on the key', source: `${REF('Encrypt')}; ${ALIAS_ACCESS}`,
    actions: [['kms:Encrypt', 'key']], cross: YES, call: (c, s) => c.send(new EncryptCommand({ KeyId: s.aliasArn, Plaintext: Buffer.from('x') })),
  },
  { operation: 'Decrypt', source: REF('Decrypt'), actions: [['kms:Decrypt', 'key']], cross: YES, call: (c, s) => c.send(new DecryptCommand({ CiphertextBlob: s.blob })) },
  {
    operation: 'ReEncrypt', source: `${REF('ReEncrypt')} (kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the destination key)`,
    actions: [['kms:ReEncryptFrom', 'key'], ['kms:ReEncryptTo', 'key2']], cross: YES,
    call: (c, s) => c.send(new ReEncryptCommand({ CiphertextBlob: s.blob, DestinationKeyId: s.key2Arn })),
  },
  {
    operation: 'GenerateDataKey', source: REF('GenerateDataKey'), actions: [['kms:GenerateDataKey', 'key']], cross: YES,
    call: (c, s) => c.send(new GenerateDataKeyCommand({ KeyId: s.keyArn, KeySpec: 'AES_256' })),
  },
  {
    operation: 'GenerateDataKeyWithoutPlaintext', source: REF('GenerateDataKeyWithoutPlaintext'), actions: [['kms:GenerateDataKeyWithoutPlaintext', 'key']], cross: YES,
    call: (c, s) => c.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: s.keyArn, KeySpec: 'AES_256' })),
  },
  {
    operation: 'GenerateDataKeyPair', source: REF('GenerateDataKeyPair'), actions: [['kms:GenerateDataKeyPair', 'key']], cross: YES,
    call: (c, s) => c.send(new GenerateDataKeyPairCommand({ KeyId: s.keyArn, KeyPairSpec: 'ECC_NIST_P256' })),
  },
  {
    operation: 'GenerateDataKeyPairWithoutPlaintext', source: REF('GenerateDataKeyPairWithoutPlaintext'), actions: [['kms:GenerateDataKeyPairWithoutPlaintext', 'key']], cross: YES,
    call: (c, s) => c.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: s.keyArn, KeyPairSpec: 'ECC_NIST_P256' })),
  },
  {
    operation: 'GenerateRandom', source: `${REF('GenerateRandom')} (IAM policy; "Cross-account use: Not applicable"); ${TABLE} (resource *)`,
    actions: [['kms:GenerateRandom', '*']], cross: { use: 'none', why: 'it uses no account\'s resource' },
    call: (c) => c.send(new GenerateRandomCommand({ NumberOfBytes: 16 })),
  },
  // Asymmetric and HMAC operations: authorized on the key, then refused for a symmetric key's usage.
  {
    operation: 'Sign', source: REF('Sign'), actions: [['kms:Sign', 'key']], cross: YES, answer: 'InvalidKeyUsageException',
    call: (c, s) => c.send(new SignCommand({ KeyId: s.keyArn, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
  },
  {
    operation: 'Verify', source: REF('Verify'), actions: [['kms:Verify', 'key']], cross: YES, answer: 'InvalidKeyUsageException',
    call: (c, s) => c.send(new VerifyCommand({ KeyId: s.keyArn, Message: Buffer.from('m'), Signature: Buffer.from('s'), SigningAlgorithm: 'ECDSA_SHA_256' })),
  },
  {
    operation: 'GenerateMac', source: REF('GenerateMac'), actions: [['kms:GenerateMac', 'key']], cross: YES, answer: 'InvalidKeyUsageException',
    call: (c, s) => c.send(new GenerateMacCommand({ KeyId: s.keyArn, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' })),
  },
  {
    operation: 'VerifyMac', source: REF('VerifyMac'), actions: [['kms:VerifyMac', 'key']], cross: YES, answer: 'InvalidKeyUsageException',
    call: (c, s) => c.send(new VerifyMacCommand({ KeyId: s.keyArn, Message: Buffer.from('m'), Mac: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' })),
  },
  {
    operation: 'DeriveSharedSecret', source: REF('DeriveSharedSecret'), actions: [['kms:DeriveSharedSecret', 'key']], cross: YES, answer: 'InvalidKeyUsageException',
    call: (c, s) => c.send(new DeriveSharedSecretCommand({ KeyId: s.keyArn, KeyAgreementAlgorithm: 'ECDH', PublicKey: Buffer.from('p') })),
  },

  // Aliases: the alias in an IAM policy and each key involved in its key policy; never across accounts.
  {
    operation: 'CreateAlias', source: `${REF('CreateAlias')}; ${ALIAS_ACCESS}`, actions: [['kms:CreateAlias', 'new alias'], ['kms:CreateAlias', 'key']],
    cross: NOT_ACROSS, call: (c, s) => c.send(new CreateAliasCommand({ AliasName: `${s.aliasName}-new`, TargetKeyId: s.keyArn })),
  },
  {
    operation: 'UpdateAlias', source: `${REF('UpdateAlias')} (the alias, the current key and the new key); ${ALIAS_ACCESS}`,
    actions: [['kms:UpdateAlias', 'alias'], ['kms:UpdateAlias', 'key'], ['kms:UpdateAlias', 'key2']],
    // The alias is looked up in the caller's account: another account's alias of the same name is not there.
    cross: { use: 'no', refusal: (s) => ['NotFoundException', `Alias ${aliasArnOf(s.aliasName, OTHER)} is not found.`] },
    call: (c, s) => c.send(new UpdateAliasCommand({ AliasName: s.aliasName, TargetKeyId: s.key2Arn })),
  },
  {
    operation: 'DeleteAlias', source: `${REF('DeleteAlias')}; ${ALIAS_ACCESS}`, actions: [['kms:DeleteAlias', 'alias'], ['kms:DeleteAlias', 'key']],
    cross: { use: 'no', refusal: (s) => ['NotFoundException', `Alias ${aliasArnOf(s.aliasName, OTHER)} is not found.`] },
    call: (c, s) => c.send(new DeleteAliasCommand({ AliasName: s.aliasName })),
  },
  {
    operation: 'ListAliases', source: `${REF('ListAliases')} (IAM policy); ${TABLE} (resource *)`, actions: [['kms:ListAliases', '*']],
    cross: { use: 'none', why: 'without a KeyId it lists the caller\'s account\'s aliases' }, call: (c) => c.send(new ListAliasesCommand({})),
  },
  {
    operation: 'ListAliases', variant: 'of one key', source: `${REF('ListAliases')} ("ListAliases does not return aliases in other Amazon Web Services accounts")`,
    actions: [['kms:ListAliases', '*']], cross: NOT_ACROSS, call: (c, s) => c.send(new ListAliasesCommand({ KeyId: s.keyArn })),
  },

  // Grants.
  {
    operation: 'CreateGrant', source: REF('CreateGrant'), actions: [['kms:CreateGrant', 'key']], cross: YES,
    call: (c, s) => c.send(new CreateGrantCommand({ KeyId: s.keyArn, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, Operations: ['Decrypt'] })),
  },
  { operation: 'ListGrants', source: REF('ListGrants'), actions: [['kms:ListGrants', 'key']], cross: YES, call: (c, s) => c.send(new ListGrantsCommand({ KeyId: s.keyArn })) },
  {
    operation: 'RevokeGrant', source: REF('RevokeGrant'), actions: [['kms:RevokeGrant', 'key']], cross: YES,
    call: (c, s) => c.send(new RevokeGrantCommand({ KeyId: s.keyArn, GrantId: s.grantId })),
  },
  {
    operation: 'RetireGrant',
    source: `${REF('RetireGrant')}; ${GRANT_DELETE} ("The AWS account that owns the KMS key can delegate the kms:RetireGrant permission to IAM principal in the account"); [INFER] the resource named, the key`,
    actions: [['kms:RetireGrant', 'key']], cross: YES, call: (c, s) => c.send(new RetireGrantCommand({ KeyId: s.keyArn, GrantId: s.grantId })),
  },
  {
    operation: 'ListRetirableGrants',
    source: `${REF('ListRetirableGrants')} (IAM policy in the caller's account); [INFER] the resource, * as ${TABLE} has it, not the retiring principal as the API reference says`,
    actions: [['kms:ListRetirableGrants', '*']], cross: { use: 'none', why: 'it asks only the caller\'s account\'s IAM policies' },
    call: (c, s) => c.send(new ListRetirableGrantsCommand({ RetiringPrincipal: s.retiring })),
  },
];

/** Served operations without a row, and why. */
const UNTESTED = new Map<string, string>();

let nobody: RoleSession;
let prober: RoleSession;
let partner: RoleSession;

test('set-up: a role with no identity policy, and roles here and in another account whose policy each row replaces', async () => {
  nobody = await roleSession(gantry, 'Nobody', []);
  prober = await roleSession(gantry, 'Prober', []);
  partner = await roleSession(gantry, 'Partner', [], other);
});

test('every operation Gantry serves has a row', () => {
  const served = Object.keys(gantry.platform.services.get('kms')?.operations ?? {});
  const rowed = new Set(ROWS.map((r) => r.operation));
  assert.deepEqual(served.filter((op) => !rowed.has(op) && !UNTESTED.has(op)), []);
  assert.deepEqual([...rowed].filter((op) => !served.includes(op)), []);
});

/** Two keys with `policy` (default: the default key policy), an alias, a ciphertext and a grant; `retiring` is the grant's retiring principal. */
async function setUp(index: number, policy?: string, retiring = `arn:aws:iam::${ACCT}:root`): Promise<State> {
  const root = kms();
  const make = async () => (await root.send(new CreateKeyCommand(policy !== undefined ? { Policy: policy } : {}))).KeyMetadata?.Arn as string;
  const keyArn = await make();
  const key2Arn = await make();
  const aliasName = `alias/rp-${index}-${Math.random().toString(36).slice(2, 8)}`;
  await root.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyArn }));
  const blob = (await root.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('secret') }))).CiphertextBlob as Uint8Array;
  const grant = await root.send(new CreateGrantCommand({
    KeyId: keyArn, GranteePrincipal: `arn:aws:iam::${ACCT}:root`, RetiringPrincipal: retiring, Operations: ['Encrypt'],
  }));
  return { keyArn, key2Arn, aliasName, aliasArn: aliasArnOf(aliasName), blob, grantId: grant.GrantId as string, retiring };
}

const RESOURCES: Record<On, (s: State) => string> = {
  key: (s) => s.keyArn, key2: (s) => s.key2Arn, alias: (s) => s.aliasArn, 'new alias': (s) => `${s.aliasArn}-new`, '*': () => '*', 'new key': () => `arn:aws:kms:${REGION}:${ACCT}:key/*`,
};
const resourceOf = (on: On, s: State) => RESOURCES[on](s);

/** The role's identity policy: exactly `actions`, each on its own resource. */
async function grant(role: RoleSession, account: AccountRoot | null, actions: Row['actions'], s: State): Promise<void> {
  const iam = iamClient(gantry, account?.creds);
  const statements = actions.map(([action, on]) => ({ Effect: 'Allow', Action: action, Resource: resourceOf(on, s) }));
  const name = role.roleArn.slice(role.roleArn.lastIndexOf('/') + 1);
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'exactly', PolicyDocument: document(statements) }));
}

/** AccessDeniedException naming `action` on its resource, with the policy type AWS names. */
function denied(call: Promise<unknown>, who: RoleSession, [action, on]: readonly [string, On], s: State, type: string): Promise<void> {
  const resource = on === 'new key' ? `${escapeRegex(`arn:aws:kms:${REGION}:${ACCT}:key/`)}[0-9a-f-]{36}` : escapeRegex(resourceOf(on, s));
  const message = `User: ${escapeRegex(who.sessionArn)} is not authorized to perform: ${escapeRegex(action)} on resource: ${resource} because no ${type} policy allows the ${escapeRegex(action)} action`;
  return rejects(call, 'AccessDeniedException', new RegExp(`^${message}$`), 400);
}

async function allowed(call: Promise<unknown>, answer: string | undefined): Promise<void> {
  if (answer === undefined) await call;
  else await rejects(call, answer);
}

/** The actions a key policy gives the other account: those asked on a key. */
const keyActions = (row: Row) => [...new Set(row.actions.filter(([, on]) => on === 'key' || on === 'key2').map(([action]) => action))];

function sharedPolicy(row: Row): string {
  const actions = keyActions(row);
  return document([
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
    ...(actions.length > 0 ? [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: actions, Resource: '*' }] : []),
  ]);
}

ROWS.forEach((row, index) => {
  const names = row.actions.map(([action, on]) => `${action} on ${on}`).join(' + ');
  test(`${row.operation}${row.variant ? ` (${row.variant})` : ''} asks ${names} (${row.source})`, async () => {
    const s = await setUp(index);
    const first = row.actions[0];
    assert.ok(first);
    await denied(row.call(kms(nobody.creds), s), nobody, first, s, 'identity-based');
    for (const left of row.actions.length > 1 ? row.actions : []) {
      await grant(prober, null, row.actions.filter((a) => a !== left), s);
      await denied(row.call(kms(prober.creds), s), prober, left, s, 'identity-based');
    }
    await grant(prober, null, row.actions, s);
    await allowed(row.call(kms(prober.creds), s), row.answer);
  });

  if (row.cross.use === 'none') return;
  const cross = row.cross;
  test(`${row.operation}${row.variant ? ` (${row.variant})` : ''} from another account: cross-account use ${cross.use} (${row.source})`, async () => {
    if (cross.use === 'yes') {
      // Neither the key policy nor a grant names the other account: its identity policy alone is not enough.
      const alone = await setUp(1000 + index);
      await grant(partner, other, row.actions, alone);
      const keyFirst = row.actions.find(([, on]) => on === 'key' || on === 'key2');
      assert.ok(keyFirst);
      await denied(row.call(kms(partner.creds), alone), partner, keyFirst, alone, 'resource-based');
    }
    const s = await setUp(2000 + index, sharedPolicy(row), `arn:aws:iam::${OTHER}:root`);
    await grant(partner, other, row.actions, s);
    const call = row.call(kms(partner.creds), s);
    if (cross.use === 'yes') return allowed(call, row.answer);
    const [code, message] = cross.refusal(s);
    return rejects(call, code, message);
  });
});

// The rows above use the default key policy, which delegates to IAM. Where AWS says a permission
// comes from the IAM policy alone, a key policy that does not delegate must not matter; where it
// says the grant decides, neither must the key policy.

/** A key policy that does not delegate to IAM: the account's root may only manage the key and its grants. */
const NO_DELEGATION = (...extra: object[]) => document([
  {
    Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
    Action: ['kms:PutKeyPolicy', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants'], Resource: '*',
  },
  ...extra,
]);

test(`CreateKey's Tags ask kms:TagResource of the IAM policy alone, not of the new key's policy (${REF('CreateKey')})`, async () => {
  const tagger = await roleSession(gantry, 'Tagger', [{ Effect: 'Allow', Action: ['kms:CreateKey', 'kms:TagResource'], Resource: '*' }]);
  // The new policy lets the caller put a policy (the lockout check), and does not delegate to IAM.
  const policy = document([{ Effect: 'Allow', Principal: { AWS: tagger.roleArn }, Action: 'kms:PutKeyPolicy', Resource: '*' }]);
  const made = await kms(tagger.creds).send(new CreateKeyCommand({ Policy: policy, Tags: [{ TagKey: 'team', TagValue: 'ml' }] }));
  assert.equal(made.KeyMetadata?.KeyState, 'Enabled');
  // Without kms:TagResource in its IAM policy the same request is refused, naming it.
  const untagger = await roleSession(gantry, 'Untagger', [{ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' }]);
  const again = document([{ Effect: 'Allow', Principal: { AWS: untagger.roleArn }, Action: ['kms:PutKeyPolicy', 'kms:TagResource'], Resource: '*' }]);
  await rejects(kms(untagger.creds).send(new CreateKeyCommand({ Policy: again, Tags: [{ TagKey: 'team', TagValue: 'ml' }] })), 'AccessDeniedException',
    /^User: arn:aws:sts::111122223333:assumed-role\/Untagger\/session is not authorized to perform: kms:TagResource on resource: arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} because no identity-based policy allows the kms:TagResource action$/);
});

test(`RetireGrant: the grant decides, and the key's account's IAM policies; kms:RetireGrant in a key policy is not effective (${GRANT_DELETE})`, async () => {
  const retirer = await roleSession(gantry, 'Retirer', []);
  const grantee = await roleSession(gantry, 'Grantee', []);
  const delegate = await roleSession(gantry, 'RetireDelegate', [{ Effect: 'Allow', Action: 'kms:RetireGrant', Resource: '*' }]);
  const named = await roleSession(gantry, 'NamedInKeyPolicy', []);
  const key = await kms().send(new CreateKeyCommand({
    Policy: NO_DELEGATION({ Sid: 'Named', Effect: 'Allow', Principal: { AWS: named.roleArn }, Action: 'kms:RetireGrant', Resource: '*' }),
  }));
  const keyArn = key.KeyMetadata?.Arn as string;
  const grantOf = async (input: { RetiringPrincipal?: string; GranteePrincipal: string; Operations: ('Encrypt' | 'RetireGrant')[] }) =>
    (await kms().send(new CreateGrantCommand({ KeyId: keyArn, ...input }))).GrantId as string;
  const retire = (who: RoleSession, grantId: string) => kms(who.creds).send(new RetireGrantCommand({ KeyId: keyArn, GrantId: grantId }));
  const refusal = (who: RoleSession) =>
    `User: ${who.sessionArn} is not authorized to perform: kms:RetireGrant on resource: ${keyArn} because no identity-based policy allows the kms:RetireGrant action`;

  // A key policy statement naming a principal does not let it retire (that alone would allow it for any other action).
  const first = await grantOf({ GranteePrincipal: grantee.roleArn, Operations: ['Encrypt'] });
  await rejects(retire(named, first), 'AccessDeniedException', refusal(named));
  // The grantee of a grant without RetireGrant may not either.
  await rejects(retire(grantee, first), 'AccessDeniedException', refusal(grantee));
  // A principal of the key's account whose IAM policy allows kms:RetireGrant may, though the key policy does not delegate to IAM.
  await retire(delegate, first);
  // The retiring principal, and the grantee of a grant that includes RetireGrant, need no policy.
  await retire(retirer, await grantOf({ GranteePrincipal: grantee.roleArn, RetiringPrincipal: retirer.roleArn, Operations: ['Encrypt'] }));
  await retire(grantee, await grantOf({ GranteePrincipal: grantee.roleArn, Operations: ['Encrypt', 'RetireGrant'] }));
  assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: keyArn }))).Grants, []);
});
