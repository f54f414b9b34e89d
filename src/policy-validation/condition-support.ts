// Which condition keys an action supports: its own keys, those of its resource types in the
// action table, and those of the resource types' own table.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import type { CatalogAction, PolicyCatalog } from './types.js';

const templates = new Map<string, RegExp>();

/** `s3:ExistingObjectTag/${TagKey}` matches `s3:ExistingObjectTag/env`. */
function templateMatches(template: string, key: string): boolean {
  if (!template.includes('${')) return false;
  let re = templates.get(template);
  if (re === undefined) {
    const body = template
      .split(/\$\{[^}]*\}/)
      .map((x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.+');
    re = new RegExp(`^${body}$`, 'is');
    templates.set(template, re);
  }
  return re.test(key);
}

export function keyMatches(listed: string, key: string, canonical: string): boolean {
  const l = listed.toLowerCase();
  return l === key.toLowerCase() || l === canonical.toLowerCase() || templateMatches(listed, key);
}

export function actionSupportsKey(
  action: CatalogAction,
  service: string,
  key: string,
  canonical: string,
  catalog: PolicyCatalog,
): boolean {
  if (action.conditionKeys.some((k) => keyMatches(k, key, canonical))) return true;
  const types = catalog.resourceTypes(service) ?? [];
  for (const rt of action.resourceTypes) {
    if (rt.conditionKeys.some((k) => keyMatches(k, key, canonical))) return true;
    const def = types.find((t) => t.name.toLowerCase() === rt.name.toLowerCase());
    if (def?.conditionKeys.some((k) => keyMatches(k, key, canonical))) return true;
  }
  return false;
}
