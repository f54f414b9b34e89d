// Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and GenerateRandom (the sealing
// steps are shared with GenerateDataKeyPair, data-key-pairs.ts). Order of
// checks: find the key (NotFoundException), authorize (the caller learns nothing about a
// key it may not use), key state (Disabled/PendingDeletion errors), then the cryptography.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html

import { randomBytes } from 'node:crypto';
import type { ContextValue } from '../../iam/index.js';
import { authorizeAccount, authorizeKey, encryptionContextKeys, stopIfDryRun, type KmsCall } from './access.js';
import { openCiphertext, parseCiphertext, sealCiphertext, type EncryptionContext, type OpenedCiphertexts } from './ciphertext.js';
import { openMaterial } from './key-material.js';
import { resolveKey, type ResolvedKey } from './key-refs.js';
import { requireEnabled } from './key-state.js';
import type { KmsContext } from './kms-context.js';
import { ciphertextKeyUnknown, incorrectKey, invalidCiphertext, invalidKeyUsage, validation } from './kms-errors.js';
import type { KeyRecord } from './kms-records.js';
import { randomBytesPooled } from '../../core/random-pool.js';

const ALGORITHM = 'SYMMETRIC_DEFAULT';

export interface Sealed {
  readonly key: KeyRecord;
  readonly ciphertext: Buffer;
  readonly materialId: string;
}

export interface Opened {
  readonly key: KeyRecord;
  readonly plaintext: Buffer;
  readonly materialId: string;
}

/** An EncryptionAlgorithm a symmetric key cannot use: InvalidKeyUsageException. [INFER] the text. */
function usageCheck(key: KeyRecord, algorithm: string | undefined, op: string): void {
  if (algorithm !== undefined && algorithm !== ALGORITHM) {
    throw invalidKeyUsage(`The encryption algorithm ${algorithm} is not valid for ${op} with ${key.arn}.`);
  }
}

/**
 * What comes before sealing under a key, in AWS's order: authorize `op` on the key (with the
 * context's condition keys, and `extra` ones of the operation), the key's state, then DryRun.
 */
export function checkSealing(
  kms: KmsContext, call: KmsCall, op: string, resolved: ResolvedKey, context: EncryptionContext, extra: Record<string, ContextValue> = {},
): void {
  authorizeKey(kms, call, op, resolved, { ...encryptionContextKeys(context), 'kms:EncryptionAlgorithm': ALGORITHM, ...extra });
  requireEnabled(resolved.key);
  stopIfDryRun(call);
}

/** Seals under the key's current material; the checks (checkSealing) are the caller's. */
export function sealUnder(kms: KmsContext, key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext): Sealed {
  const { material, record } = openMaterial(kms, key, key.currentVersion);
  return { key, ciphertext: sealCiphertext(material, key.arn, key.currentVersion, plaintext, context), materialId: record.materialId };
}

/** Seals with the key's current material after authorizing `op` on the key. */
function sealWith(kms: KmsContext, call: KmsCall, op: string, resolved: ResolvedKey, plaintext: Uint8Array, context: EncryptionContext): Sealed {
  checkSealing(kms, call, op, resolved, context);
  return sealUnder(kms, resolved.key, plaintext, context);
}

export function encrypt(kms: KmsContext, call: KmsCall, ref: string, plaintext: Uint8Array, context: EncryptionContext = {}, algorithm?: string): Sealed {
  const resolved = resolveKey(kms, call.callerAccount, call.region, ref);
  usageCheck(resolved.key, algorithm, 'Encrypt');
  return sealWith(kms, call, 'Encrypt', resolved, plaintext, context);
}

export interface DataKeyOptions {
  readonly numberOfBytes?: number;
  readonly keySpec?: string;
}

/** GenerateDataKey: a random data key, returned in the clear and sealed under the KMS key. */
export function generateDataKey(
  kms: KmsContext, call: KmsCall, ref: string, context: EncryptionContext, options: DataKeyOptions, withPlaintext = true,
): Sealed & { plaintext: Buffer | null } {
  const { numberOfBytes, keySpec } = options;
  if ((numberOfBytes === undefined) === (keySpec === undefined)) throw validation('Please specify either number of bytes or key spec.');
  const size = numberOfBytes ?? (keySpec === 'AES_128' ? 16 : 32);
  const resolved = resolveKey(kms, call.callerAccount, call.region, ref);
  const dataKey = randomBytesPooled(size);
  const sealed = sealWith(kms, call, withPlaintext ? 'GenerateDataKey' : 'GenerateDataKeyWithoutPlaintext', resolved, dataKey, context);
  if (!withPlaintext) dataKey.fill(0);
  return { ...sealed, plaintext: withPlaintext ? dataKey : null };
}

/**
 * Opens a ciphertext: the key comes from the blob; a KeyId that names another key is
 * IncorrectKeyException; a wrong or missing context is InvalidCiphertextException. With
 * `opened`, the unwrapping (only that: every check above it runs) may come from memory.
 */
export function decrypt(
  kms: KmsContext, call: KmsCall, blob: Uint8Array, context: EncryptionContext = {},
  options: { keyRef?: string; algorithm?: string; op?: string; opened?: OpenedCiphertexts } = {},
): Opened {
  const parsed = parseCiphertext(blob);
  if (!parsed) throw invalidCiphertext();
  let resolved: ResolvedKey;
  try {
    resolved = resolveKey(kms, call.callerAccount, call.region, parsed.keyArn);
  } catch {
    throw ciphertextKeyUnknown();
  }
  if (options.keyRef !== undefined) {
    const named = resolveKey(kms, call.callerAccount, call.region, options.keyRef);
    if (named.key.arn !== resolved.key.arn) throw incorrectKey();
    resolved = named;
  }
  usageCheck(resolved.key, options.algorithm, options.op === 'ReEncryptFrom' ? 'ReEncrypt' : 'Decrypt');
  authorizeKey(kms, call, options.op ?? 'Decrypt', resolved, { ...encryptionContextKeys(context), 'kms:EncryptionAlgorithm': ALGORITHM });
  const { key } = resolved;
  requireEnabled(key);
  stopIfDryRun(call);
  const { material, record } = openMaterial(kms, key, parsed.version);
  const plaintext = options.opened ? options.opened.open(material, record.materialId, parsed, context) : openCiphertext(material, parsed, context);
  if (!plaintext) throw invalidCiphertext();
  return { key, plaintext, materialId: record.materialId };
}

export interface ReEncryptInput {
  readonly blob: Uint8Array;
  readonly sourceContext?: EncryptionContext;
  readonly sourceKeyRef?: string;
  readonly destinationKeyRef: string;
  readonly destinationContext?: EncryptionContext;
  /** SourceEncryptionAlgorithm and DestinationEncryptionAlgorithm: only SYMMETRIC_DEFAULT fits Gantry's keys. */
  readonly sourceAlgorithm?: string;
  readonly destinationAlgorithm?: string;
}

/** ReEncrypt: kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the destination. */
export function reEncrypt(kms: KmsContext, call: KmsCall, input: ReEncryptInput): { source: Opened; destination: Sealed } {
  const destination = resolveKey(kms, call.callerAccount, call.region, input.destinationKeyRef);
  const parsed = parseCiphertext(input.blob);
  const sameKey = String(parsed?.keyArn === destination.key.arn);
  // kms:ReEncryptOnSameKey is in the context of both halves (ReEncryptFrom and ReEncryptTo, Service Authorization Reference).
  const viaContext = { 'kms:ReEncryptOnSameKey': sameKey };
  const withSameKey: KmsCall = { ...call, authorize: (check) => call.authorize({ ...check, context: { ...check.context, ...viaContext } }) };
  const source = decrypt(kms, { ...withSameKey, dryRun: false }, input.blob, input.sourceContext ?? {}, {
    ...(input.sourceKeyRef !== undefined ? { keyRef: input.sourceKeyRef } : {}),
    ...(input.sourceAlgorithm !== undefined ? { algorithm: input.sourceAlgorithm } : {}),
    op: 'ReEncryptFrom',
  });
  try {
    usageCheck(destination.key, input.destinationAlgorithm, 'ReEncrypt');
    const sealed = sealWith(kms, withSameKey, 'ReEncryptTo', destination, source.plaintext, input.destinationContext ?? {});
    return { source, destination: sealed };
  } finally {
    source.plaintext.fill(0);
  }
}

/** GenerateRandom: authorized on `*`. */
export function generateRandom(call: KmsCall, numberOfBytes: number): Buffer {
  authorizeAccount(call, 'GenerateRandom');
  if (!Number.isInteger(numberOfBytes) || numberOfBytes < 1 || numberOfBytes > 1024) {
    throw validation(`1 validation error detected: Value '${numberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024`);
  }
  return randomBytes(numberOfBytes);
}

/** Operations that need an asymmetric or HMAC key: Gantry's keys, all symmetric encryption keys, never fit them. */
export type OtherKeyUsageOperation = 'Sign' | 'Verify' | 'GenerateMac' | 'VerifyMac' | 'DeriveSharedSecret';

/**
 * Sign, Verify, GenerateMac, VerifyMac and DeriveSharedSecret on one of Gantry's keys: AWS finds the
 * key, authorizes the caller, then refuses its key usage with InvalidKeyUsageException
 * ([OBS] the text: test_error_messaging_for_invalid_keys and test_derive_shared_secret in
 * LocalStack's AWS-recorded KMS snapshot). Gantry has no key these operations could use, so this
 * is every answer they can get; [INFER] the order of the checks.
 */
export function refuseKeyUsage(kms: KmsContext, call: KmsCall, op: OtherKeyUsageOperation, ref: string): never {
  const resolved = resolveKey(kms, call.callerAccount, call.region, ref);
  authorizeKey(kms, call, op, resolved);
  throw invalidKeyUsage(`${resolved.key.arn} key usage is ${resolved.key.keyUsage} which is not valid for ${op}.`);
}
