// The ECR engine's records in SQLite: repositories (settings, tags and policies as JSON),
// images (the manifest kept in its own column), tags, the layers each repository has, and
// uploads in progress. Deleting a repository deletes all of its rows. Migration ids 600+.

import type { RegistryStore } from '../engines/registry/registry-store.js';
import type { ImageRecord, LayerRecord, RepositoryKey, RepositoryRecord, UploadRecord } from '../engines/registry/registry-records.js';
import type { Migration } from './migrate.js';
import type { SqlDatabase } from './sql-database.js';

export const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    id: 600,
    name: 'ecr registry',
    sql: `
      CREATE TABLE ecr_repositories (
        account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (account, region, name));
      CREATE INDEX ecr_repositories_by_seq ON ecr_repositories (account, region, seq);
      CREATE TABLE ecr_images (
        account TEXT NOT NULL, region TEXT NOT NULL, repository TEXT NOT NULL, digest TEXT NOT NULL, seq INTEGER NOT NULL,
        record TEXT NOT NULL, manifest TEXT NOT NULL, PRIMARY KEY (account, region, repository, digest));
      CREATE INDEX ecr_images_by_seq ON ecr_images (account, region, repository, seq);
      CREATE TABLE ecr_tags (
        account TEXT NOT NULL, region TEXT NOT NULL, repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,
        PRIMARY KEY (account, region, repository, tag));
      CREATE TABLE ecr_layers (
        account TEXT NOT NULL, region TEXT NOT NULL, repository TEXT NOT NULL, digest TEXT NOT NULL, size INTEGER NOT NULL,
        PRIMARY KEY (account, region, repository, digest));
      CREATE INDEX ecr_layers_by_digest ON ecr_layers (digest);
      CREATE TABLE ecr_uploads (
        upload_id TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, repository TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX ecr_uploads_by_repository ON ecr_uploads (account, region, repository);
    `,
  },
];

type Row = Record<string, unknown>;
const k = (key: RepositoryKey) => [key.account, key.region, key.name] as const;

function image(row: Row | undefined): ImageRecord | null {
  if (!row) return null;
  return { ...(JSON.parse(String(row['record'])) as Omit<ImageRecord, 'manifest'>), manifest: String(row['manifest']) };
}

export class SqlRegistryStore implements RegistryStore {
  private readonly s;
  private seq = Date.now() * 1000;

  constructor(private readonly db: SqlDatabase) {
    const where = 'account = ? AND region = ? AND repository = ?';
    this.s = {
      getRepository: db.prepare('SELECT record FROM ecr_repositories WHERE account = ? AND region = ? AND name = ?'),
      putRepository: db.prepare(`INSERT INTO ecr_repositories (account, region, name, seq, record) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account, region, name) DO UPDATE SET record = excluded.record`),
      deleteRepository: db.prepare('DELETE FROM ecr_repositories WHERE account = ? AND region = ? AND name = ?'),
      deleteImages: db.prepare(`DELETE FROM ecr_images WHERE ${where}`),
      deleteTags: db.prepare(`DELETE FROM ecr_tags WHERE ${where}`),
      deleteLayers: db.prepare(`DELETE FROM ecr_layers WHERE ${where}`),
      deleteUploads: db.prepare(`DELETE FROM ecr_uploads WHERE ${where}`),
      listRepositories: db.prepare('SELECT record FROM ecr_repositories WHERE account = ? AND region = ? ORDER BY seq'),
      getImage: db.prepare(`SELECT record, manifest FROM ecr_images WHERE ${where} AND digest = ?`),
      putImage: db.prepare(`INSERT INTO ecr_images (account, region, repository, digest, seq, record, manifest) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account, region, repository, digest) DO UPDATE SET record = excluded.record, manifest = excluded.manifest`),
      deleteImage: db.prepare(`DELETE FROM ecr_images WHERE ${where} AND digest = ?`),
      deleteImageTags: db.prepare(`DELETE FROM ecr_tags WHERE ${where} AND digest = ?`),
      listImages: db.prepare(`SELECT record, manifest FROM ecr_images WHERE ${where} ORDER BY seq`),
      getTag: db.prepare(`SELECT digest FROM ecr_tags WHERE ${where} AND tag = ?`),
      putTag: db.prepare(`INSERT OR REPLACE INTO ecr_tags (account, region, repository, tag, digest) VALUES (?, ?, ?, ?, ?)`),
      deleteTag: db.prepare(`DELETE FROM ecr_tags WHERE ${where} AND tag = ?`),
      listTags: db.prepare(`SELECT tag, digest FROM ecr_tags WHERE ${where} ORDER BY tag`),
      getLayer: db.prepare(`SELECT size FROM ecr_layers WHERE ${where} AND digest = ?`),
      putLayer: db.prepare('INSERT OR REPLACE INTO ecr_layers (account, region, repository, digest, size) VALUES (?, ?, ?, ?, ?)'),
      listLayers: db.prepare(`SELECT digest, size FROM ecr_layers WHERE ${where} ORDER BY digest`),
      blobReferenced: db.prepare('SELECT 1 AS found FROM ecr_layers WHERE digest = ? LIMIT 1'),
      getUpload: db.prepare('SELECT record FROM ecr_uploads WHERE upload_id = ?'),
      putUpload: db.prepare('INSERT OR REPLACE INTO ecr_uploads (upload_id, account, region, repository, record) VALUES (?, ?, ?, ?, ?)'),
      deleteUpload: db.prepare('DELETE FROM ecr_uploads WHERE upload_id = ?'),
      listUploads: db.prepare(`SELECT upload_id FROM ecr_uploads WHERE ${where}`),
    };
  }

  /** Insertion order that survives restarts (time-based) and never repeats within a process. */
  private next(): number {
    this.seq = Math.max(this.seq + 1, Date.now() * 1000);
    return this.seq;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  getRepository(key: RepositoryKey): RepositoryRecord | null {
    const row = this.s.getRepository.get(...k(key)) as Row | undefined;
    return row ? (JSON.parse(String(row['record'])) as RepositoryRecord) : null;
  }

  putRepository(record: RepositoryRecord): void {
    this.s.putRepository.run(record.account, record.region, record.name, this.next(), JSON.stringify(record));
  }

  deleteRepository(key: RepositoryKey): void {
    this.db.transaction(() => {
      for (const statement of [this.s.deleteTags, this.s.deleteImages, this.s.deleteLayers, this.s.deleteUploads, this.s.deleteRepository]) {
        statement.run(...k(key));
      }
    });
  }

  listRepositories(account: string, region: string): RepositoryRecord[] {
    return (this.s.listRepositories.all(account, region) as Row[]).map((row) => JSON.parse(String(row['record'])) as RepositoryRecord);
  }

  getImage(key: RepositoryKey, digest: string): ImageRecord | null {
    return image(this.s.getImage.get(...k(key), digest) as Row | undefined);
  }

  putImage(record: ImageRecord): void {
    const { manifest, ...rest } = record;
    this.s.putImage.run(record.account, record.region, record.repository, record.digest, this.next(), JSON.stringify(rest), manifest);
  }

  deleteImage(key: RepositoryKey, digest: string): void {
    this.db.transaction(() => {
      this.s.deleteImageTags.run(...k(key), digest);
      this.s.deleteImage.run(...k(key), digest);
    });
  }

  listImages(key: RepositoryKey): ImageRecord[] {
    return (this.s.listImages.all(...k(key)) as Row[]).map((row) => image(row) as ImageRecord);
  }

  getTag(key: RepositoryKey, tag: string): string | null {
    const row = this.s.getTag.get(...k(key), tag) as Row | undefined;
    return row ? String(row['digest']) : null;
  }

  putTag(key: RepositoryKey, tag: string, digest: string): void {
    this.s.putTag.run(...k(key), tag, digest);
  }

  deleteTag(key: RepositoryKey, tag: string): void {
    this.s.deleteTag.run(...k(key), tag);
  }

  listTags(key: RepositoryKey): { tag: string; digest: string }[] {
    return (this.s.listTags.all(...k(key)) as Row[]).map((row) => ({ tag: String(row['tag']), digest: String(row['digest']) }));
  }

  getLayer(key: RepositoryKey, digest: string): LayerRecord | null {
    const row = this.s.getLayer.get(...k(key), digest) as Row | undefined;
    return row ? { account: key.account, region: key.region, repository: key.name, digest, size: Number(row['size']) } : null;
  }

  putLayer(record: LayerRecord): void {
    this.s.putLayer.run(record.account, record.region, record.repository, record.digest, record.size);
  }

  listLayers(key: RepositoryKey): LayerRecord[] {
    return (this.s.listLayers.all(...k(key)) as Row[]).map((row) => ({
      account: key.account, region: key.region, repository: key.name, digest: String(row['digest']), size: Number(row['size']),
    }));
  }

  blobReferenced(digest: string): boolean {
    return this.s.blobReferenced.get(digest) !== undefined;
  }

  getUpload(uploadId: string): UploadRecord | null {
    const row = this.s.getUpload.get(uploadId) as Row | undefined;
    return row ? (JSON.parse(String(row['record'])) as UploadRecord) : null;
  }

  putUpload(record: UploadRecord): void {
    this.s.putUpload.run(record.uploadId, record.account, record.region, record.repository, JSON.stringify(record));
  }

  deleteUpload(uploadId: string): void {
    this.s.deleteUpload.run(uploadId);
  }

  listUploads(key: RepositoryKey): string[] {
    return (this.s.listUploads.all(...k(key)) as Row[]).map((row) => String(row['upload_id']));
  }
}
