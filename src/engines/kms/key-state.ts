// Which key states allow which operations, with the errors AWS returns for the others.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html

import { disabled, pendingDeletion, pendingImport, unavailable } from './kms-errors.js';
import type { KeyRecord } from './kms-records.js';

/** Cryptographic operations and CreateGrant: only an Enabled key. */
export function requireEnabled(key: KeyRecord): void {
  switch (key.state) {
    case 'Enabled':
      return;
    case 'Disabled':
      throw disabled(key.arn);
    case 'PendingDeletion':
      throw pendingDeletion(key.arn);
    case 'PendingImport':
      throw pendingImport(key.arn);
    default:
      throw unavailable(key.arn);
  }
}

/** Management operations that every state but PendingDeletion allows. */
export function requireNotPendingDeletion(key: KeyRecord): void {
  if (key.state === 'PendingDeletion') throw pendingDeletion(key.arn);
}

/** Rotation operations: Disabled keys answer DisabledException. */
export function requireRotatable(key: KeyRecord): void {
  requireNotPendingDeletion(key);
  if (key.state === 'Disabled') throw disabled(key.arn);
}
