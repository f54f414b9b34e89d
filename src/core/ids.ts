// Identifiers shaped like AWS's: access key ids (AKIA/ASIA), unique ids of users, roles,
// groups and policies (AIDA/AROA/AGPA/ANPA), secrets and request ids. Injected as an
// IdGenerator so that tests can make them predictable.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes

import { randomBytes, randomUUID } from 'node:crypto';

export type UniqueIdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA';

export interface IdGenerator {
  /** A 20-character id: the prefix and 16 characters of [A-Z2-7]. */
  uniqueId(prefix: UniqueIdPrefix): string;
  /** A 40-character secret access key. */
  secret(): string;
  /** A request id, a UUID. */
  requestId(): string;
  /** Opaque random token text of the given byte length, base64. */
  token(bytes: number): string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromAlphabet(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] as number) % alphabet.length];
  return out;
}

let lastMs = 0;
let sequence = 0;
/** The id's first 13 characters (`xxxxxxxx-xxxx-`) for lastMs. */
let msPrefix = '00000000-0000-';

/**
 * A UUID version 7 (RFC 9562): milliseconds first, then a counter and random bits. Request
 * ids index the audit trail, and time-ordered keys append to the index instead of landing
 * at random places in it.
 */
function timeOrderedUuid(): string {
  const ms = Date.now();
  if (ms === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    sequence = 0;
    lastMs = ms;
    const hex = ms.toString(16).padStart(12, '0');
    msPrefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-`;
  }
  // randomUUID draws from a pooled buffer (no system call per id); keep its random tail.
  const random = randomUUID();
  return `${msPrefix}7${sequence.toString(16).padStart(3, '0')}${random.slice(18)}`;
}

export const randomIds: IdGenerator = {
  uniqueId: (prefix) => prefix + fromAlphabet(BASE32, 16),
  secret: () => fromAlphabet(SECRET_ALPHABET, 40),
  requestId: () => timeOrderedUuid(),
  token: (bytes) => randomBytes(bytes).toString('base64'),
};
