// The KMS engine: symmetric keys with sealed, rotating material; key policies and grants
// evaluated by the IAM engine; aliases; key states. What other engines and services use.
//
// Contract for services that encrypt through KMS (S3's SSE-KMS):
// - `platform.kms` is a `Kms`, which is a `KmsForServices` (plus the context the KMS
//   service itself needs). Code against `KmsForServices`.
// - Every call names the Region whose KMS it asks: the service resource's (an S3 bucket's).
// - `describe(account, region, keyRef)` resolves a key id, key ARN, alias name or alias ARN (ARNs may
//   name another account) and reports the key ARN, id and state. No authorization.
// - `generateDataKey(authorize, callerAccount, region, keyRef, context, via)` and
//   `decrypt(authorize, callerAccount, region, blob, context, via)` act as the caller: pass the
//   request context's `authorize` (ctx.authorize), the caller's account, the encryption
//   context S3 binds (e.g. {'aws:s3:arn': 'arn:aws:s3:::bucket/key'}) and `via`
//   ('s3.<region>.amazonaws.com', the kms:ViaService value). The data key is 32 bytes
//   (AES_256). Decrypt finds the key from the blob.
// - `describeKey(authorize, callerAccount, region, keyRef, via)` and
//   `createGrant(authorize, callerAccount, region, keyRef, grant, via)` are kms:DescribeKey and
//   kms:CreateGrant as the caller through a service (ECR's check of a repository's key; the grant
//   carries kms:GrantIsForAWSResource true).
// - `awsManagedKey(account, region, 's3')` returns the account's aws/s3 key in that Region, created on first use
//   (any predefined alias's service works: managed-key-specs.ts).
// - Failures throw `AwsError` with KMS codes (NotFoundException, DisabledException,
//   KMSInvalidStateException, InvalidCiphertextException, AccessDeniedException for a
//   ciphertext whose key is gone, ...) — S3 prefixes them `KMS.` — or whatever `authorize`
//   throws (the decision point's AccessDeniedError), which is never caught here.

import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/secret-box.js';
import { CachingKmsStore } from './caching-kms-store.js';
import { forgetMaterials } from './key-material.js';
import type { KmsContext, PrincipalDirectory } from './kms-context.js';
import { kmsForServices, type KmsForServices } from './kms-for-services.js';
import type { KmsStore } from './kms-store.js';

export type { Authorize, KeyAccessCheck, KmsCall } from './access.js';
export type { KmsForServices } from './kms-for-services.js';
export type { KmsContext, PrincipalDirectory } from './kms-context.js';
export type { KmsStore } from './kms-store.js';
export type { ListedAlias } from './aliases.js';
export type { AliasRecord, GrantRecord, KeyMaterialRecord, KeyRecord, KeyState, KmsTag } from './kms-records.js';

/** The engine as the platform holds it: the internal API, and the context for the KMS service. */
export interface Kms extends KmsForServices {
  readonly context: KmsContext;
  /** Drops cached records and unsealed material (a batch of writes they may come from did not commit). */
  forgetCaches(): void;
}

export function createKms(deps: { store: KmsStore; clock: Clock; region: string; box: SecretBox; principals: PrincipalDirectory }): Kms {
  const materials = new Map<string, Buffer>();
  // Records are cached in front of the store; unsealed material is dropped whenever the store changes.
  const store = new CachingKmsStore(deps.store, () => forgetMaterials(materials));
  const context: KmsContext = { ...deps, store, policies: new Map(), materials };
  return { ...kmsForServices(context), context, forgetCaches: () => store.forgetAll() };
}
