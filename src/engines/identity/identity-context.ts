// What every identity operation needs: the store, time, ids and the sealer for secrets.

import type { Clock } from '../../core/clock.js';
import type { IdGenerator } from '../../core/ids.js';
import type { IdentityStore } from './identity-store.js';

/** Seals secrets before they are stored and opens them for signature checks. */
export interface SecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export interface IdentityContext {
  readonly store: IdentityStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sealer: SecretSealer;
}

export function isoNow(ctx: IdentityContext): string {
  return ctx.clock.now().toISOString();
}
