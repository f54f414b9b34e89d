// KMS key rotation operations: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
// RotateKeyOnDemand, ListKeyRotations.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html

import type { Kms } from '../../engines/kms/index.js';
import {
  disableKeyRotation, enableKeyRotation, getKeyRotationStatus, listKeyRotations, rotateKeyOnDemand,
} from '../../engines/kms/rotation.js';
import type { OperationHandler } from '../service-types.js';
import { callOf, optNum, optStr, page, str } from './kms-input.js';

export function rotationOperations(kms: Kms): Record<string, OperationHandler> {
  const k = kms.context;
  return {
    EnableKeyRotation: (input, ctx) => (enableKeyRotation(k, callOf(ctx), str(input, 'KeyId'), optNum(input, 'RotationPeriodInDays')), {}),
    DisableKeyRotation: (input, ctx) => (disableKeyRotation(k, callOf(ctx), str(input, 'KeyId')), {}),
    GetKeyRotationStatus: (input, ctx) => {
      const key = getKeyRotationStatus(k, callOf(ctx), str(input, 'KeyId'));
      // "While a KMS key is pending deletion, its key rotation status is false ... If you cancel the
      // deletion, the original key rotation status is restored" (GetKeyRotationStatus API reference):
      // the stored setting is kept, and shown again once the key leaves PendingDeletion.
      const enabled = key.rotation.enabled && key.state !== 'PendingDeletion';
      return {
        KeyRotationEnabled: enabled,
        KeyId: key.arn,
        ...(enabled ? { RotationPeriodInDays: key.rotation.periodDays } : {}),
        ...(enabled && key.rotation.nextRotationDate !== null ? { NextRotationDate: key.rotation.nextRotationDate } : {}),
        // OnDemandRotationStartDate names an on-demand rotation still in progress; Gantry's finish at once, so it never appears.
      };
    },
    RotateKeyOnDemand: (input, ctx) => ({ KeyId: rotateKeyOnDemand(k, callOf(ctx), str(input, 'KeyId')).arn }),
    ListKeyRotations: (input, ctx) => {
      const allMaterial = optStr(input, 'IncludeKeyMaterial') === 'ALL_KEY_MATERIAL';
      const { key, rotations } = listKeyRotations(k, callOf(ctx), str(input, 'KeyId'), allMaterial);
      const { items, more } = page(rotations, input);
      return {
        Rotations: items.map((m) => ({
          KeyId: key.arn,
          KeyMaterialId: m.materialId,
          // CURRENT encrypts and decrypts, NON_CURRENT only decrypts; "used for all KMS keys that
          // support automatic or on-demand key rotation" (RotationsListEntry API reference).
          KeyMaterialState: m.version === key.currentVersion ? 'CURRENT' : 'NON_CURRENT',
          // "There is no rotation date associated with the first ... key material" (list-rotations.html).
          ...(m.version > 1 ? { RotationDate: m.created, RotationType: m.rotationType ?? 'AUTOMATIC' } : {}),
        })),
        ...more,
      };
    },
  };
}
