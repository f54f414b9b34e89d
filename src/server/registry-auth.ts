// Who a registry request speaks for: HTTP Basic with user `AWS` and the password of an ECR
// authorization token (the principal who asked for it, with that principal's policies now),
// and which registry it addresses: the account and region of an ECR-shaped Host header
// (`<account>.dkr.ecr.<region>.<suffix>`), else the registry the token was issued for.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html

import type { IncomingMessage } from 'node:http';
import type { Caller } from '../engines/identity/callers.js';
import { resolveCaller } from '../engines/identity/callers.js';
import { ecrHost } from '../engines/registry/index.js';
import { readToken, type TokenClaims } from '../engines/registry/tokens.js';
import type { Platform } from './platform.js';
import { notAuthorized, tokenExpired, type RegistryError } from './registry-http.js';

export interface RegistryIdentity {
  readonly caller: Caller;
  readonly claims: TokenClaims;
  /** The registry addressed: account and region. */
  readonly account: string;
  readonly region: string;
}

export type Authentication = { ok: true; identity: RegistryIdentity } | { ok: false; error: RegistryError; accessKeyId: string | null };

export function hostOf(req: IncomingMessage): string {
  return req.headers.host ?? '127.0.0.1';
}

/** The password of a Basic header for user AWS, or null. */
function basicPassword(header: string | undefined): string | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && decoded.slice(0, colon) === 'AWS' ? decoded.slice(colon + 1) : null;
}

/**
 * The caller behind a token. A token outlives the session that asked for it (12 hours), so
 * an expired session still speaks for its role: it is resolved as of the token's issue time,
 * while the policies that apply are the ones in force now.
 */
function callerOf(platform: Platform, claims: TokenClaims): Caller | null {
  const now = resolveCaller(platform.identity, claims.accessKeyId);
  if (now.ok) return now.caller;
  if (now.reason !== 'expired') return null;
  const then = resolveCaller({ ...platform.identity, clock: { now: () => new Date(claims.issuedAt) } }, claims.accessKeyId);
  return then.ok ? then.caller : null;
}

export function authenticate(platform: Platform, req: IncomingMessage): Authentication {
  const host = hostOf(req);
  const password = basicPassword(req.headers.authorization);
  const claims = password === null ? null : readToken(platform.registry.context, password);
  if (!claims) return { ok: false, error: notAuthorized(host), accessKeyId: null };
  if (claims.expiresAt <= platform.clock.now().getTime()) return { ok: false, error: tokenExpired(), accessKeyId: claims.accessKeyId };
  const caller = callerOf(platform, claims);
  if (!caller) return { ok: false, error: notAuthorized(host), accessKeyId: claims.accessKeyId };
  const named = ecrHost(host);
  // Tokens are regional: one from another region does not open this registry.
  if (named && named.region !== claims.region) return { ok: false, error: notAuthorized(host), accessKeyId: claims.accessKeyId };
  return { ok: true, identity: { caller, claims, account: named?.account ?? claims.registry, region: claims.region } };
}
