// A PolicyCatalog over plain data, filled by the iam-data adapter (src/catalog) or by tests.
// Data follows the Service Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
import type { CatalogAction, CatalogConditionKey, CatalogResourceType, PolicyCatalog } from './types.js';

export interface CatalogData {
  /** Every known service prefix. */
  readonly services: readonly string[];
  /** Actions per loaded service prefix. */
  readonly actions: Readonly<Record<string, readonly CatalogAction[]>>;
  readonly resourceTypes: Readonly<Record<string, readonly CatalogResourceType[]>>;
  /** Condition keys by name; names may be templates such as `aws:RequestTag/${TagKey}`. */
  readonly conditionKeys: readonly CatalogKeyEntry[];
}

/** A catalog key, with other spellings (as written in a policy) that resolve to it. */
export interface CatalogKeyEntry extends CatalogConditionKey {
  readonly aliases?: readonly string[];
}

function templateRegex(template: string): RegExp {
  const body = template
    .split(/\$\{[^}]*\}/)
    .map((x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${body}$`, 'is');
}

export function createStaticCatalog(data: CatalogData): PolicyCatalog {
  const lower = (r: Readonly<Record<string, readonly unknown[]>>) =>
    new Map(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
  const actions = lower(data.actions) as Map<string, readonly CatalogAction[]>;
  const resourceTypes = lower(data.resourceTypes) as Map<string, readonly CatalogResourceType[]>;
  const services = data.services.map((s) => s.toLowerCase());
  const exact = new Map<string, CatalogConditionKey>();
  const templated: [RegExp, CatalogConditionKey][] = [];
  for (const k of data.conditionKeys) {
    const key: CatalogConditionKey = { key: k.key, type: k.type };
    for (const name of [k.key, ...(k.aliases ?? [])]) {
      if (!exact.has(name.toLowerCase())) exact.set(name.toLowerCase(), key);
    }
    if (k.key.includes('${')) templated.push([templateRegex(k.key), key]);
  }
  return {
    serviceNames: () => services,
    actions: (service) => actions.get(service.toLowerCase()),
    resourceTypes: (service) => resourceTypes.get(service.toLowerCase()),
    conditionKey: (name) => exact.get(name.toLowerCase()) ?? templated.find(([re]) => re.test(name))?.[1],
  };
}
