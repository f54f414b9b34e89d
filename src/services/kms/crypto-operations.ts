// KMS cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
// GenerateDataKeyWithoutPlaintext, GenerateDataKeyPair(WithoutPlaintext), GenerateRandom. Outputs name the key by its ARN.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html

import { AwsError } from '../../core/aws-error.js';
import { decrypt, encrypt, generateDataKey, generateRandom, reEncrypt, refuseKeyUsage } from '../../engines/kms/crypto-operations.js';
import { generateDataKeyPair } from '../../engines/kms/data-key-pairs.js';
import type { Kms } from '../../engines/kms/index.js';
import { unsupported } from '../../engines/kms/kms-errors.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { blob, callOf, contextMap, optNum, optStr, str } from './kms-input.js';

const ALGORITHM = 'SYMMETRIC_DEFAULT';

/**
 * Recipient (Nitro Enclaves) asks for the secret sealed to an attested enclave's public key, as
 * CiphertextForRecipient, and for no Plaintext. Gantry cannot verify an attestation document, and
 * ignoring the member would hand out in the clear what the caller meant never to leave KMS so.
 */
function refuseRecipient(input: Input): void {
  if (input['Recipient'] !== undefined) throw unsupported('Gantry does not support Recipient (attested Nitro Enclaves).');
}

export function cryptoOperations(kms: Kms): Record<string, OperationHandler> {
  const k = kms.context;
  const dataKey = (input: Input, ctx: RequestContext, withPlaintext: boolean) => {
    refuseRecipient(input);
    const numberOfBytes = optNum(input, 'NumberOfBytes');
    const keySpec = optStr(input, 'KeySpec');
    const made = generateDataKey(k, callOf(ctx, input), str(input, 'KeyId'), contextMap(input, 'EncryptionContext'), {
      ...(numberOfBytes !== undefined ? { numberOfBytes } : {}),
      ...(keySpec !== undefined ? { keySpec } : {}),
    }, withPlaintext);
    return {
      CiphertextBlob: made.ciphertext,
      ...(made.plaintext ? { Plaintext: made.plaintext } : {}),
      KeyId: made.key.arn,
      KeyMaterialId: made.materialId,
    };
  };
  const dataKeyPair = async (input: Input, ctx: RequestContext, withPlaintext: boolean) => {
    refuseRecipient(input);
    const made = await generateDataKeyPair(
      k, callOf(ctx, input), str(input, 'KeyId'), contextMap(input, 'EncryptionContext'), str(input, 'KeyPairSpec'), withPlaintext,
    );
    return {
      PrivateKeyCiphertextBlob: made.ciphertext,
      ...(made.privateKey ? { PrivateKeyPlaintext: made.privateKey } : {}),
      PublicKey: made.publicKey,
      KeyId: made.key.arn,
      KeyPairSpec: made.keyPairSpec,
      KeyMaterialId: made.materialId,
    };
  };
  return {
    Encrypt: (input, ctx) => {
      const sealed = encrypt(k, callOf(ctx, input), str(input, 'KeyId'), blob(input, 'Plaintext'), contextMap(input, 'EncryptionContext'), optStr(input, 'EncryptionAlgorithm'));
      return { CiphertextBlob: sealed.ciphertext, KeyId: sealed.key.arn, EncryptionAlgorithm: ALGORITHM };
    },
    Decrypt: (input, ctx) => {
      refuseRecipient(input);
      const keyRef = optStr(input, 'KeyId');
      const algorithm = optStr(input, 'EncryptionAlgorithm');
      const opened = decrypt(k, callOf(ctx, input), blob(input, 'CiphertextBlob'), contextMap(input, 'EncryptionContext'), {
        ...(keyRef !== undefined ? { keyRef } : {}),
        ...(algorithm !== undefined ? { algorithm } : {}),
      });
      return { KeyId: opened.key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: ALGORITHM, KeyMaterialId: opened.materialId };
    },
    ReEncrypt: (input, ctx) => {
      const sourceKeyRef = optStr(input, 'SourceKeyId');
      const sourceAlgorithm = optStr(input, 'SourceEncryptionAlgorithm');
      const destinationAlgorithm = optStr(input, 'DestinationEncryptionAlgorithm');
      const done = reEncrypt(k, callOf(ctx, input), {
        blob: blob(input, 'CiphertextBlob'),
        sourceContext: contextMap(input, 'SourceEncryptionContext'),
        ...(sourceKeyRef !== undefined ? { sourceKeyRef } : {}),
        destinationKeyRef: str(input, 'DestinationKeyId'),
        destinationContext: contextMap(input, 'DestinationEncryptionContext'),
        ...(sourceAlgorithm !== undefined ? { sourceAlgorithm } : {}),
        ...(destinationAlgorithm !== undefined ? { destinationAlgorithm } : {}),
      });
      return {
        CiphertextBlob: done.destination.ciphertext,
        SourceKeyId: done.source.key.arn,
        KeyId: done.destination.key.arn,
        SourceEncryptionAlgorithm: ALGORITHM,
        DestinationEncryptionAlgorithm: ALGORITHM,
        SourceKeyMaterialId: done.source.materialId,
        DestinationKeyMaterialId: done.destination.materialId,
      };
    },
    GenerateDataKey: (input, ctx) => dataKey(input, ctx, true),
    GenerateDataKeyWithoutPlaintext: (input, ctx) => dataKey(input, ctx, false),
    GenerateDataKeyPair: (input, ctx) => dataKeyPair(input, ctx, true),
    GenerateDataKeyPairWithoutPlaintext: (input, ctx) => dataKeyPair(input, ctx, false),
    // Asymmetric and HMAC operations: refused for the key usage of Gantry's symmetric keys, as AWS refuses them.
    Sign: (input, ctx) => refuseKeyUsage(k, callOf(ctx, input), 'Sign', str(input, 'KeyId')),
    Verify: (input, ctx) => refuseKeyUsage(k, callOf(ctx, input), 'Verify', str(input, 'KeyId')),
    GenerateMac: (input, ctx) => refuseKeyUsage(k, callOf(ctx, input), 'GenerateMac', str(input, 'KeyId')),
    VerifyMac: (input, ctx) => refuseKeyUsage(k, callOf(ctx, input), 'VerifyMac', str(input, 'KeyId')),
    DeriveSharedSecret: (input, ctx) => refuseKeyUsage(k, callOf(ctx, input), 'DeriveSharedSecret', str(input, 'KeyId')),
    GenerateRandom: (input, ctx) => {
      const bytes = optNum(input, 'NumberOfBytes');
      // Optional in the model, required by KMS (a custom key store's Recipient form is not served). [OBS] LocalStack's AWS-recorded snapshot
      if (bytes === undefined) throw new AwsError('ValidationException', 'NumberOfBytes is required.');
      refuseRecipient(input);
      // Random bytes from a CloudHSM key store's cluster: there is none to ask.
      if (input['CustomKeyStoreId'] !== undefined) throw unsupported('Gantry does not support custom key stores.');
      return { Plaintext: generateRandom(callOf(ctx), bytes) };
    },
  };
}
