// Wires Gantry together: the data directory (or memory), SQLite with its migrations, the
// master key, the identity engine, the decision point, the audit trail and the services.
// The first start bootstraps the first account and its root credentials.

import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../engines/audit/audit-log.js';
import { DecisionPoint } from '../authz/decision-point.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { systemClock, type Clock } from '../core/clock.js';
import { randomIds, type IdGenerator } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { secretBox } from '../core/secret-box.js';
import { createAccessKey } from '../engines/identity/access-keys.js';
import type { IdentityContext } from '../engines/identity/identity-context.js';
import { iamPrincipalExists } from '../engines/identity/principal-existence.js';
import { createKms, type Kms } from '../engines/kms/index.js';
import { collectGarbage, openObjectEngine } from '../engines/objects/object-engine.js';
import type { ObjectContext } from '../engines/objects/object-context.js';
import { TieredBlobStore } from '../engines/objects/tiered-blob-store.js';
import { organizationGuardrails } from '../engines/organizations/guardrails.js';
import type { OrganizationContext } from '../engines/organizations/organization-context.js';
import { adoptAccounts, joinOrganization } from '../engines/organizations/organization-tree.js';
import type { ContextValue } from '../iam/index.js';
import { MODEL_SERVICES } from '../protocols/index.js';
import { cloudtrailService } from '../services/cloudtrail/index.js';
import { iamService } from '../services/iam/index.js';
import { kmsService } from '../services/kms/index.js';
import { organizationsService } from '../services/organizations/index.js';
import { s3Service } from '../services/s3/index.js';
import type { ServiceDefinition } from '../services/service-types.js';
import { stsService } from '../services/sts/index.js';
import { DataDir, migrate, openDatabase, writeFileAtomicSync, type SqlDatabase } from '../store/index.js';
import { AUDIT_MIGRATIONS, SqlAuditStore } from '../store/sql-audit-store.js';
import { IDENTITY_MIGRATIONS, SqlIdentityStore } from '../store/sql-identity-store.js';
import { CachingIdentityStore } from '../engines/identity/caching-identity-store.js';
import { KMS_MIGRATIONS, SqlKmsStore } from '../store/sql-kms-store.js';
import { ORGANIZATION_MIGRATIONS, SqlOrganizationStore } from '../store/sql-organization-store.js';
import { FsBlobStore } from '../store/fs-blob-store.js';
import { OBJECT_MIGRATIONS, SqlObjectStore } from '../store/sql-object-store.js';
import { createRegistry, type Registry } from '../engines/registry/index.js';
import { ecrService } from '../services/ecr/index.js';
import { FsRegistryBlobs } from '../store/fs-registry-blobs.js';
import { REGISTRY_MIGRATIONS, SqlRegistryStore } from '../store/sql-registry-store.js';

export interface PlatformOptions {
  /** The data directory; null keeps everything in memory. */
  readonly dataDir: string | null;
  readonly accountId?: string;
  readonly region: string;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly auditRetention?: number;
}

export interface RootCredentials {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Platform {
  readonly identity: IdentityContext;
  readonly organizations: OrganizationContext;
  /** The KMS engine; other services use it as `KmsForServices`. */
  readonly kms: Kms;
  /** S3 buckets and objects (metadata in SQLite, bytes under `objects/`). */
  readonly objects: ObjectContext;
  /** ECR: repositories and images in SQLite, blobs under `registry/`; the registry's HTTP API uses it too. */
  readonly registry: Registry;
  readonly decisionPoint: DecisionPoint;
  readonly audit: AuditLog;
  readonly services: ReadonlyMap<string, ServiceDefinition>;
  readonly knownServices: ReadonlySet<string>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly region: string;
  readonly log: Logger;
  readonly dataDir: DataDir | null;
  /** The root credentials of every account Gantry created, by account id. */
  readonly roots: ReadonlyMap<string, RootCredentials>;
  organizationContext(account: string): Record<string, ContextValue>;
  /** Resolves once every commit so far is on disk (group commit: one WAL sync shared by the requests that wrote). */
  durable(): Promise<void>;
  close(): void;
}

const CREDENTIALS_FILE = 'root-credentials.json';

function masterKey(dataDir: DataDir | null): Buffer {
  if (!dataDir) return randomBytes(32);
  const path = dataDir.resolve('master.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  writeFileAtomicSync(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}

function readRoots(dataDir: DataDir | null): Map<string, RootCredentials> {
  if (!dataDir || !existsSync(dataDir.resolve(CREDENTIALS_FILE))) return new Map();
  const list = JSON.parse(readFileSync(dataDir.resolve(CREDENTIALS_FILE), 'utf8')) as RootCredentials[];
  return new Map(list.map((r) => [r.accountId, r]));
}

function randomAccountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(0, 10));
  return id;
}

export function openPlatform(options: PlatformOptions): Platform {
  const dataDir = options.dataDir === null ? null : DataDir.openSync(options.dataDir);
  // Group commit: requests commit without an fsync of their own; each answer waits for the one
  // WAL sync that covers its writes (durable(), awaited by the pipeline and the registry).
  const db: SqlDatabase = openDatabase(dataDir ? dataDir.resolve('gantry.db') : ':memory:', { groupCommit: true });
  migrate(db, [...IDENTITY_MIGRATIONS, ...ORGANIZATION_MIGRATIONS, ...KMS_MIGRATIONS, ...OBJECT_MIGRATIONS, ...REGISTRY_MIGRATIONS]);
  // The audit trail lives in its own database, synced less strictly: losing the last moments
  // of the trail in a crash is acceptable, an fsync per batch on the request path is not.
  // 64 KiB pages: a flushed batch (hundreds of KB of JSON lines) is a few page writes, not a hundred.
  const auditDb: SqlDatabase = openDatabase(dataDir ? dataDir.resolve('audit.db') : ':memory:', { pageSize: 65536 });
  auditDb.exec('PRAGMA synchronous = NORMAL');
  migrate(auditDb, AUDIT_MIGRATIONS);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const box = secretBox(masterKey(dataDir));
  const identityStore = new CachingIdentityStore(new SqlIdentityStore(db));
  const identity: IdentityContext = {
    store: identityStore,
    clock,
    ids,
    sealer: { seal: (plain) => box.seal(plain), open: (sealed) => box.open(sealed) },
  };
  const audit = new AuditLog(new SqlAuditStore(auditDb), {
    retention: options.auditRetention ?? 100_000,
    flushEveryMs: 200,
    batchSize: 500,
  });
  const roots = readRoots(dataDir);
  const organizations: OrganizationContext = {
    store: new SqlOrganizationStore(db),
    clock,
    ids,
    accounts: { exists: (id) => identity.store.getAccount(id) !== null, provision: (id) => void createAccount(platform, id) },
    changes: { revision: 0 },
  };
  const guardrails = organizationGuardrails(organizations);
  const principals = { exists: (arn: string) => iamPrincipalExists(identity, arn) };
  const kms = createKms({
    store: new SqlKmsStore(db),
    clock,
    region: options.region,
    box,
    principals,
  });
  // Object bytes: under the data directory, or a temporary directory removed on close.
  const blobRoot = dataDir ? dataDir.resolve('objects') : mkdtempSync(join(tmpdir(), 'gantry-objects-'));
  // Small objects' bytes are rows of the same database, written with the metadata naming them.
  const objectStore = new SqlObjectStore(db);
  const objects = openObjectEngine({
    store: objectStore, blobs: new TieredBlobStore(new FsBlobStore(blobRoot), objectStore.inlineBlobs), clock, region: options.region, masterBox: box,
    kms: () => kms,
    durable: () => db.durable(),
  });
  const registryRoot = dataDir ? dataDir.resolve('registry') : mkdtempSync(join(tmpdir(), 'gantry-registry-'));
  const registry = createRegistry({ store: new SqlRegistryStore(db), blobs: new FsRegistryBlobs(registryRoot), clock, box, kms });
  // S3's entry of the Service Authorization Reference, read on the first PutBucketPolicy and kept.
  let s3Catalog: ReturnType<typeof loadServiceCatalog> | undefined;
  const loadS3Catalog = () => (s3Catalog ??= loadServiceCatalog('s3'));
  collectGarbage(objects).catch((error: unknown) => options.log.error('object garbage collection failed', { error }));

  const platform: Platform = {
    identity,
    organizations,
    kms,
    objects,
    registry,
    decisionPoint: new DecisionPoint(guardrails),
    audit,
    services: new Map(
      [iamService(identity), stsService(identity), cloudtrailService(audit), organizationsService(organizations, identity), kmsService(kms),
        s3Service(objects, { catalog: loadS3Catalog, principals }), ecrService(registry)].map((s) => [s.name, s]),
    ),
    knownServices: new Set(MODEL_SERVICES),
    clock,
    ids,
    region: options.region,
    log: options.log,
    dataDir,
    roots,
    organizationContext: (account) => guardrails.principalContext(account),
    durable: () => db.durable(),
    close: () => {
      audit.flush();
      db.close();
      auditDb.close();
      if (!dataDir) rmSync(blobRoot, { recursive: true, force: true });
      if (!dataDir) rmSync(registryRoot, { recursive: true, force: true });
    },
  };
  if (identity.store.listAccounts().length === 0) {
    createAccount(platform, options.accountId ?? randomAccountId());
  }
  adoptAccounts(organizations, identity.store.listAccounts());
  if (dataDir) {
    // From here on, the requests of one event-loop turn commit together (SqlDatabase.batchWrites);
    // what start-up wrote is committed already. A batch that fails to commit takes cached records with it.
    db.batchWrites();
    db.onBatchLost(() => {
      identityStore.forgetAll();
      kms.forgetCaches();
    });
  }
  return platform;
}

/** Creates an account with root credentials, and records the credentials (mode 0600). */
export function createAccount(platform: Platform, accountId: string, parentId = 'r-root'): RootCredentials {
  const { identity } = platform;
  const root = identity.store.transaction(() => {
    if (identity.store.getAccount(accountId)) throw new Error(`account ${accountId} already exists`);
    identity.store.putAccount({ id: accountId, name: `account-${accountId}`, parentId, created: identity.clock.now().toISOString() });
    const key = createAccessKey(identity, accountId, null);
    joinOrganization(platform.organizations, accountId, parentId);
    return { accountId, accessKeyId: key.record.accessKeyId, secretAccessKey: key.secretAccessKey };
  });
  (platform.roots as Map<string, RootCredentials>).set(accountId, root);
  if (platform.dataDir) {
    writeFileAtomicSync(platform.dataDir.resolve(CREDENTIALS_FILE), `${JSON.stringify([...platform.roots.values()], null, 2)}\n`, { mode: 0o600 });
  }
  return root;
}
