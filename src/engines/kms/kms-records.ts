// The KMS engine's records: keys (metadata and policy, never material), sealed key material
// versions, aliases and grants. Plain data, stored by the port in kms-store.ts.

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';

export interface KmsTag {
  readonly TagKey: string;
  readonly TagValue: string;
}

export interface KeyRotation {
  readonly enabled: boolean;
  /** RotationPeriodInDays, 90-2560; 365 by default. */
  readonly periodDays: number;
  readonly nextRotationDate: string | null;
  readonly onDemandStartDate: string | null;
}

export interface KeyRecord {
  readonly keyId: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly description: string;
  readonly keyUsage: 'ENCRYPT_DECRYPT';
  readonly keySpec: 'SYMMETRIC_DEFAULT';
  readonly origin: 'AWS_KMS';
  readonly keyManager: 'CUSTOMER' | 'AWS';
  readonly state: KeyState;
  readonly creationDate: string;
  readonly deletionDate: string | null;
  readonly pendingWindowInDays: number | null;
  /** The key policy exactly as given (or the default), returned by GetKeyPolicy. */
  readonly policy: string;
  /** Bumped when the policy or the grants change, so compiled policies can be cached. */
  readonly revision: number;
  readonly tags: readonly KmsTag[];
  readonly rotation: KeyRotation;
  /** The material version new ciphertexts use; every older version is kept for decryption. */
  readonly currentVersion: number;
}

export interface KeyMaterialRecord {
  readonly keyId: string;
  /** 1 for the original material, then one more for each rotation. */
  readonly version: number;
  /** KeyMaterialId as KMS reports it: 64 hex characters. */
  readonly materialId: string;
  readonly created: string;
  readonly rotationType: 'AUTOMATIC' | 'ON_DEMAND' | null;
  /** The 256-bit material sealed by the platform's secret box (never stored in the clear). */
  readonly sealed: string;
}

export interface AliasRecord {
  readonly account: string;
  readonly region: string;
  /** `alias/name`. */
  readonly name: string;
  readonly arn: string;
  readonly targetKeyId: string;
  readonly creationDate: string;
  readonly lastUpdatedDate: string;
}

export interface GrantConstraints {
  readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
  readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
}

export interface GrantRecord {
  readonly grantId: string;
  readonly keyId: string;
  readonly keyArn: string;
  readonly name: string | null;
  readonly creationDate: string;
  readonly granteePrincipal: string;
  readonly retiringPrincipal: string | null;
  readonly issuingAccount: string;
  readonly operations: readonly string[];
  readonly constraints: GrantConstraints | null;
}
