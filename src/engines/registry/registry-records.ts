// What the ECR engine keeps: repositories (settings, tags, policies), images (the manifest
// bytes by digest), tags pointing at digests, layers known to a repository (the bytes are
// content-addressed blobs shared by every repository) and uploads in progress.

export interface EcrTag {
  readonly Key: string;
  readonly Value: string;
}

export interface TagMutabilityFilter {
  readonly filterType: string;
  readonly filter: string;
}

export interface RepositoryRecord {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly imageTagMutability: string;
  readonly imageTagMutabilityExclusionFilters: readonly TagMutabilityFilter[];
  readonly scanOnPush: boolean;
  readonly encryptionType: string;
  readonly kmsKey: string | null;
  readonly tags: readonly EcrTag[];
  /** The repository policy text as set, or null. */
  readonly policy: string | null;
  readonly lifecyclePolicy: string | null;
  readonly lifecycleEvaluatedAt: string | null;
}

export interface ImageRecord {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  readonly mediaType: string;
  /** The manifest exactly as pushed (its sha256 is the digest). */
  readonly manifest: string;
  readonly size: number;
  readonly pushedAt: string;
  readonly artifactMediaType: string | null;
  readonly subject: string | null;
  /** Digests of the manifests an image index names. */
  readonly children: readonly string[];
  /** Digests of the blobs (config and layers) an image manifest names. */
  readonly blobs: readonly string[];
  readonly lastPulledAt: string | null;
}

export interface LayerRecord {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  readonly size: number;
}

export interface UploadRecord {
  readonly uploadId: string;
  readonly account: string;
  readonly region: string;
  readonly repository: string;
  readonly createdAt: string;
}

/** A repository in one registry: account and region, and its name. */
export interface RepositoryKey {
  readonly account: string;
  readonly region: string;
  readonly name: string;
}
