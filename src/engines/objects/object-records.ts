// What S3 keeps about buckets, object versions, multipart uploads and parts. Bytes live in
// blob files (BlobStore); these records are the metadata, stored through ObjectStore.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingObjects.html

import type { StorageClass } from './storage-classes.js';

export type Versioning = 'Unversioned' | 'Enabled' | 'Suspended';
export type SseAlgorithm = 'AES256' | 'aws:kms';
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
/** How a multipart object's checksum is made: of the whole bytes, or of the parts' checksums (`-N`). */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';
/** S3 Object Ownership (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html). */
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
export const OBJECT_OWNERSHIPS: readonly ObjectOwnership[] = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A bucket's default encryption rule (every bucket has one: SSE-S3 unless told otherwise). */
export interface DefaultEncryption {
  readonly algorithm: SseAlgorithm;
  /** As configured (id, ARN or alias); null = the AWS managed key aws/s3. */
  readonly kmsKeyId: string | null;
  readonly bucketKeyEnabled: boolean;
  /**
   * True once PutBucketEncryption set the rule; absent for the SSE-S3 rule every bucket starts
   * with (and gets back from DeleteBucketEncryption). AWS tells the two apart: a configured rule
   * lets an object be copied onto itself unchanged, to re-encrypt it under that rule.
   */
  readonly configured?: true;
}

export interface BucketRecord {
  readonly name: string;
  /** The owning account. */
  readonly owner: string;
  readonly region: string;
  readonly created: string;
  /**
   * Random, made when the bucket is created: tells it from an earlier bucket of the same name
   * (deleted, then created again, even by its owner in the same millisecond). Absent for buckets
   * stored before Gantry kept it.
   */
  readonly incarnation?: string;
  versioning: Versioning;
  policy: string | null;
  encryption: DefaultEncryption;
  tags: Tag[] | null;
  /**
   * PublicAccessBlockConfiguration (four booleans); null = none. New buckets start with all four
   * true, as on AWS since April 2023; buckets stored before Gantry did so keep null (AWS did not
   * change existing buckets either).
   */
  publicAccessBlock: Record<string, boolean> | null;
  /**
   * The ownership controls rule; absent = none (ACL headers accepted, as for buckets AWS created
   * before April 2023 or after DeleteBucketOwnershipControls). New buckets start with
   * BucketOwnerEnforced unless CreateBucket names another; buckets stored before Gantry kept this
   * field have none, so they keep accepting ACL headers as they did.
   */
  objectOwnership?: ObjectOwnership;
  /** CORSRules as given. */
  cors: unknown[] | null;
}

/** How an object's data key is kept. */
export interface ObjectEncryption {
  readonly algorithm: SseAlgorithm;
  /** Key ARN for SSE-KMS. */
  readonly kmsKeyArn: string | null;
  readonly bucketKeyEnabled: boolean;
  /** SSE-S3: the data key sealed under the S3 service key. SSE-KMS: KMS's ciphertext blob, base64. */
  readonly sealedKey: string;
  /** The encryption context the data key was generated with (SSE-KMS). */
  readonly context: Readonly<Record<string, string>> | null;
}

/** One blob file holding part of an object's bytes, encrypted in frames. */
export interface Segment {
  readonly blobId: string;
  /** Plaintext bytes in the blob. */
  readonly size: number;
}

export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** base64, with `-N` for composite multipart checksums. */
  readonly value: string;
  readonly type: ChecksumType;
}

/** System and user metadata sent with a PUT and returned with GET/HEAD. */
export interface ContentHeaders {
  readonly contentType: string;
  readonly contentEncoding: string | null;
  readonly contentDisposition: string | null;
  readonly contentLanguage: string | null;
  readonly cacheControl: string | null;
  readonly expires: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ObjectVersionRecord {
  readonly bucket: string;
  readonly key: string;
  /** 'null' for objects written while versioning was off or suspended. */
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly lastModified: string;
  readonly size: number;
  /** Quoted, as S3 sends it. */
  readonly etag: string;
  readonly content: ContentHeaders;
  tags: Tag[];
  readonly checksum: StoredChecksum | null;
  readonly segments: readonly Segment[];
  readonly encryption: ObjectEncryption | null;
  readonly partsCount: number | null;
  /**
   * A COMPOSITE multipart object's parts, in the order of its segments (part i is segment i,
   * whose size it has), with their checksums in the object's algorithm: what GetObjectAttributes
   * lists of them (object-parts.ts). Absent for every other object, which lists no parts, and for
   * COMPOSITE objects completed before Gantry kept this (their parts' checksums are unknown).
   */
  readonly parts?: readonly CompletedPartRecord[];
  readonly owner: string;
  /** Absent for STANDARD (and in records written before classes were kept). */
  readonly storageClass?: StorageClass;
  /** x-amz-website-redirect-location as written; absent when the write named none. */
  readonly websiteRedirectLocation?: string;
}

/** What a COMPOSITE multipart object keeps of one of its parts besides its size (its segment's). */
export interface CompletedPartRecord {
  /**
   * The number it was uploaded under, in records written before parts were numbered by their
   * place (object-parts.ts); no longer written, and nothing reads it.
   */
  readonly partNumber?: number;
  /** base64 in the object's algorithm; null when not known. */
  readonly checksum: string | null;
}

export interface UploadRecord {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly owner: string;
  readonly initiator: string;
  readonly content: ContentHeaders;
  readonly tags: Tag[];
  readonly encryption: ObjectEncryption;
  readonly checksumAlgorithm: ChecksumAlgorithm | null;
  /** With an algorithm: how the object's checksum is made. Absent in records kept before it was: COMPOSITE. */
  readonly checksumType?: ChecksumType;
  /** The completed object's class; absent for STANDARD. */
  readonly storageClass?: StorageClass;
  /** The completed object's x-amz-website-redirect-location; absent when the create named none. */
  readonly websiteRedirectLocation?: string;
}

export interface PartRecord {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly blobId: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
  /** The part's checksum value in the upload's algorithm, base64. */
  readonly checksum: string | null;
  /**
   * A part of an upload created without an algorithm: its CRC64NVME (base64), which S3 computes
   * whatever checksum the part's request named, so that the object gets a FULL_OBJECT CRC64NVME
   * combined from them. Absent for parts of uploads with an algorithm, and for parts stored
   * before Gantry computed it (their object then has no checksum).
   */
  readonly crc64nvme?: string;
}
