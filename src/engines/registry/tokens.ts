// Authorization tokens: GetAuthorizationToken's password is sealed by the platform's secret
// box and names the caller's access key, the registry, the region and the expiry (12 hours),
// so the registry can authorize every call as the principal who asked for the token, with
// that principal's policies at the time of the call. Download URLs are sealed the same way.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html

import type { RegistryContext } from './registry-context.js';

/** "The authorization token is valid for 12 hours." */
export const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** [INFER] Download URLs live as long as a presigned S3 URL of ECR's: short. */
export const DOWNLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

export interface TokenClaims {
  readonly accessKeyId: string;
  /** The registry (account) the token was asked for. */
  readonly registry: string;
  readonly region: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const TOKEN_AAD = 'gantry-ecr-token-v1';
const DOWNLOAD_AAD = 'gantry-ecr-download-v1';

export function issueToken(ctx: RegistryContext, accessKeyId: string, registry: string, region: string): { password: string; claims: TokenClaims } {
  const issuedAt = ctx.clock.now().getTime();
  const claims: TokenClaims = { accessKeyId, registry, region, issuedAt, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
  return { password: ctx.box.seal(JSON.stringify(claims), TOKEN_AAD), claims };
}

/** The base64 of `AWS:<password>`, as GetAuthorizationToken returns it. */
export function authorizationToken(password: string): string {
  return Buffer.from(`AWS:${password}`).toString('base64');
}

/** The claims of a password Gantry sealed, or null (expired tokens still read: the caller says "expired"). */
export function readToken(ctx: RegistryContext, password: string): TokenClaims | null {
  try {
    const claims = JSON.parse(ctx.box.open(password, TOKEN_AAD)) as TokenClaims;
    return typeof claims.accessKeyId === 'string' && typeof claims.expiresAt === 'number' ? claims : null;
  } catch {
    return null;
  }
}

export interface DownloadClaims {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  readonly expiresAt: number;
}

export function sealDownload(ctx: RegistryContext, claims: Omit<DownloadClaims, 'expiresAt'>): string {
  return ctx.box.seal(JSON.stringify({ ...claims, expiresAt: ctx.clock.now().getTime() + DOWNLOAD_URL_LIFETIME_MS }), DOWNLOAD_AAD);
}

/** The claims of a download URL's seal when it is valid now, else null. */
export function openDownload(ctx: RegistryContext, sealed: string): DownloadClaims | null {
  try {
    const claims = JSON.parse(ctx.box.open(sealed, DOWNLOAD_AAD)) as DownloadClaims;
    return claims.expiresAt > ctx.clock.now().getTime() ? claims : null;
  } catch {
    return null;
  }
}
