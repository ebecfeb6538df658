/**
 * The Elasticsearch storage adapter (scale mode): open a store, run its migrations, inspect and drop previous
 * index versions.
 */
import { Client } from '@elastic/elasticsearch';
import { migrate, type MigrateResult, type MigrationProgress } from '@tessera/migrations';
import {
  ES_MIGRATIONS, describeIndices, dropPreviousIndices, elasticsearchMigrationTarget, planElasticsearchMigrations, type EsIndexInfo, type EsPlannedChange,
} from '@tessera/migrations';
import { ElasticsearchStore, assertMigrated, type EsStoreOptions } from './store.ts';

export { ElasticsearchStore, type EsStoreOptions } from './store.ts';

/** Options of {@link openElasticsearchStore}. */
export interface OpenEsStoreOptions extends EsStoreOptions {
  /** Apply pending migrations first (default true); false refuses to open an unmigrated installation. */
  migrate?: boolean;
  onMigrationProgress?: (progress: MigrationProgress) => void;
}

function targetFor(store: ElasticsearchStore, options: EsStoreOptions) {
  return elasticsearchMigrationTarget(store.client, {
    production: options.production, base: options.base, shards: options.shards, replicas: options.replicas, migrations: options.migrations,
  });
}

/** Opens the Elasticsearch store, migrating it first unless `migrate: false`. */
export async function openElasticsearchStore(options: OpenEsStoreOptions): Promise<ElasticsearchStore> {
  const store = new ElasticsearchStore(options);
  try {
    const target = targetFor(store, options);
    if (options.migrate !== false) await migrate({ target, onProgress: options.onMigrationProgress });
    await assertMigrated(store, (await target.applied()).map((a) => a.id), (options.migrations ?? ES_MIGRATIONS).map((m) => m.id));
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Applies (or with `dryRun` lists) the pending Elasticsearch migrations; safe to run twice. */
export async function migrateElasticsearch(
  options: EsStoreOptions & { dryRun?: boolean; onProgress?: (p: MigrationProgress) => void },
): Promise<MigrateResult> {
  const store = new ElasticsearchStore(options);
  try {
    return await migrate({ target: targetFor(store, options), dryRun: options.dryRun, onProgress: options.onProgress });
  } finally {
    await store.close();
  }
}

/** Lists the installation's physical indices, current and previous. */
export async function listElasticsearchIndices(options: { node: string; production?: boolean; base?: string }): Promise<EsIndexInfo[]> {
  const client = new Client({ node: options.node });
  try {
    return await describeIndices(client, options);
  } finally {
    await client.close();
  }
}

/** Deletes the indices migrations marked `previous` (an administrator's decision); returns their names. */
export async function dropPreviousElasticsearchIndices(options: { node: string; production?: boolean; base?: string; dryRun?: boolean }): Promise<string[]> {
  const client = new Client({ node: options.node });
  try {
    return await dropPreviousIndices(client, options);
  } finally {
    await client.close();
  }
}

/** The index work pending migrations would do (created indices, copies and their sizes); changes nothing. */
export async function planElasticsearchIndexChanges(options: { node: string; production?: boolean; base?: string }): Promise<EsPlannedChange[]> {
  const client = new Client({ node: options.node });
  try {
    return await planElasticsearchMigrations(client, options);
  } finally {
    await client.close();
  }
}
