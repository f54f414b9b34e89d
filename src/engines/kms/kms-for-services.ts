// The internal API other services (S3 first) use to call KMS on behalf of their caller: the
// caller's own authorization callback decides, with kms:ViaService set to the service.
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service

import type { KmsCall, Authorize } from './access.js';
import { OpenedCiphertexts, type EncryptionContext } from './ciphertext.js';
import { decrypt, generateDataKey } from './crypto-operations.js';
import { createGrant, type CreateGrantInput } from './grants.js';
import { describeKey } from './keys.js';
import { resolveKey } from './key-refs.js';
import type { KmsContext } from './kms-context.js';
import type { KeyState } from './kms-records.js';
import type { ManagedService } from './managed-key-specs.js';
import { createAwsManagedKey } from './managed-keys.js';

/**
 * Every call names the Region whose KMS it asks, the one the service's resource lives in (an S3
 * bucket's): a service uses only keys of its own Region, as a key ARN of another Region is
 * refused ("Invalid arn <region>") and ids and aliases are looked up there.
 */
export interface KmsForServices {
  /** Resolves a key id, key ARN, alias name or alias ARN in `account` and `region`; throws KMS NotFoundException. */
  describe(account: string, region: string, keyRef: string): { keyArn: string; keyId: string; state: KeyState };
  /** kms:GenerateDataKey as the caller, via a service: authorizes with kms:ViaService = via (e.g. 's3.us-east-1.amazonaws.com') and the context keys. */
  generateDataKey(
    authorize: Authorize, callerAccount: string, region: string, keyRef: string, encryptionContext: Record<string, string>, via: string,
  ): { keyArn: string; plaintext: Buffer; ciphertextBlob: Buffer };
  /** kms:Decrypt as the caller, via a service. */
  decrypt(
    authorize: Authorize, callerAccount: string, region: string, ciphertextBlob: Buffer, encryptionContext: Record<string, string>, via: string,
  ): { keyArn: string; plaintext: Buffer };
  /** kms:DescribeKey as the caller, via a service (ECR's check of a repository's key): the key ARN, id and state. */
  describeKey(authorize: Authorize, callerAccount: string, region: string, keyRef: string, via: string): { keyArn: string; keyId: string; state: KeyState };
  /** kms:CreateGrant as the caller, via a service (kms:GrantIsForAWSResource true): the grant a service keeps on a key it uses later. */
  createGrant(authorize: Authorize, callerAccount: string, region: string, keyRef: string, grant: CreateGrantInput, via: string): { grantId: string };
  /** The account's AWS managed key for a service in `region` (alias aws/<service>, e.g. aws/s3), created on first use with AWS's policy that allows use only via that service. */
  awsManagedKey(account: string, region: string, service: ManagedService): { keyArn: string; keyId: string };
}

/**
 * Data keys a service has had decrypted, kept unwrapped: S3 decrypts an SSE-KMS object's key
 * on every GET of it. Each decrypt still resolves the key, authorizes the caller and checks the
 * key's state first; only the AES-GCM unwrapping of a ciphertext seen before is skipped.
 */
const OPENED_DATA_KEYS = 4096;

export function kmsForServices(kms: KmsContext): KmsForServices {
  const opened = new OpenedCiphertexts(OPENED_DATA_KEYS);
  const call = (authorize: Authorize, callerAccount: string, region: string, via: string): KmsCall => ({ authorize, callerAccount, region, via });
  return {
    describe(account, region, keyRef) {
      const { key } = resolveKey(kms, account, region, keyRef);
      return { keyArn: key.arn, keyId: key.keyId, state: key.state };
    },
    generateDataKey(authorize, callerAccount, region, keyRef, encryptionContext: EncryptionContext, via) {
      const made = generateDataKey(kms, call(authorize, callerAccount, region, via), keyRef, encryptionContext, { keySpec: 'AES_256' });
      return { keyArn: made.key.arn, plaintext: made.plaintext ?? Buffer.alloc(0), ciphertextBlob: made.ciphertext };
    },
    decrypt(authorize, callerAccount, region, ciphertextBlob, encryptionContext, via) {
      const result = decrypt(kms, call(authorize, callerAccount, region, via), ciphertextBlob, encryptionContext, { opened });
      return { keyArn: result.key.arn, plaintext: result.plaintext };
    },
    describeKey(authorize, callerAccount, region, keyRef, via) {
      const key = describeKey(kms, call(authorize, callerAccount, region, via), keyRef);
      return { keyArn: key.arn, keyId: key.keyId, state: key.state };
    },
    createGrant(authorize, callerAccount, region, keyRef, grant, via) {
      return { grantId: createGrant(kms, call(authorize, callerAccount, region, via), keyRef, grant).grantId };
    },
    awsManagedKey(account, region, service) {
      const key = createAwsManagedKey(kms, account, region, service);
      return { keyArn: key.arn, keyId: key.keyId };
    },
  };
}
