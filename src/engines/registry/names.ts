// ECR names and addresses: repository names, ARNs, registry hosts (`127.0.0.1:<port>` and
// `<account>.dkr.ecr.<region>.<suffix>`) and image URIs in both forms, which everything in
// Gantry that takes an image URI reads with `parseImageUri`.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/Repositories.html

/** [MODEL] RepositoryName: 2-256, lower case, namespaces with `/`. */
export const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** OCI tag grammar (distribution-spec "Pulling manifests"); ECR allows up to 300 characters. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,299}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** `<account>.dkr.ecr.<region>.<suffix>[:port]`: the account and region of the registry. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.[A-Za-z0-9.-]+(?::\d+)?$/;

export function isRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && REPOSITORY_NAME.test(name);
}

export function repositoryArn(region: string, account: string, name: string): string {
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

/** The repository an ARN names, or null when it is not an ECR repository ARN. */
export function parseRepositoryArn(arn: string): { region: string; account: string; name: string } | null {
  const match = /^arn:aws[a-z-]*:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/.exec(arn);
  if (!match) return null;
  return { region: match[1] as string, account: match[2] as string, name: match[3] as string };
}

/** The registry an ECR-shaped host names; null for any other host (127.0.0.1:<port>, localhost). */
export function ecrHost(host: string): { account: string; region: string } | null {
  const match = ECR_HOST.exec(host.toLowerCase());
  return match ? { account: match[1] as string, region: match[2] as string } : null;
}

export interface ImageUri {
  /** host[:port] as written. */
  readonly registry: string;
  /** From an ECR-shaped host; null for `127.0.0.1:<port>`. */
  readonly account: string | null;
  readonly region: string | null;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

/**
 * Reads `<host>/<repository>[:tag][@sha256:…]` (either host form). Null when it is not an
 * image URI (no host, a bad repository name, tag or digest). A URI with neither tag nor
 * digest means `latest`, as docker reads it.
 */
export function parseImageUri(uri: string): ImageUri | null {
  const slash = uri.indexOf('/');
  if (slash <= 0) return null;
  const registry = uri.slice(0, slash);
  if (!registry.includes('.') && !registry.includes(':') && registry !== 'localhost') return null;
  let rest = uri.slice(slash + 1);
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return null;
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!IMAGE_TAG.test(tag)) return null;
  }
  if (!isRepositoryName(rest)) return null;
  const ecr = ecrHost(registry);
  return { registry, account: ecr?.account ?? null, region: ecr?.region ?? null, repository: rest, tag: tag ?? (digest ? null : 'latest'), digest };
}
