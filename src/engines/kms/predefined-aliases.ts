// The AWS managed aliases that KMS lists in every account and Region before any key stands
// behind them: "The response might include several aliases that do not have a TargetKeyId
// field. These are predefined aliases that AWS has created but has not yet associated with a
// KMS key" (ListAliases API reference). The key is created on first use, by a service (S3) or
// by any KMS request naming the alias (managed-keys.ts, with what managed-key-specs.ts holds
// for each); from then on the stored alias, with its TargetKeyId, takes the place of the
// predefined one.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html

import { aliasArnOf } from './kms-context.js';
import { MANAGED_KEY_SPECS } from './managed-key-specs.js';

/**
 * The names a new account lists: one per AWS managed key Gantry can create (managed-key-specs.ts),
 * in name order. [INFER] AWS publishes no list; these are the ones moto and LocalStack both give,
 * which match the aliases a fresh account shows. Not every service here is served by Gantry; the
 * list is what a client sees on AWS.
 */
export const PREDEFINED_ALIASES: readonly string[] = Object.keys(MANAGED_KEY_SPECS).sort().map((service) => `alias/aws/${service}`);

/** A predefined alias with no key yet: a name and an ARN, nothing else. */
export interface PredefinedAlias {
  readonly name: string;
  readonly arn: string;
}

export function predefinedAliases(account: string, region: string): PredefinedAlias[] {
  return PREDEFINED_ALIASES.map((name) => ({ name, arn: aliasArnOf(region, account, name) }));
}
