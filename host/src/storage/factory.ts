/**
 * Adapter construction: `createStore(config)` picks the storage engine named by `config.storage`, and
 * `runMigrations(config)` brings that engine's schema up to date (what `tessera migrate` runs).
 */
import { rollback, sqliteMigrationTarget, type MigrateResult, type MigrationProgress } from '@tessera/migrations';
import { userError } from '../errors/index.ts';
import type { Store } from './port.ts';
import { migrateElasticsearch, openElasticsearchStore } from './elasticsearch/index.ts';
import { createSqliteStore, migrateSqlite, openSqliteDatabase, sqliteFile } from './sqlite/index.ts';

/** Closed list of storage engines. */
export const STORAGE_KINDS = ['sqlite', 'elasticsearch'] as const;
/** A storage engine name (`STORAGE`). */
export type StorageKind = (typeof STORAGE_KINDS)[number];

/** The part of the host configuration the storage layer needs (the host's config module owns parsing it). */
export interface StoreConfig {
  /** `STORAGE`: which engine. */
  storage: StorageKind;
  /** `TESSERA_DATA_DIR`: where embedded engines keep their files. */
  dataDir: string;
  /** `PRODUCTION=yes`: use the production data set, kept apart from the staging one. */
  production: boolean;
  /** `SQLITE_WAL_COALESCE`: write the SQLite WAL through the coalescing VFS (default yes). */
  sqliteWalCoalesce?: boolean;
  /** `ELASTIC_HOST`, for the Elasticsearch adapter. */
  elasticHost?: string;
  /** `ELASTIC_INDEX_PREFIX`: base name of the Elasticsearch indices (default `tessera`). */
  elasticIndexPrefix?: string;
  /** `ELASTIC_INDEX_SHARDS` / `ELASTIC_INDEX_REPLICAS`: layout of the indices Tessera creates. */
  elasticShards?: number;
  elasticReplicas?: number;
}

function esOptions(config: StoreConfig) {
  return {
    node: config.elasticHost, production: config.production, base: config.elasticIndexPrefix,
    shards: config.elasticShards, replicas: config.elasticReplicas,
  };
}

/** Options of {@link createStore}. */
export interface CreateStoreOptions {
  /** Apply pending migrations while opening (default true; the host does this on start). */
  migrate?: boolean;
  /** Progress of those migrations. */
  onMigrationProgress?: (progress: MigrationProgress) => void;
  /** SQLite: extra ms to wait for more commits to group into one transaction (default 0: what arrives in one tick). */
  groupCommitWindowMs?: number;
  /**
   * SQLite: keep committed profiles and sessions in memory for reads by id. Only when this process is the sole writer
   * of the file (default false).
   */
  documentCache?: boolean;
}

/** Options of {@link runMigrations}. */
export interface RunMigrationsOptions {
  /** Only list what would run. */
  dryRun?: boolean;
  /** Progress events (the CLI draws a bar from `overall`). */
  onProgress?: (progress: MigrationProgress) => void;
}

function unsupported(storage: unknown): Error {
  return userError('invalid_config', `STORAGE must be one of ${STORAGE_KINDS.join(', ')}, got "${String(storage)}"`, 400, { field: 'STORAGE' });
}

/** Creates the store the configuration asks for. */
export async function createStore(config: StoreConfig, options: CreateStoreOptions = {}): Promise<Store> {
  switch (config.storage) {
    case 'sqlite':
      return createSqliteStore(sqliteFile(config.dataDir, config.production), {
        migrate: options.migrate, onMigrationProgress: options.onMigrationProgress, windowMs: options.groupCommitWindowMs,
        documentCache: options.documentCache, walCoalescing: config.sqliteWalCoalesce,
      });
    case 'elasticsearch':
      return openElasticsearchStore({ ...esOptions(config), migrate: options.migrate, onMigrationProgress: options.onMigrationProgress });
    default:
      throw unsupported(config.storage);
  }
}

/** Applies (or with `dryRun` lists) the pending migrations of the configured engine; safe to run twice. */
export async function runMigrations(config: StoreConfig, options: RunMigrationsOptions = {}): Promise<MigrateResult> {
  switch (config.storage) {
    case 'sqlite': {
      const db = openSqliteDatabase(sqliteFile(config.dataDir, config.production));
      try {
        return await migrateSqlite(db, options);
      } finally {
        db.close();
      }
    }
    case 'elasticsearch':
      return migrateElasticsearch({ ...esOptions(config), dryRun: options.dryRun, onProgress: options.onProgress });
    default:
      throw unsupported(config.storage);
  }
}

/**
 * Reverts applied migrations newer than `to` (every one when `to` is null), newest first; refuses up front when one
 * of them has no `down`. For operators undoing an upgrade; the host never calls it.
 */
export async function rollbackMigrations(config: StoreConfig, to: string | null, options: RunMigrationsOptions = {}): Promise<MigrateResult> {
  switch (config.storage) {
    case 'sqlite': {
      const db = openSqliteDatabase(sqliteFile(config.dataDir, config.production));
      try {
        return await rollback({ target: sqliteMigrationTarget(db), to, dryRun: options.dryRun, onProgress: options.onProgress });
      } finally {
        db.close();
      }
    }
    case 'elasticsearch':
      // SCALE-MODE SWITCH: Elasticsearch rollback plugs in here.
      throw userError('invalid_config', 'STORAGE=elasticsearch is not available yet', 400, { field: 'STORAGE' });
    default:
      throw unsupported(config.storage);
  }
}
