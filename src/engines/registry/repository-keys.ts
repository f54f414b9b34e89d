// A repository's customer managed KMS key, checked when the repository is made. AWS: "When
// creating a repository, Amazon ECR sends a DescribeKey call to AWS KMS to validate and retrieve
// the Amazon Resource Name (ARN) of the KMS key specified in the encryption configuration", then
// CreateGrant requests so that ECR may use the key later; both are made with the caller's
// credentials (a forward access session), so the key policy and the caller's IAM policies decide
// whether the repository can be made at all.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html

import { AwsError } from '../../core/aws-error.js';
import type { EcrCall } from './access.js';
import type { RegistryKmsPort } from './registry-context.js';

/**
 * ECR reports what KMS refused as KmsException, with KMS's error code in `kmsError`.
 * [INFER] the message is KMS's own (ECR's documented description is only "The operation failed
 * due to a KMS exception"); a denial of the caller is KMS's AccessDeniedException text.
 */
function kmsException(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  const kmsError = error.code === 'AccessDenied' ? 'AccessDeniedException' : error.code;
  return new AwsError('KmsException', error.message, 400, true, { kmsError });
}

/** Checks the key as the caller and grants ECR its use; returns the key's ARN, which the repository keeps. */
export function grantRepositoryKey(kms: RegistryKmsPort, call: EcrCall, keyRef: string): string {
  const via = `ecr.${call.region}.amazonaws.com`;
  try {
    const { keyArn } = kms.describeKey(call.authorize, call.callerAccount, call.region, keyRef, via);
    // [INFER] AWS makes two grants whose contents it does not document; one grant to ECR's
    // service principal with the operations it needs to encrypt and decrypt layers stands for them.
    kms.createGrant(call.authorize, call.callerAccount, call.region, keyArn, {
      granteePrincipal: via,
      retiringPrincipal: via,
      operations: ['Encrypt', 'Decrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'RetireGrant'],
    }, via);
    return keyArn;
  } catch (error) {
    throw kmsException(error);
  }
}
