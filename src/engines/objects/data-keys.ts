// Per-object data keys. SSE-S3: a random key sealed under the S3 service key (itself sealed
// by the platform's master key). SSE-KMS: a data key from KMS, requested as the caller, so
// PutObject needs kms:GenerateDataKey and GetObject kms:Decrypt, as on AWS; KMS refusals
// become S3's errors. KMS is asked in the bucket's Region: S3 uses only keys of that Region
// ("The AWS KMS key and the S3 bucket must be in the same Region", UsingKMSEncryption.html).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html

import type { KeyObject } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { SecretBox } from '../../core/secret-box.js';
import { parseArn, type ContextValue, type Decision, type Policy } from '../../iam/index.js';
import type { ObjectEncryption, SseAlgorithm } from './object-records.js';
import { S3Error } from './s3-errors.js';
import { BoundedMap } from '../../core/bounded-map.js';
import { randomBytesPooled } from '../../core/random-pool.js';
import { frameKey } from './frame-cipher.js';
import type { FrameKeySource } from './object-reader.js';

export type Authorize = (check: {
  action: string;
  resource: string;
  resourcePolicy?: Policy | null;
  context?: Record<string, ContextValue>;
}) => Decision;

/** What the object engine needs from KMS (src/engines/kms exports the implementation); `region` is the bucket's. */
export interface KmsPort {
  describe(account: string, region: string, keyRef: string): { keyArn: string; keyId: string; state: string };
  generateDataKey(
    authorize: Authorize, callerAccount: string, region: string, keyRef: string, encryptionContext: Record<string, string>, via: string,
  ): {
    keyArn: string;
    plaintext: Buffer;
    ciphertextBlob: Buffer;
  };
  decrypt(
    authorize: Authorize, callerAccount: string, region: string, ciphertextBlob: Buffer, encryptionContext: Record<string, string>, via: string,
  ): {
    keyArn: string;
    plaintext: Buffer;
  };
  awsManagedKey(account: string, region: string, service: 's3'): { keyArn: string; keyId: string };
}

/** The bucket a data key is made for: its name, owner and Region. */
export interface KeyedBucket {
  readonly name: string;
  readonly owner: string;
  readonly region: string;
}

/** kms:ViaService for S3 in a Region. */
const viaS3 = (region: string): string => `s3.${region}.amazonaws.com`;

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

/**
 * Unsealed SSE-S3 data keys and derived frame keys kept for reads (each, at most this many):
 * a GET of a recently read object then skips unsealing its data key (AES-GCM) and deriving
 * its frame key (two HMACs). Key material stays in memory only, like KMS's unsealed material.
 */
const CACHED_KEYS = 4096;

export class DataKeys {
  /** SSE-S3 data keys by sealed key (the sealed string names one key: it is authenticated when first opened). */
  private readonly serviceKeys = new BoundedMap<string, Buffer>(CACHED_KEYS);
  /** Frame keys by sealed data key and blob salt; filled only by a read whose data key was opened (and authorized) first. */
  private readonly frameKeys = new BoundedMap<string, KeyObject>(CACHED_KEYS);

  constructor(
    private readonly serviceBox: () => SecretBox,
    private readonly kms: () => KmsPort | null,
  ) {}

  private kmsOrFail(): KmsPort {
    const kms = this.kms();
    if (!kms) throw new S3Error('KMS.NotFoundException', 'KMS is not available in this Gantry.', 400);
    return kms;
  }

  /** A new data key for an object (or a multipart upload) of `bucket`, from KMS in the bucket's Region. */
  newKey(requester: Requester, sse: SseChoice, bucket: KeyedBucket, key: string): { dataKey: Buffer; encryption: ObjectEncryption } {
    if (sse.algorithm === 'AES256') {
      const dataKey = randomBytesPooled(32);
      return {
        dataKey,
        encryption: { algorithm: 'AES256', kmsKeyArn: null, bucketKeyEnabled: false, sealedKey: this.serviceBox().seal(dataKey), context: null },
      };
    }
    const kms = this.kmsOrFail();
    const account = requester.account || bucket.owner;
    const context = { ...sse.context, 'aws:s3:arn': sse.bucketKeyEnabled ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${key}` };
    const keyRef = sse.kmsKeyId ?? kms.awsManagedKey(bucket.owner, bucket.region, 's3').keyArn;
    try {
      const generated = kms.generateDataKey(requester.authorize, account, bucket.region, keyRef, context, viaS3(bucket.region));
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

  /**
   * The ARN of the key `keyRef` (key id, key ARN, alias name or alias ARN) names, resolved in
   * `account` and `region` (the bucket's) as KMS resolves a bare id or alias for the requester; null when KMS has no such
   * key (the write then fails at KMS, after authorization, as on AWS). Reads no key material
   * and asks no permission: S3 needs the ARN for its s3:x-amz-server-side-encryption-aws-kms-key-id
   * condition key before it calls KMS.
   */
  keyArnOf(account: string, region: string, keyRef: string): string | null {
    const kms = this.kms();
    if (!kms) return null;
    try {
      return kms.describe(account, region, keyRef).keyArn;
    } catch (error) {
      if (error instanceof AwsError) return null;
      throw error;
    }
  }

  /**
   * The data key of an object or upload, as the requester (kms:Decrypt for SSE-KMS), from KMS in
   * the Region of the key that made it, which is its bucket's.
   */
  openKey(requester: Requester, encryption: ObjectEncryption, bucketOwner: string): Buffer {
    if (encryption.algorithm === 'AES256') return this.serviceBox().openBytes(encryption.sealedKey);
    const kms = this.kmsOrFail();
    const region = regionOfKeyArn(encryption.kmsKeyArn);
    try {
      const opened = kms.decrypt(
        requester.authorize, requester.account || bucketOwner, region, Buffer.from(encryption.sealedKey, 'base64'), { ...encryption.context }, viaS3(region),
      );
      return Buffer.from(opened.plaintext);
    } catch (error) {
      throw kmsFailure(error, 'kms:Decrypt', requester.arn);
    }
  }

  /**
   * The data key of an object being read, as the requester, for its blobs' frame keys. Every
   * call opens the key as openKey does, before any byte is read: for SSE-KMS that is KMS's
   * kms:Decrypt authorization and key state checks, each time (KMS itself may skip only the
   * unwrapping). What is kept is what follows from a key opened: an SSE-S3 key unsealed, and
   * frame keys derived (keyed by the sealed key, which names one data key).
   */
  readKey(requester: Requester, encryption: ObjectEncryption, bucketOwner: string): FrameKeySource {
    const sealed = encryption.sealedKey;
    const dataKey = encryption.algorithm === 'AES256'
      ? this.serviceKeys.get(sealed) ?? this.serviceKeys.set(sealed, this.serviceBox().openBytes(sealed))
      : this.openKey(requester, encryption, bucketOwner);
    return {
      frameKey: (salt) => {
        // The salt is 16 bytes (latin1: one char each), so the sealed key's end is never in doubt.
        const id = `${sealed}:${salt.toString('latin1')}`;
        return this.frameKeys.get(id) ?? this.frameKeys.set(id, frameKey(dataKey, salt));
      },
    };
  }
}

/** `arn:aws:kms:<region>:<account>:key/<id>`: the Region field. */
function regionOfKeyArn(arn: string | null): string {
  const region = arn === null ? undefined : parseArn(arn)?.region;
  if (!region) throw new Error(`an SSE-KMS record without a key ARN: ${String(arn)}`);
  return region;
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
