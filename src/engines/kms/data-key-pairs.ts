// GenerateDataKeyPair(WithoutPlaintext): a fresh asymmetric key pair whose private key (DER
// PKCS#8) is sealed under a symmetric KMS key exactly as GenerateDataKey seals a data key, so
// that plain Decrypt of PrivateKeyCiphertextBlob gives the PKCS#8 bytes back. The public key is
// DER SubjectPublicKeyInfo.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html

import { generateKeyPair } from 'node:crypto';
import type { KmsCall } from './access.js';
import type { EncryptionContext } from './ciphertext.js';
import { checkSealing, sealUnder, type Sealed } from './crypto-operations.js';
import { resolveKey } from './key-refs.js';
import { requireEnabled } from './key-state.js';
import type { KmsContext } from './kms-context.js';
import { unsupported } from './kms-errors.js';

/** How each KeyPairSpec Gantry serves is generated (node:crypto's key type and parameters). */
const PAIR_SPECS = {
  RSA_2048: { type: 'rsa', modulusLength: 2048 },
  RSA_3072: { type: 'rsa', modulusLength: 3072 },
  RSA_4096: { type: 'rsa', modulusLength: 4096 },
  ECC_NIST_P256: { type: 'ec', namedCurve: 'prime256v1' },
  ECC_NIST_P384: { type: 'ec', namedCurve: 'secp384r1' },
  ECC_NIST_P521: { type: 'ec', namedCurve: 'secp521r1' },
  ECC_SECG_P256K1: { type: 'ec', namedCurve: 'secp256k1' },
  // [INFER] served: the model's DataKeyPairSpec lists it; the API reference's list of specs predates it.
  ECC_NIST_EDWARDS25519: { type: 'ed25519' },
} as const;

export type DataKeyPairSpec = keyof typeof PAIR_SPECS;

export interface DataKeyPair extends Sealed {
  readonly keyPairSpec: DataKeyPairSpec;
  readonly publicKey: Buffer;
  /** The PKCS#8 private key; null for GenerateDataKeyPairWithoutPlaintext. */
  readonly privateKey: Buffer | null;
}

const DER = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } } as const;

/** Generates off the event loop (an RSA_4096 pair takes up to seconds): node's libuv thread pool. */
function generatePair(spec: DataKeyPairSpec): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const params = PAIR_SPECS[spec];
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: Buffer, privateKey: Buffer) => (err ? reject(err) : resolve({ publicKey, privateKey }));
    if (params.type === 'rsa') generateKeyPair('rsa', { modulusLength: params.modulusLength, ...DER }, done);
    else if (params.type === 'ec') generateKeyPair('ec', { namedCurve: params.namedCurve, ...DER }, done);
    else generateKeyPair('ed25519', DER, done);
  });
}

/**
 * SM2 is offered "only in China Regions"; Gantry serves the aws partition, none of them. [INFER]
 * the text, after what KMS answers CreateKey with KeySpec SM2 outside China ("KeySpec SM2 is not
 * supported in this Region", quoted in floci-io/floci#3026); asked before the key is looked up.
 */
function servedSpec(spec: string): DataKeyPairSpec {
  if (Object.hasOwn(PAIR_SPECS, spec)) return spec as DataKeyPairSpec;
  // Anything else outside the model's enum never gets here: model validation answers ValidationException.
  throw unsupported(`KeyPairSpec ${spec} is not supported in this Region`);
}

/**
 * Checks as GenerateDataKey does (find the key, authorize `kms:GenerateDataKeyPair[WithoutPlaintext]`
 * with kms:DataKeyPairSpec too, key state, DryRun) before generating, so a refused or dry-run
 * request costs no key generation. The key is read again after generating: one disabled or
 * deleted meanwhile does not seal.
 */
export async function generateDataKeyPair(
  kms: KmsContext, call: KmsCall, ref: string, context: EncryptionContext, keyPairSpec: string, withPlaintext = true,
): Promise<DataKeyPair> {
  const spec = servedSpec(keyPairSpec);
  const resolved = resolveKey(kms, call.callerAccount, call.region, ref);
  const op = withPlaintext ? 'GenerateDataKeyPair' : 'GenerateDataKeyPairWithoutPlaintext';
  // kms:DataKeyPairSpec: "the value of the KeyPairSpec parameter in the request" (conditions-kms.html).
  checkSealing(kms, call, op, resolved, context, { 'kms:DataKeyPairSpec': spec });
  const pair = await generatePair(spec);
  let sealed: Sealed;
  try {
    // By its ARN: the same key (NotFoundException once deleted), settled as any lookup settles it.
    const { key } = resolveKey(kms, resolved.key.account, resolved.key.region, resolved.key.arn);
    requireEnabled(key);
    sealed = sealUnder(kms, key, pair.privateKey, context);
  } catch (error) {
    pair.privateKey.fill(0);
    throw error;
  }
  // The private key leaves in the clear only when asked for; otherwise it is wiped at once.
  if (!withPlaintext) pair.privateKey.fill(0);
  return { ...sealed, keyPairSpec: spec, publicKey: pair.publicKey, privateKey: withPlaintext ? pair.privateKey : null };
}
