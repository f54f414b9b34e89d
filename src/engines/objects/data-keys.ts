// Per-object data keys. SSE-S3: a random key sealed under the S3 service key (itself sealed
// by the platform's master key). SSE-KMS: a data key from KMS, requested as the caller, so
// PutObject needs kms:GenerateDataKey and GetObject kms:Decrypt, as on AWS; KMS refusals
// become S3's errors.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html

import { AwsError } from '../../core/aws-error.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { ContextValue, Decision, Policy } from '../../iam/index.js';
import type { ObjectEncryption, SseAlgorithm } from './object-records.js';
import { S3Error } from './s3-errors.js';
import { randomBytesPooled } from '../../core/random-pool.js';

export type Authorize = (check: {
  action: string;
  resource: string;
  resourcePolicy?: Policy | null;
  context?: Record<string, ContextValue>;
}) => Decision;

/** What the object engine needs from KMS (src/engines/kms exports the implementation). */
export interface KmsPort {
  describe(account: string, keyRef: string): { keyArn: string; keyId: string; state: string };
  generateDataKey(authorize: Authorize, callerAccount: string, keyRef: string, encryptionContext: Record<string, string>, via: string): {
    keyArn: string;
    plaintext: Buffer;
    ciphertextBlob: Buffer;
  };
  decrypt(authorize: Authorize, callerAccount: string, ciphertextBlob: Buffer, encryptionContext: Record<string, string>, via: string): {
    keyArn: string;
    plaintext: Buffer;
  };
  awsManagedKey(account: string, service: 's3'): { keyArn: string; keyId: string };
}

/** Who is asking, as KMS must see them. */
export interface Requester {
  /** The caller's account; '' for anonymous callers. */
  readonly account: string;
  /** The caller's ARN, or `anonymous`. */
  readonly arn: string;
  readonly authorize: Authorize;
}

/** The encryption a write asked for, after headers and the bucket default were merged. */
export interface SseChoice {
  readonly algorithm: SseAlgorithm;
  /** null = the AWS managed key aws/s3. */
  readonly kmsKeyId: string | null;
  readonly bucketKeyEnabled: boolean;
  /** Pairs from x-amz-server-side-encryption-context. */
  readonly context: Readonly<Record<string, string>>;
}

export class DataKeys {
  constructor(
    private readonly serviceBox: () => SecretBox,
    private readonly kms: () => KmsPort | null,
    private readonly region: string,
  ) {}

  private get via(): string {
    return `s3.${this.region}.amazonaws.com`;
  }

  private kmsOrFail(): KmsPort {
    const kms = this.kms();
    if (!kms) throw new S3Error('KMS.NotFoundException', 'KMS is not available in this Gantry.', 400);
    return kms;
  }

  /** A new data key for an object (or a multipart upload) of `bucketOwner`'s bucket. */
  newKey(requester: Requester, sse: SseChoice, bucket: string, key: string, bucketOwner: string): { dataKey: Buffer; encryption: ObjectEncryption } {
    if (sse.algorithm === 'AES256') {
      const dataKey = randomBytesPooled(32);
      return {
        dataKey,
        encryption: { algorithm: 'AES256', kmsKeyArn: null, bucketKeyEnabled: false, sealedKey: this.serviceBox().seal(dataKey), context: null },
      };
    }
    const kms = this.kmsOrFail();
    const account = requester.account || bucketOwner;
    const context = { ...sse.context, 'aws:s3:arn': sse.bucketKeyEnabled ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}` };
    const keyRef = sse.kmsKeyId ?? kms.awsManagedKey(bucketOwner, 's3').keyArn;
    try {
      const generated = kms.generateDataKey(requester.authorize, account, keyRef, context, this.via);
      return {
        dataKey: Buffer.from(generated.plaintext),
        encryption: {
          algorithm: 'aws:kms',
          kmsKeyArn: generated.keyArn,
          bucketKeyEnabled: sse.bucketKeyEnabled,
          sealedKey: Buffer.from(generated.ciphertextBlob).toString('base64'),
          context,
        },
      };
    } catch (error) {
      throw kmsFailure(error, 'kms:GenerateDataKey', requester.arn);
    }
  }

  /** The data key of an object or upload, as the requester (kms:Decrypt for SSE-KMS). */
  openKey(requester: Requester, encryption: ObjectEncryption, bucketOwner: string): Buffer {
    if (encryption.algorithm === 'AES256') return this.serviceBox().openBytes(encryption.sealedKey);
    const kms = this.kmsOrFail();
    try {
      const opened = kms.decrypt(
        requester.authorize, requester.account || bucketOwner, Buffer.from(encryption.sealedKey, 'base64'), { ...encryption.context }, this.via,
      );
      return Buffer.from(opened.plaintext);
    } catch (error) {
      throw kmsFailure(error, 'kms:Decrypt', requester.arn);
    }
  }
}

const KMS_PASSED_THROUGH = new Set([
  'DisabledException', 'KMSInvalidStateException', 'NotFoundException', 'KeyUnavailableException', 'InvalidKeyUsageException',
  'InvalidCiphertextException', 'IncorrectKeyException',
]);

/** S3's answer when KMS refuses (behavior-spec §2.6). */
function kmsFailure(error: unknown, action: 'kms:GenerateDataKey' | 'kms:Decrypt', requesterArn: string): unknown {
  if (!(error instanceof AwsError) || error instanceof S3Error) return error;
  if (error.code === 'AccessDenied' || error.code === 'AccessDeniedException') {
    return action === 'kms:Decrypt'
      ? new S3Error(
        'AccessDenied',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
        403,
      )
      : new S3Error(
        'AccessDenied',
        `User: ${requesterArn} is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
        403,
      );
  }
  if (KMS_PASSED_THROUGH.has(error.code)) return new S3Error(`KMS.${error.code}`, error.message, 400);
  return error;
}
