// Storage classes: which ones a general purpose bucket takes, the class a version or upload
// is kept in (STANDARD unless told), and the archived classes whose bytes are not readable
// until restored, which Gantry does not do (RestoreObject is NotImplemented).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (InvalidObjectState)

import { invalidStorageClass } from './s3-errors.js';

/**
 * The classes a general purpose bucket stores. The model lists more (OUTPOSTS, SNOW,
 * EXPRESS_ONEZONE, FSX_*), which belong to other kinds of storage: refused like unknown
 * names. [INFER] AWS's answer to those in a general purpose bucket is not documented.
 */
const BUCKET_STORAGE_CLASSES = [
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR',
] as const;

export type StorageClass = (typeof BUCKET_STORAGE_CLASSES)[number];

/** The class a request asks for (x-amz-storage-class); STANDARD when it names none. */
export function requestedStorageClass(value: string | undefined): StorageClass {
  if (value === undefined) return 'STANDARD';
  const known = BUCKET_STORAGE_CLASSES.find((c) => c === value);
  if (known === undefined) throw invalidStorageClass(value);
  return known;
}

/** A record's class: records keep it only when it is not STANDARD (older records have none). */
export function storageClassOf(record: { readonly storageClass?: StorageClass }): StorageClass {
  return record.storageClass ?? 'STANDARD';
}

/** The member to spread into a new record: nothing for STANDARD. */
export function storageClassMember(storageClass: StorageClass | undefined): { storageClass?: StorageClass } {
  return storageClass === undefined || storageClass === 'STANDARD' ? {} : { storageClass };
}

/** GLACIER (Flexible Retrieval) and DEEP_ARCHIVE: bytes readable only from a restored copy. GLACIER_IR is read directly. */
export function isArchived(storageClass: StorageClass): boolean {
  return storageClass === 'GLACIER' || storageClass === 'DEEP_ARCHIVE';
}
