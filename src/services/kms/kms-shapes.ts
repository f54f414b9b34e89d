// KMS response shapes built from engine records: KeyMetadata, alias and grant list entries.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html

import type { GrantRecord, KeyRecord, ListedAlias } from '../../engines/kms/index.js';

export function keyMetadata(key: KeyRecord, materialId?: string): Record<string, unknown> {
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.deletionDate !== null ? { DeletionDate: key.deletionDate } : {}),
    // No PendingDeletionWindowInDays: it is "present only when the KeyState of the KMS key is
    // PendingReplicaDeletion" (a multi-Region primary key; KeyMetadata API reference). A
    // single-Region key scheduled for deletion shows its DeletionDate alone.
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...(materialId !== undefined ? { CurrentKeyMaterialId: materialId } : {}),
  };
}

/** A predefined AWS alias whose key does not exist yet has a name and an ARN only (ListAliases API reference). */
export function aliasEntry(alias: ListedAlias): Record<string, unknown> {
  if (!('targetKeyId' in alias)) return { AliasName: alias.name, AliasArn: alias.arn };
  return {
    AliasName: alias.name,
    AliasArn: alias.arn,
    TargetKeyId: alias.targetKeyId,
    CreationDate: alias.creationDate,
    LastUpdatedDate: alias.lastUpdatedDate,
  };
}

export function grantEntry(grant: GrantRecord): Record<string, unknown> {
  return {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    ...(grant.name !== null ? { Name: grant.name } : {}),
    CreationDate: grant.creationDate,
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal !== null ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    IssuingAccount: grant.issuingAccount,
    Operations: grant.operations,
    ...(grant.constraints !== null ? { Constraints: grant.constraints } : {}),
  };
}
